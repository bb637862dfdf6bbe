"""Type rule of count_min_sketch(x, eps, confidence, seed): a BINARY sketch of integers, strings
or binaries, with eps and confidence in range and a constant seed."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import call_sql, sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import literal_value, types_of, unexpected_type


def _out_of_range(args: Sequence[object], what: str, bounds: str, value: float) -> AnalysisException:
    from engine.types.java_text import java_double

    text = call_sql("count_min_sketch", [sql_name(a) for a in args], False)  # type: ignore[arg-type]
    return AnalysisException(
        f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{text}" due to data type mismatch: The {what} '
        f"must be between {bounds} (current value = {java_double(value)}D).",
        "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
    )


def _number(value: object) -> float | None:
    """A constant's value as a float (a typed SQL literal such as 0.5D holds its text), else None."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


@function("count_min_sketch", "aggregate", min_args=4, max_args=4)
def _count_min_sketch(args: Sequence[object]) -> Signature:
    types = types_of(args)
    if not (T.is_integral(types[0]) or isinstance(types[0], (T.StringType, T.BinaryType, T.NullType))):
        raise unexpected_type("count_min_sketch", args, 0, '("INTEGRAL" or "STRING" or "BINARY")')
    for i in (1, 2):
        if not isinstance(types[i], T.DoubleType):
            raise unexpected_type("count_min_sketch", args, i, '"DOUBLE"')
    eps, confidence = (_number(literal_value(a)) for a in args[1:3])
    if eps is not None and not eps > 0:
        raise _out_of_range(args, "eps", "(0.0, 1.7976931348623157E308]", eps)
    if confidence is not None and not 0 < confidence <= 1:
        raise _out_of_range(args, "confidence", "(0.0, 1.0]", confidence)
    return Signature(T.BinaryType(), (None, None, None, None), nullable=False)
