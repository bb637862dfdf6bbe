"""Type rule of time_bucket(size, ts[, origin]) (Spark 4.2): a constant positive interval, a
TIMESTAMP or TIMESTAMP_NTZ, and a constant origin of the same type; the result is ts's type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, type_name, types_of, unexpected_type

_STAMPS = (T.TimestampType, T.TimestampNTZType)


def default_origin(args: list[n.Expr]) -> list[n.Expr]:
    """``time_bucket(size, ts)`` is ``time_bucket(size, ts, TIMESTAMP '1970-01-01 00:00:00')``
    (TIMESTAMP_NTZ for an NTZ ts), as Spark fills it in and names the column with it."""
    if len(args) != 2:
        return args
    ts_type = types_of(args)[1]
    if not isinstance(ts_type, T.TimestampNTZType):
        ts_type = T.TimestampType()
    epoch = n.Literal("1970-01-01 00:00:00", T.StringType())
    return [*args, n.Cast(epoch, ts_type, safe=False, implicit=False, typed_literal=True)]


def _mismatch(args: Sequence[object], kind: str, text: str) -> AnalysisException:
    return AnalysisException(
        f'[DATATYPE_MISMATCH.{kind}] Cannot resolve "{expr_sql("time_bucket", args)}" due to data type mismatch: {text}.',
        f"DATATYPE_MISMATCH.{kind}",
    )


def _positive(value: object) -> bool:
    if isinstance(value, dt.timedelta):
        return value > dt.timedelta(0)
    months = getattr(value, "months", value)
    return isinstance(months, int) and months > 0


@function("time_bucket", min_args=2, max_args=3)
def _time_bucket(args: Sequence[object]) -> Signature:
    size_type, ts_type, origin_type = types_of(args)
    if not isinstance(size_type, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        raise unexpected_type("time_bucket", args, 0, '("INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")')
    if not isinstance(ts_type, _STAMPS):
        raise unexpected_type("time_bucket", args, 1, '"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)"')
    if not isinstance(origin_type, (type(ts_type), T.NullType)):
        raise unexpected_type("time_bucket", args, 2, type_name(ts_type))
    for i, what in ((0, "bucketSize"), (2, "origin")):
        if literal_value(args[i], ...) is ... and not (isinstance(args[i], n.Cast) and args[i].typed_literal):
            wanted = size_type if i == 0 else ts_type
            raise _mismatch(
                args, "NON_FOLDABLE_INPUT",
                f"the input `{what}` should be a foldable {type_name(wanted)} expression; however, got \"{sql_name(args[i])}\"",  # type: ignore[arg-type]
            )  # fmt: skip
    if not _positive(literal_value(args[0])):
        raise _mismatch(
            args, "VALUE_OUT_OF_RANGE", f"The `bucketSize` must be between (0, inf) (current value = {sql_name(args[0])})"  # type: ignore[arg-type]
        )
    return Signature(ts_type, (None, None, ts_type))
