"""Type rules of the Spark 4 date/timestamp builders: date_from_unix_date, try_to_date,
to_timestamp_ntz / to_timestamp_ltz, make_timestamp_ntz / _ltz and their try_ forms,
convert_timezone and timestampadd / timestampdiff."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.registry import Signature, TypeRule, function
from engine.expr.signatures._common import types_of, unexpected_type
from engine.expr.signatures.strings import fixed, register_all

register_all(["date_from_unix_date"], fixed(T.DateType(), T.IntegerType()), 1, 1)

D, S, INT = T.DateType(), T.StringType(), T.IntegerType()
TS, NTZ = T.TimestampType(), T.TimestampNTZType()
SECS = T.DecimalType(16, 6)

register_all(["try_to_date"], fixed(D, S, S, nullable=True), 1, 2)


def fields_or_date_and_time(name: str, fields: TypeRule, zone: bool) -> TypeRule:
    """The rule of a timestamp builder taking (years, months, days, hours, mins, secs[, zone]) or,
    since Spark 4.1, (date, time[, zone]): the second form's time must be a TIME."""

    def rule(args: Sequence[object]) -> Signature:
        if len(args) >= 6:
            return fields(args)
        if len(args) > 3 or len(args) == 3 and not zone:
            # as Spark 4.3 counts them (make_timestamp's list has a 1, which it never accepts)
            expected = ("[1, 2, 3, 6, 7]" if name == "make_timestamp" else "[2, 3, 6, 7]") if zone else "[2, 6]"
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires {expected} parameters but the actual "
                f"number is {len(args)}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' "
                "for a fix.",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
                {"functionName": f"`{name}`", "expectedNum": expected, "actualNum": str(len(args)),
                 "docroot": "https://spark.apache.org/docs/latest"},
            )  # fmt: skip
        types = types_of(args)
        if not isinstance(types[1], (T.TimeType, T.NullType)):
            raise unexpected_type(name, args, 1, '"TIME"')
        return Signature(fields(args).result, (D, None, S)[: len(args)], nullable=fields(args).nullable)

    return rule


for _name in ("make_timestamp_ntz", "try_make_timestamp_ntz"):
    _rule = fields_or_date_and_time(_name, fixed(NTZ, INT, INT, INT, INT, INT, SECS, nullable=True), zone=False)
    register_all([_name], _rule, 2, 6)
for _name in ("make_timestamp_ltz", "try_make_timestamp_ltz"):
    _rule = fields_or_date_and_time(_name, fixed(TS, INT, INT, INT, INT, INT, SECS, S, nullable=True), zone=True)
    register_all([_name], _rule, 2, 7)
# Spark leaves the time zone out of try_make_timestamp's column name (of the fields form)
register_all(
    ["try_make_timestamp"],
    fields_or_date_and_time("try_make_timestamp", fixed(TS, INT, INT, INT, INT, INT, SECS, S, nullable=True), zone=True),
    2, 7, pretty=lambda name, a: f"{name}({', '.join(a[:6])})",
)  # fmt: skip


def _to_timestamp_rule(out: T.DataType):  # type: ignore[no-untyped-def]
    """to_timestamp_ntz/_ltz(x[, fmt]): strings are parsed (with `fmt` when given); dates and
    timestamps convert; numbers (ltz only) are seconds since the epoch."""

    def rule(args: Sequence[object]) -> Signature:
        t = types_of(args)[0]
        keep = isinstance(t, (T.DateType, T.TimestampType, T.TimestampNTZType)) or (
            isinstance(out, T.TimestampType) and T.is_numeric(t)
        )
        first = None if keep and len(args) == 1 else S
        return Signature(out, (first, S)[: len(args)], nullable=True)

    return rule


function("to_timestamp_ntz", min_args=1, max_args=2)(_to_timestamp_rule(NTZ))
function("to_timestamp_ltz", min_args=1, max_args=2)(_to_timestamp_rule(TS))


def _convert_timezone_pretty(name: str, args: list[str]) -> str:
    shown = args if len(args) == 3 else ["current_timezone()", *args]
    return f"{name}({', '.join(shown)})"


@function("convert_timezone", min_args=2, max_args=3, pretty=_convert_timezone_pretty)
def _convert_timezone(args: Sequence[object]) -> Signature:
    """``convert_timezone([source_tz, ]target_tz, ts)``: the wall-clock time `ts` (in the source
    zone, the session's by default) shows in the target zone, as timestamp_ntz."""
    return Signature(NTZ, (S,) * (len(args) - 1) + (NTZ,), nullable=True)


def _time_arg(t: T.DataType) -> T.DataType:
    return NTZ if isinstance(t, T.TimestampNTZType) else TS


@function("timestampadd", min_args=3, max_args=3)
def _timestampadd(args: Sequence[object]) -> Signature:
    """``timestampadd(unit, quantity, ts)``: a timestamp (dates and strings become timestamps)."""
    out = _time_arg(types_of(args)[2])
    return Signature(out, (S, T.LongType(), out))


@function("timestampdiff", min_args=3, max_args=3)
def _timestampdiff(args: Sequence[object]) -> Signature:
    """``timestampdiff(unit, start, end)``: whole units from start to end (bigint)."""
    _, a, b = types_of(args)
    both = NTZ if isinstance(a, T.TimestampNTZType) and isinstance(b, T.TimestampNTZType) else TS
    return Signature(T.LongType(), (S, both, both))
