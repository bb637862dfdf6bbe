"""Type rules of the bitwise aggregates (bit_and/bit_or/bit_xor) and the linear-regression
aggregates (regr_count, regr_avgx/avgy, regr_sxx/syy/sxy, regr_slope/intercept/r2)."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import types_of, unexpected_type
from engine.expr.signatures.aggregate import avg_type


def _bitwise(name: str):  # type: ignore[no-untyped-def]
    def rule(args: Sequence[object]) -> Signature:
        (t,) = types_of(args)
        if not T.is_integral(t):
            raise unexpected_type(name, args, 0, '"INTEGRAL"')
        return Signature(t, (None,), nullable=True)

    return rule


def _numeric_args(name: str, args: Sequence[object]) -> list[T.DataType | None]:
    """Each argument as is when numeric, a string as double (Spark's implicit cast), else an error."""
    out: list[T.DataType | None] = []
    for i, t in enumerate(types_of(args)):
        if T.is_string(t) or isinstance(t, T.NullType):
            out.append(T.DoubleType())
        elif T.is_numeric(t):
            out.append(None)
        else:
            raise unexpected_type(name, args, i, '"NUMERIC"')
    return out


def _regr(name: str):  # type: ignore[no-untyped-def]
    """regr_count: bigint, never null; regr_avgx/avgy: avg's type of x / y; the rest: double."""

    def rule(args: Sequence[object]) -> Signature:
        casts = _numeric_args(name, args)
        if name == "regr_count":
            return Signature(T.LongType(), tuple(casts), nullable=False)
        if name in ("regr_avgx", "regr_avgy"):
            i = 1 if name == "regr_avgx" else 0
            out = avg_type(casts[i] or types_of(args)[i])
            return Signature(out, tuple(casts), nullable=True)  # type: ignore[arg-type]
        return Signature(T.DoubleType(), (T.DoubleType(), T.DoubleType()), nullable=True)

    return rule


for _name in ("bit_and", "bit_or", "bit_xor"):
    function(_name, "aggregate", min_args=1, max_args=1)(_bitwise(_name))

REGRESSIONS = (
    "regr_count", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
    "regr_slope", "regr_intercept", "regr_r2",
)  # fmt: skip
for _name in REGRESSIONS:
    function(_name, "aggregate", min_args=2, max_args=2)(_regr(_name))
