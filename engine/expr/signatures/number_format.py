"""Type rules of to_number / try_to_number / to_char: the format must be a constant, and
to_number's result is the decimal(precision, scale) its format spells out."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.number_format import parse_format
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, types_of, unexpected_type

S = T.StringType()


def constant_format(name: str, args: Sequence[object]) -> str | None:
    """The literal format argument (None for a NULL format); a column is Spark's NON_FOLDABLE_INPUT."""
    value = literal_value(args[1], args)
    if value is args:
        call = expr_sql(name, args)
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{call}" due to data type mismatch: the input '
            f'`format` should be a foldable "STRING" expression; however, got "{sql_name(args[1])}".',  # type: ignore[arg-type]
            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        )
    return value  # type: ignore[return-value]


def _to_number(name: str, nullable: bool | None):  # type: ignore[no-untyped-def]
    def rule(args: Sequence[object]) -> Signature:
        fmt = constant_format(name, args)
        out = parse_format(fmt).dtype if fmt is not None else T.DecimalType(38, 18)
        return Signature(out, (S, S), nullable)

    return rule


function("to_number", min_args=2, max_args=2)(_to_number("to_number", None))
function("try_to_number", min_args=2, max_args=2)(_to_number("try_to_number", True))


@function("to_char", min_args=2, max_args=2, aliases=("to_varchar",))
def _to_char(args: Sequence[object]) -> Signature:
    """Numbers only (Spark routes dates to date_format and binaries to base64/hex)."""
    t = types_of(args)[0]
    if not (T.is_numeric(t) or isinstance(t, T.NullType)):
        raise unexpected_type("to_char", args, 0, '"NUMERIC"')
    fmt = constant_format("to_char", args)
    if fmt is not None:
        parse_format(fmt)
    return Signature(S, (None, S), True if isinstance(t, (T.FloatType, T.DoubleType)) else None)
