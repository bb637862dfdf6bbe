"""Casts between strings and other types, with Spark's accepted input syntax and output format.

Parsing validates every string with one regular expression and converts the valid ones
in bulk; formatting builds strings with Arrow string kernels (no per-row Python).
"""

from __future__ import annotations

import decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels.datetime import SHORT_IDS, zoned_instant

_WS = " \t\n\r\x0b\x0c\x00"
_INT_RE = r"^[+-]?\d+$"
_LEGACY_INT_RE = r"^[+-]?\d+(\.\d*)?$"
_FLOAT_RE = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$|^[+-]?(inf|infinity|nan)$"
_DECIMAL_RE = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_TRUE = ["t", "true", "y", "yes", "1"]
_FALSE = ["f", "false", "n", "no", "0"]
_DATE_RE = r"^(?P<y>[+-]?\d{4,6})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})(?:[ T].*)?)?)?$"
_TS_RE = (
    r"^(?P<y>[+-]?\d{4,6})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[ T](?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2})(?:\.(?P<f>\d{0,9}))?"
    r"\s*(?P<z>Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2}){0,2}|[A-Za-z]+(?:/[A-Za-z_]+)+)?)?)?\s*)?)?$"
)


def trim(a: pa.Array) -> pa.Array:
    """Strings with Spark's whitespace (and control characters) trimmed from both ends."""
    return pc.utf8_trim(a, characters=_WS)


def matches(a: pa.Array, pattern: str, ignore_case: bool = False) -> np.ndarray:
    """True where a (non-null) string matches `pattern`."""
    hit = pc.match_substring_regex(a, pattern, ignore_case=ignore_case)
    return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)


def invalid_rows(a: pa.Array, ok: np.ndarray) -> np.ndarray:
    """Non-null rows that did not parse."""
    return ~ok & np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def keep(a: pa.Array, ok: np.ndarray, fill: str) -> pa.Array:
    """`a` with rows that did not parse replaced by `fill` (they become null later)."""
    return pc.if_else(pa.array(ok), a, pa.scalar(fill)) if not ok.all() else a


def parse_integral(s: pa.Array, ansi: bool) -> tuple[pa.Array, np.ndarray]:
    """Strings -> decimal(38,0) values and the mask of rows that parsed (legacy drops fractions)."""
    s = trim(s)
    ok = matches(s, _INT_RE if ansi else _LEGACY_INT_RE)
    digits = pc.replace_substring_regex(keep(s, ok, "0"), r"^\+|\.\d*$", "")
    long = pc.greater(pc.utf8_length(pc.utf8_ltrim(digits, characters="+-0")), 38)
    too_long = np.asarray(pc.fill_null(long, False).to_numpy(zero_copy_only=False), dtype=bool)
    ok &= ~too_long
    digits = keep(digits, ok, "0")
    return digits.cast(pa.decimal128(38, 0)), ok


def parse_floating(s: pa.Array, to: pa.DataType) -> tuple[pa.Array, np.ndarray]:
    """Strings -> float/double; accepts exponents, a d/f suffix, inf/infinity/nan."""
    s = trim(s)
    ok = matches(s, _FLOAT_RE, ignore_case=True)
    clean = pc.replace_substring_regex(keep(s, ok, "0"), r"^\+", "")
    clean = pc.replace_substring_regex(clean, r"^([+-]?[\d.]+(?:[eE][+-]?\d+)?)[dDfF]$", r"\1")
    return clean.cast(to), ok


def parse_decimal(s: pa.Array, to: T.DecimalType) -> tuple[pa.Array, np.ndarray]:
    """Strings -> a decimal with one digit more than `to`'s scale (for HALF_UP rounding)."""
    s = trim(s)
    ok = matches(s, _DECIMAL_RE)
    s = keep(s, ok, "0")
    plain = matches(s, r"^[^eE]*$")
    if not plain.all():  # 5e36, 1.01e31: written out exactly (a float64 keeps only ~16 digits)
        s = pc.if_else(pa.array(plain), s, _expanded(s.filter(pa.array(~plain)), ~plain))
        plain = np.ones(len(s), dtype=bool)
    fixed = pc.replace_substring_regex(s, rf"(\.\d{{{to.scale + 1}}})\d+$", r"\1")
    fixed = pc.replace_substring_regex(fixed, r"^\+|\.$", "")
    int_digits = pc.utf8_length(
        pc.replace_substring_regex(pc.utf8_ltrim(fixed, characters="+-0"), r"\..*$", "")
    )
    fits = np.asarray(
        pc.fill_null(pc.less_equal(int_digits, 75 - to.scale), False).to_numpy(zero_copy_only=False)
    )
    ok &= fits
    target = pa.decimal256(76, to.scale + 1)
    fixed = pc.if_else(pa.array(ok), fixed, pa.scalar("0"))
    return fixed.cast(target), ok


def _expanded(sci: pa.Array, where: np.ndarray) -> pa.Array:
    """Scientific-notation numbers (the rows of `where`) as plain digits, exactly; a row-wise
    conversion, but only of the rows written with an exponent."""
    texts = ["0" if t is None else format(decimal.Decimal(t), "f") for t in sci.to_pylist()]
    full = np.empty(len(where), dtype=object)
    full[where] = texts
    full[~where] = "0"
    return pa.array(full, pa.string())


