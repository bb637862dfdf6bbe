"""Text to typed columns with Spark's CSV rules: type inference and per-value tolerant parsing.

Every function works on whole Arrow arrays: a value that does not parse becomes null
(the caller compares with the input's nulls to find malformed rows), never an exception.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .common import TIMESTAMP, Options

_INT = r"^[+-]?\d+$"
_FLOAT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$"
_DATE = r"^\d{4}-\d{1,2}-\d{1,2}$"
_LENIENT_DATE = r"^\d{4}(-\d{1,2}(-\d{1,2}([T ].*)?)?)?$"
_TS = r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$"
_TZ = r"\d:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$"

_JAVA_TO_STRPTIME = (
    ("yyyy", "%Y"),
    ("MM", "%m"),
    ("dd", "%d"),
    ("HH", "%H"),
    ("mm", "%M"),
    ("ss", "%S"),
    ("'T'", "T"),
    ("XXX", "%z"),
    ("Z", "%z"),
)


def java_to_strptime(pattern: str) -> str:
    """A Spark datetime pattern (``yyyy-MM-dd HH:mm:ss``) as a strptime format."""
    out = pattern
    for java, c in _JAVA_TO_STRPTIME:
        out = out.replace(java, c)
    return out


def _matches(arr: pa.Array, regex: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(arr, regex), False)


def _only(arr: pa.Array, mask: pa.Array) -> pa.Array:
    """`arr` with the values outside `mask` set to null."""
    return pc.if_else(mask, arr, pa.scalar(None, arr.type))


def _parse_int(arr: pa.Array, target: pa.DataType) -> pa.Array:
    magnitude = pc.utf8_ltrim(pc.utf8_ltrim(arr, "+-"), "0")
    length = pc.utf8_length(magnitude)
    fits64 = pc.or_(
        pc.less(length, 19), pc.and_(pc.equal(length, 19), pc.less_equal(magnitude, "9223372036854775807"))
    )
    unsigned = pc.replace_substring_regex(arr, r"^\+", "")
    wide = pc.cast(_only(unsigned, pc.and_(_matches(arr, _INT), pc.fill_null(fits64, False))), pa.int64())
    if target == pa.int64():
        return wide
    bound = 2 ** (target.bit_width - 1)
    fits = pc.fill_null(pc.and_(pc.less(wide, bound), pc.greater_equal(wide, -bound)), False)
    return pc.cast(_only(wide, fits), target)


def _parse_float(arr: pa.Array, target: pa.DataType, options: Options) -> pa.Array:
    nan = options.get("nanvalue", "NaN")
    pos = options.get("positiveinf", "Inf")
    neg = options.get("negativeinf", "-Inf")
    special = {
        nan: "nan",
        pos: "inf",
        neg: "-inf",
        "Infinity": "inf",
        "-Infinity": "-inf",
        "+Infinity": "inf",
    }
    trimmed = pc.utf8_trim(arr, " \t\n\r\x0b\x0c")  # Java's toDouble takes " 1 " as 1.0
    numeric = _matches(trimmed, _FLOAT)
    cleaned = pc.replace_substring_regex(trimmed, r"(^\+)|([dDfF]$)", "")
    is_special = pc.is_in(arr, pa.array(list(special)))
    for text, value in special.items():
        cleaned = pc.if_else(pc.fill_null(pc.equal(arr, text), False), value, cleaned)
    return pc.cast(_only(cleaned, pc.or_(numeric, is_special)), target)


def _parse_bool(arr: pa.Array) -> pa.Array:
    lower = pc.utf8_lower(arr)
    ok = pc.fill_null(pc.is_in(lower, pa.array(["true", "false"])), False)
    return pc.equal(_only(lower, ok), "true")


def _parse_date(arr: pa.Array, options: Options, inferring: bool) -> pa.Array:
    """Dates in `dateFormat`, else ``yyyy-[m]m-[d]d``.

    Without a `dateFormat`, a read falls back as Spark's does to its cast rules: surrounding
    spaces, a bare year or year-month, and a time after the day (``2024-02-03 10:00:00``) are
    still that date. Inference stays strict, so such text infers as a timestamp or number.
    """
    fmt = options.get("dateformat")
    if fmt:
        ts = pc.strptime(arr, java_to_strptime(fmt), "s", error_is_null=True)
        return pc.cast(ts, pa.date32())
    if inferring:
        text = _only(arr, _matches(arr, _DATE))
    else:
        text = pc.utf8_trim_whitespace(arr)
        text = _only(text, _matches(text, _LENIENT_DATE))
        text = pc.replace_substring_regex(text, r"^(\d{4}-\d{1,2}-\d{1,2})[T ].*$", r"\1")
        text = pc.replace_substring_regex(text, r"^(\d{4})$", r"\1-01")
        text = pc.replace_substring_regex(text, r"^(\d{4}-\d{1,2})$", r"\1-01")
    return pc.cast(pc.strptime(text, "%Y-%m-%d", "s", error_is_null=True), pa.date32())


def _parse_timestamp(arr: pa.Array, target: pa.DataType, options: Options) -> pa.Array:
    fmt = options.get("timestampformat")
    if fmt:
        parsed = pc.strptime(arr, java_to_strptime(fmt), "us", error_is_null=True)
        return pc.cast(parsed, target) if target.tz is None or parsed.type.tz else _assume_utc(parsed, target)
    ok = _matches(arr, _TS)
    has_tz = pc.and_(_matches(arr, _TZ), ok)
    text = pc.replace_substring(_only(arr, ok), " ", "T", max_replacements=1)
    text = pc.replace_substring_regex(text, r"^(\d{4}-\d{1,2}-\d{1,2})$", r"\1T00:00:00")
    naive = _cast_each(_only(text, pc.and_(ok, pc.invert(has_tz))), pa.timestamp("us"))
    if target.tz is None:
        return naive
    zoned = _cast_each(_only(text, has_tz), TIMESTAMP)
    return pc.if_else(has_tz, zoned, _assume_utc(naive, target))


def _assume_utc(naive: pa.Array, target: pa.DataType) -> pa.Array:
    """Wall-clock timestamps read as UTC instants (engine's session time zone)."""
    return pc.cast(naive, target)


def _cast_each(arr: pa.Array, target: pa.DataType) -> pa.Array:
    """Cast, or when one value fails (an impossible date such as 2020-02-30), value by value."""
    try:
        return pc.cast(arr, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([_cast_one(v, target) for v in arr.to_pylist()], target)


def _cast_one(value: str | None, target: pa.DataType) -> object:
    try:
        return None if value is None else pc.cast(pa.scalar(value), target).as_py()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def parse_column(arr: pa.Array, target: pa.DataType, options: Options, inferring: bool = False) -> pa.Array:
    """Strings parsed as `target`; values that do not parse become null (`inferring`: by the
    stricter rules schema inference tries types with)."""
    if pa.types.is_string(target) or pa.types.is_large_string(target):
        return arr
    if pa.types.is_integer(target):
        return _parse_int(arr, target)
    if pa.types.is_floating(target):
        return _parse_float(arr, target, options)
    if pa.types.is_boolean(target):
        return _parse_bool(arr)
    if pa.types.is_date(target):
        return _parse_date(arr, options, inferring)
    if pa.types.is_timestamp(target):
        return _parse_timestamp(arr, target, options)
    if pa.types.is_decimal(target):
        ok = _matches(arr, _FLOAT)
        return _cast_each(_only(arr, ok), target)
    return _cast_each(arr, target)


def _all_parse(arr: pa.Array, target: pa.DataType, options: Options) -> bool:
    parsed = parse_column(arr, target, options, inferring=True)
    return parsed.null_count == arr.null_count


def infer_column_type(arr: pa.Array, options: Options) -> pa.DataType:
    """Spark's CSV inference over a whole column: the narrowest type every value parses as.

    Order as in CSVInferSchema: int, bigint, double, date, timestamp, boolean, else string.
    A column of only nulls gives pa.null() (Spark's NullType), which `wider_type` absorbs.
    """
    values = arr.drop_null()
    if len(values) == 0:
        return pa.null()
    for target in (pa.int32(), pa.int64(), pa.float64(), pa.date32(), TIMESTAMP, pa.bool_()):
        if target == pa.float64() and (integral := _integral_decimal(values)) is not None:
            return integral
        if pa.types.is_date(target) and options.get("prefersdate", "true").lower() == "false":
            continue
        if _all_parse(values, target, options):
            return target
    return pa.string()


def _integral_decimal(values: pa.Array) -> pa.DataType | None:
    """decimal(p, 0) for a column of whole numbers some of which are beyond bigint, as Spark infers
    them (``tryParseDecimal``: a whole number of up to 38 digits is a decimal, not a double); the
    precision covers the widest value, and a bigint's 20 digits (an int's 10) when one is there."""
    if not pc.all(pc.match_substring_regex(values, r"^[+-]?\d+$")).as_py():
        return None
    digits = pc.utf8_length(pc.utf8_ltrim(pc.utf8_ltrim(values, "+-"), "0"))
    widest = pc.max(digits).as_py() or 1
    if widest > 38:
        return None
    small = pc.less_equal(digits, 18)
    if pc.any(small).as_py():
        small_values = pc.cast(values.filter(small), pa.int64())
        in_int = pc.and_(pc.greater_equal(small_values, -(2**31)), pc.less(small_values, 2**31))
        widest = max(widest, 20 if not pc.all(in_int).as_py() else 10)
    return pa.decimal128(widest, 0)


_NUMERIC_RANK = {pa.int32(): 0, pa.int64(): 1, pa.float64(): 2}
_DECIMAL_DIGITS = {pa.int32(): 10, pa.int64(): 20}


def wider_type(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    """Spark's findTightestCommonType for inferred columns: numbers widen, date+timestamp is timestamp."""
    if a == b or b == pa.null():
        return a
    if a == pa.null():
        return b
    if a in _NUMERIC_RANK and b in _NUMERIC_RANK:
        return a if _NUMERIC_RANK[a] > _NUMERIC_RANK[b] else b
    if pa.types.is_decimal(a) or pa.types.is_decimal(b):
        if pa.float64() in (a, b):
            return pa.float64()
        digits = [t.precision if pa.types.is_decimal(t) else _DECIMAL_DIGITS.get(t) for t in (a, b)]
        if None not in digits:
            return pa.decimal128(max(digits), 0)  # type: ignore[type-var]
    if {a, b} == {pa.date32(), TIMESTAMP}:
        return TIMESTAMP
    return pa.string()
