"""Type rule of listagg / string_agg: strings (or binaries) joined by a constant delimiter.

Arguments are ``(value, delimiter, *sort orders)``; the SQL front end turns ``WITHIN GROUP
(ORDER BY ...)`` into the trailing `SortOrder` arguments, which keep their own types.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.nodes import SortOrder
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, types_of, unexpected_type

_NOT_CONSTANT = object()


def _pretty(name: str, args: list[str]) -> str:
    """``listagg(t, NULL)``; with sort keys Spark names either alias ``listagg(...) WITHIN GROUP (...)``."""
    head = f"({args[0]}, {args[1] if len(args) > 1 else 'NULL'})"
    if len(args) > 2:
        return f"listagg{head} WITHIN GROUP (ORDER BY {', '.join(args[2:])})"
    return f"{name}{head}"


def _rule(name: str):  # type: ignore[no-untyped-def]
    def rule(args: Sequence[object]) -> Signature:
        t = types_of(args)[0]
        if isinstance(t, (T.ArrayType, T.MapType, T.StructType)):
            raise unexpected_type(name, args, 0, '("STRING" or "BINARY")')
        if len(args) > 1 and not isinstance(args[1], SortOrder):
            if literal_value(args[1], _NOT_CONSTANT) is _NOT_CONSTANT:
                raise _non_foldable(name, args)
        out: T.DataType = T.BinaryType() if isinstance(t, T.BinaryType) else T.StringType()
        return Signature(out, (out, out, *(None for _ in args[2:]))[: len(args)], nullable=True)

    return rule


def _non_foldable(name: str, args: Sequence[object]) -> AnalysisException:
    call = expr_sql(name, args)
    msg = (
        f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{call}" due to data type mismatch: the input '
        f'`delimiter` should be a foldable "STRING" expression; however, got "{sql_name(args[1])}".'  # type: ignore[arg-type]
    )
    return AnalysisException(msg, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", {"sqlExpr": f'"{call}"'})


for _name in ("listagg", "string_agg"):
    function(_name, "aggregate", min_args=1, max_args=None, pretty=_pretty)(_rule(_name))