def parse_boolean(s: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Strings -> booleans: t/true/y/yes/1 and f/false/n/no/0, any case."""
    low = pc.utf8_lower(trim(s))
    yes = pc.is_in(low, pa.array(_TRUE))
    no = pc.is_in(low, pa.array(_FALSE))
    ok = np.asarray(pc.fill_null(pc.or_(yes, no), False).to_numpy(zero_copy_only=False), dtype=bool)
    return yes, ok


def _ints(parts: pa.StructArray, name: str, default: int) -> np.ndarray:
    col = parts.field(name)
    col = pc.if_else(pc.equal(col, ""), pa.scalar(str(default)), col)
    return np.asarray(
        pc.replace_substring_regex(col, r"^\+", "").cast(pa.int64()).to_numpy(zero_copy_only=False)
    )


def days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (Howard Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(m, 1, 12) - 1]
    month_days = month_days + ((m == 2) & leap)
    return (m >= 1) & (m <= 12) & (d >= 1) & (d <= month_days)


def parse_date(s: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Strings -> dates: yyyy, yyyy-[m]m, yyyy-[m]m-[d]d, optionally followed by ' ...' or 'T...'."""
    s = trim(s)
    ok = matches(s, _DATE_RE)
    parts = pc.extract_regex(keep(s, ok, "1970"), _DATE_RE)
    y, m, d = _ints(parts, "y", 1970), _ints(parts, "m", 1), _ints(parts, "d", 1)
    ok &= _valid_date(y, m, d)
    days = np.where(ok, days_from_civil(y, m, d), 0)
    return pa.array(days.astype(np.int32), pa.date32(), mask=~ok), ok


def parse_timestamp(s: pa.Array, ctx: EvalContext, with_zone: bool) -> tuple[pa.Array, np.ndarray]:
    """Strings -> microseconds since the epoch (UTC when `with_zone`, else wall-clock).

    Accepts Spark's forms: a date, then ' ' or 'T', [h]h:[m]m[:[s]s[.fraction]] and an
    optional zone (Z, UTC, +hh:mm, region id); a string without zone is in the session zone.
    """
    s = trim(s)
    ok = matches(s, _TS_RE)
    parts = pc.extract_regex(keep(s, ok, "1970"), _TS_RE)
    y, m, d = _ints(parts, "y", 1970), _ints(parts, "m", 1), _ints(parts, "d", 1)
    h, mi, sec = _ints(parts, "h", 0), _ints(parts, "mi", 0), _ints(parts, "s", 0)
    frac = pc.utf8_slice_codeunits(pc.utf8_rpad(parts.field("f"), 6, "0"), 0, 6).cast(pa.int64())
    ok &= _valid_date(y, m, d) & (h < 24) & (mi < 60) & (sec < 60)
    micros = ((days_from_civil(y, m, d) * 24 + h) * 60 + mi) * 60 + sec
    micros = micros * 1_000_000 + np.asarray(frac.to_numpy(zero_copy_only=False))
    micros = np.where(ok, micros, 0)
    naive = pa.array(micros, pa.timestamp("us"))
    if not with_zone:
        return pa.array(micros, pa.timestamp("us"), mask=~ok), ok
    zone = parts.field("z")
    out = localize(naive, zone, ctx.timezone)
    return pc.if_else(pa.array(ok), out, pa.scalar(None, out.type)), ok


# Zone abbreviations as Spark's formatter reads a zone name (pattern letter z): java.time's
# ZoneId.SHORT_IDS, but EST/MST/HST as the regions whose standard time they name (EST in
# October is New York's daylight time, as Spark answers).
_SHORT_IDS = {
    **{k: v for k, v in SHORT_IDS.items() if k != "Z"},
    "EST": "America/New_York", "MST": "America/Denver", "HST": "Pacific/Honolulu",
}  # fmt: skip


def localize(naive: pa.Array, zone: pa.Array, session_tz: str) -> pa.Array:
    """Wall-clock times in their row's zone (session zone when none) -> UTC instants; null
    where the zone is a name no time-zone database knows."""
    utc = pa.timestamp("us", tz="UTC")
    names = pc.replace_substring_regex(zone, r"^(?:UTC|GMT)([+-])", r"\1")
    short = pc.index_in(names, value_set=pa.array(list(_SHORT_IDS)))  # Java's SHORT_IDS: PST is Los Angeles
    names = pc.if_else(short.is_valid(), pa.array(list(_SHORT_IDS.values())).take(pc.fill_null(short, 0)), names)
    offsets = pc.extract_regex(names, r"^(?P<sg>[+-])(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?(?::?(?P<ss>\d{2}))?$")
    is_offset = np.asarray(
        pc.fill_null(pc.match_substring_regex(names, r"^[+-]"), False).to_numpy(zero_copy_only=False)
    )
    sign = np.where(np.asarray(pc.equal(offsets.field("sg"), "-").to_numpy(zero_copy_only=False)), -1, 1)
    shift = sign * (_ints(offsets, "hh", 0) * 3600 + _ints(offsets, "mm", 0) * 60 + _ints(offsets, "ss", 0)) * 1_000_000
    base = np.asarray(naive.cast(pa.int64()).to_numpy(zero_copy_only=False))
    result = np.where(is_offset, base - shift, base)
    region = np.asarray(names.to_numpy(zero_copy_only=False), dtype=object)
    region = np.where(is_offset | np.isin(region, ["Z", "UTC", "GMT"]), "UTC", region)  # "" (none): session zone
    unknown = np.zeros(len(result), dtype=bool)
    for tz in np.unique(region):
        if tz == "UTC":
            continue
        rows = region == tz
        try:
            local = zoned_instant(naive.filter(pa.array(rows)), tz or session_tz)
        except pa.ArrowInvalid:  # a zone name no database knows: the row does not parse
            unknown |= rows
            continue
        result[rows] = np.asarray(local.cast(pa.int64()).to_numpy(zero_copy_only=False))
    return pa.array(result, pa.int64(), mask=unknown if unknown.any() else None).cast(utc)


# --------------------------------------------------------------------------- formatting


def format_floating(a: pa.Array) -> pa.Array:
    """Floats as Java prints them: 1.0, 1.0E20, 1.2345678E7, 1.0E-4, NaN, Infinity."""
    text = a.cast(pa.string())
    parts = pc.extract_regex(text, r"^(?P<sg>-?)(?P<ip>\d+)(?:\.(?P<fp>\d+))?(?:e(?P<ex>[+-]\d+))?$")
    all_digits = pc.binary_join_element_wise(parts.field("ip"), parts.field("fp"), "")
    stripped = pc.utf8_ltrim(all_digits, characters="0")
    lead = pc.subtract(pc.utf8_length(all_digits), pc.utf8_length(stripped))
    digits = pc.utf8_rtrim(stripped, characters="0")
    ex = _ints(parts, "ex", 0)
    exp = pc.subtract(pc.add(pc.utf8_length(parts.field("ip")), pa.array(ex, pa.int32())), pc.add(lead, 1))
    exp_np = np.asarray(pc.fill_null(exp, 0).to_numpy(zero_copy_only=False))
    sci = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(digits, 0, 1),
        ".",
        _or_zero(pc.utf8_slice_codeunits(digits, 1)),
        "E",
        exp.cast(pa.string()),
        "",
    )
    out = sci
    for e in range(-3, 7):
        if e >= 0:
            head = pc.utf8_rpad(pc.utf8_slice_codeunits(digits, 0, e + 1), e + 1, "0")
            plain = pc.binary_join_element_wise(
                head, ".", _or_zero(pc.utf8_slice_codeunits(digits, e + 1)), ""
            )
        else:
            plain = pc.binary_join_element_wise(pa.scalar("0." + "0" * (-e - 1)), digits, "")
        out = pc.if_else(pa.array(exp_np == e), plain, out)
    zero = pc.equal(digits, "")
    out = pc.if_else(zero, pa.scalar("0.0"), out)
    out = pc.binary_join_element_wise(parts.field("sg"), out, "")
    out = pc.if_else(pc.equal(text, "nan"), pa.scalar("NaN"), out)
    out = pc.if_else(pc.equal(text, "inf"), pa.scalar("Infinity"), out)
    out = pc.if_else(pc.equal(text, "-inf"), pa.scalar("-Infinity"), out)
    return pc.if_else(a.is_valid(), out, pa.scalar(None, pa.string()))


def format_decimal(a: pa.Array) -> pa.Array:
    """Decimals in plain notation with all their scale's digits, as Spark casts them (Java's
    ``toPlainString``): Arrow writes a value below 1E-6 as ``1.000E-7`` or a zero of scale 7+
    as ``0E-10``, which Spark prints ``0.0000001000`` and ``0.0000000000``."""
    text = a.cast(pa.string())
    scale = a.type.scale
    parts = pc.extract_regex(text, r"^(?P<sg>-?)(?P<ip>\d)(?:\.(?P<fp>\d+))?E-\d+$")
    digits = pc.binary_join_element_wise(parts.field("ip"), pc.fill_null(parts.field("fp"), ""), "")
    plain = pc.binary_join_element_wise(parts.field("sg"), "0.", pc.utf8_lpad(digits, scale, "0"), "")
    return pc.if_else(pc.is_valid(parts), plain, text)


def _or_zero(s: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(s, ""), pa.scalar("0"), s)


def format_timestamp(a: pa.Array, ctx: EvalContext, with_zone: bool) -> pa.Array:
    """Timestamps as '2020-01-01 10:00:00[.fraction]' in the session zone, no trailing zeros."""
    if with_zone:
        a = pc.local_timestamp(a.cast(pa.timestamp("us", tz=ctx.timezone)))
    text = a.cast(pa.timestamp("us")).cast(pa.string())
    text = pc.replace_substring_regex(text, r"0+$", "")
    return pc.replace_substring_regex(text, r"\.$", "")
