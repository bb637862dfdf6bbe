"""Kernels of the JSON functions: parsing text into typed values, path lookups and JSON output.

Parsing a JSON document per value is the one documented loop over rows here (Arrow has no
per-value JSON parser): ``from_json`` first tries pyarrow.json on a newline-joined buffer of
every value and only falls back to parsing one value at a time when that fails (malformed
records, type mismatches, maps, dates, decimals). ``to_json`` is fully vectorized.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import io
import json
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from engine import types as T
from engine.compute.cast_text import format_floating
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, null_where, valid
from engine.compute.kernels.datetime import from_wall_clock
from engine.compute.kernels.datetime_format import format_instant
from engine.compute.kernels.json_pretty import pretty_json
from engine.errors import SparkRuntimeException
from engine.expr.json_lenient import HIVE, JsonFeatures, features_of
from engine.expr.nodes import Call
from engine.expr.text_schemas import json_value_type, loads


class _Bad(Exception):
    """A JSON value that does not fit the requested type (the field becomes null)."""


def java_double(x: float) -> str:
    """A double as Java's Double.toString prints it (1.0, 1.0E10, 1.0E-5, NaN)."""
    return str(format_floating(pa.array([x], pa.float64()))[0])


def dump(v: Any) -> str:
    """A parsed JSON value back as compact JSON text, numbers as Jackson writes them."""
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, decimal.Decimal):
        return java_double(float(v))
    if isinstance(v, list):
        return "[" + ",".join(dump(x) for x in v) + "]"
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dump(x) for k, x in v.items()) + "}"


def text_of(v: Any) -> str | None:
    """How get_json_object / json_tuple show a value: strings bare, JSON null as SQL NULL."""
    if v is None:
        return None
    return v if isinstance(v, str) else dump(v)


# --------------------------------------------------------------------------- from_json


def _options(args: list[Value]) -> dict[str, str]:
    if len(args) < 3 or not isinstance(args[2], pa.Scalar) or not args[2].is_valid:
        return {}
    return {str(k).lower(): str(v) for k, v in args[2].as_py()}


@kernel("from_json")
def _from_json(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (s,), scalar = broadcast(args[:1])
    options = _options(args)
    patterns = _patterned_fields(call.dtype, options)
    dtype = _as_text(call.dtype, patterns) if patterns else call.dtype
    failfast = options.get("mode", "PERMISSIVE").upper() == "FAILFAST"
    corrupt = _corrupt_field(dtype, options)
    out = _read_fast(s, dtype) if not failfast and corrupt is None else None
    if out is None:
        out = _read_slow(s, dtype, ctx, failfast, features_of(options), corrupt)
    if patterns:
        out = _parse_patterned(out, call.dtype, patterns, ctx)
    return finish(out, scalar)


def _patterned_fields(dtype: T.DataType, options: dict[str, str]) -> dict[int, str]:
    """The top-level date and timestamp fields that the ``dateFormat``/``timestampFormat``
    options give a pattern for, by position."""
    if not isinstance(dtype, T.StructType):
        return {}
    by_type = {T.DateType: options.get("dateformat"), T.TimestampType: options.get("timestampformat")}
    found = {i: by_type.get(type(f.dataType)) for i, f in enumerate(dtype.fields)}
    return {i: p for i, p in found.items() if p}


def _as_text(dtype: T.StructType, patterns: dict[int, str]) -> T.StructType:
    """`dtype` with the patterned fields read as strings, to be parsed afterwards."""
    return T.StructType(
        [
            T.StructField(f.name, T.StringType(), f.nullable) if i in patterns else f
            for i, f in enumerate(dtype.fields)
        ]
    )


def _parse_patterned(
    out: pa.StructArray, dtype: T.StructType, patterns: dict[int, str], ctx: EvalContext
) -> pa.Array:
    """The string fields read for `patterns` parsed with their Java pattern; text that does
    not match is null, as PERMISSIVE parsing makes it."""
    from engine.compute.kernels.datetime_format import parse_local

    fields = []
    for i, f in enumerate(dtype.fields):
        column = out.field(i)
        if i in patterns:
            is_date = isinstance(f.dataType, T.DateType)
            parsed = parse_local(column, patterns[i], False, "DATE" if is_date else "TIMESTAMP")
            column = pc.cast(parsed, pa.date32()) if is_date else from_wall_clock(parsed, ctx)
        fields.append(column)
    return pa.StructArray.from_arrays(fields, fields=list(T.to_arrow_schema(dtype)), mask=out.is_null())


def _fast_type(dt_: T.DataType) -> bool:
    """Types pyarrow.json converts exactly as Spark does."""
    if isinstance(dt_, T.StructType):
        return all(_fast_type(f.dataType) for f in dt_.fields)
    if isinstance(dt_, T.ArrayType):
        return _fast_type(dt_.elementType)
    return isinstance(dt_, (T.LongType, T.DoubleType, T.StringType, T.BooleanType))


def _read_fast(s: pa.Array, dtype: T.DataType) -> pa.Array | None:
    """Every value parsed by pyarrow.json in one go; None when any value needs the slow path."""
    if not isinstance(dtype, T.StructType) or not dtype.fields or not _fast_type(dtype):
        return None
    texts = pc.replace_substring_regex(pc.fill_null(s, "{}"), r"[\r\n]", " ")
    if pc.any(pc.equal(pc.utf8_trim_whitespace(texts), "")).as_py():
        return None
    buf = "\n".join(texts.to_pylist()).encode()
    schema = T.to_arrow_schema(dtype)
    opts = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
    try:
        table = pj.read_json(io.BytesIO(buf), parse_options=opts)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != len(s):
        return None
    out = pa.StructArray.from_arrays(
        [table.column(i).combine_chunks() for i in range(table.num_columns)], fields=list(schema)
    )
    return null_where(out, ~valid(s))


def _corrupt_field(dtype: T.DataType, options: dict[str, str]) -> str | None:
    """The struct field that receives a malformed record's text: the string field named by
    ``columnNameOfCorruptRecord`` (default ``_corrupt_record``), if any."""
    if not isinstance(dtype, T.StructType):
        return None
    name = options.get("columnnameofcorruptrecord") or "_corrupt_record"
    found = [f for f in dtype.fields if f.name == name and T.is_string(f.dataType)]
    return name if found else None


def _read_slow(
    s: pa.Array,
    dtype: T.DataType,
    ctx: EvalContext,
    failfast: bool,
    features: JsonFeatures,
    corrupt: str | None = None,
) -> pa.Array:
    """One value at a time: malformed records give an all-null struct (PERMISSIVE), a field
    of the wrong type gives null for that field alone, as in Spark 4; the `corrupt` field, if
    any, holds the text of a record that was malformed or had a field of the wrong type. A
    lone object read for an array of structs is an array of that one struct, as in Spark."""
    zone = zoneinfo.ZoneInfo(ctx.timezone)
    wraps = isinstance(dtype, T.ArrayType) and isinstance(dtype.elementType, T.StructType)
    out: list[Any] = []
    for text in s.to_pylist():
        ok, v = loads(text, features)
        if text is None or (not ok and not text.strip()):
            out.append(None)
            continue
        if wraps and isinstance(v, dict):
            v = [v]
        if corrupt is not None:
            out.append(_with_corrupt(v if ok else _MALFORMED, text, dtype, corrupt, zone))
            continue
        if not ok or (isinstance(dtype, T.StructType) and not isinstance(v, dict)):
            if failfast:
                msg = (
                    "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
                    f"parsing: {text}. Parse Mode: FAILFAST. To process malformed records as null result, "
                    "try setting the option 'mode' as 'PERMISSIVE'."
                )
                raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION")
            out.append({} if isinstance(dtype, T.StructType) else None)
            continue
        try:
            if failfast:  # a value that does not convert to its field's type is malformed too
                _coerce(v, dtype, zone, strict=True)
            out.append(_coerce(v, dtype, zone))
        except _Bad as e:
            if failfast:
                msg = (
                    "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
                    f"parsing: {text}. Parse Mode: FAILFAST. To process malformed records as null result, "
                    "try setting the option 'mode' as 'PERMISSIVE'."
                )
                raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from e
            out.append(None)
    return pa.array(out, type=T.to_arrow(dtype))


_MALFORMED = object()


def _with_corrupt(v: Any, text: str, dtype: T.StructType, corrupt: str, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    """A record read into `dtype` whose `corrupt` field holds `text` when any part failed:
    the fields that did parse keep their values."""
    if v is _MALFORMED or not isinstance(v, dict):
        return {corrupt: text}
    row = _coerce(v, dtype, zone)
    try:
        _coerce(v, dtype, zone, strict=True)
    except _Bad:
        row[corrupt] = text
    return row


def _coerce(v: Any, dtype: T.DataType, zone: zoneinfo.ZoneInfo, strict: bool = False) -> Any:
    """A parsed JSON value as a Python value of `dtype`, or _Bad; a field of the wrong type is
    null unless `strict`, when it is _Bad too."""
    if v is None:
        return None
    if isinstance(dtype, T.VariantType):  # from_json(j, 'variant'): the value as a document
        from engine.compute.variant_values import json_value_variant

        return json_value_variant(v)
    if isinstance(dtype, T.StructType):
        if not isinstance(v, dict):
            raise _Bad
        return {f.name: _field(v.get(f.name), f.dataType, zone, strict) for f in dtype.fields}
    if isinstance(dtype, T.ArrayType):
        if not isinstance(v, list):
            raise _Bad
        return [_coerce(x, dtype.elementType, zone, strict) for x in v]
    if isinstance(dtype, T.MapType):
        if not isinstance(v, dict):
            raise _Bad
        return [(k, _field(x, dtype.valueType, zone, strict)) for k, x in v.items()]
    return _atomic(v, dtype, zone)


def _field(v: Any, dtype: T.DataType, zone: zoneinfo.ZoneInfo, strict: bool = False) -> Any:
    try:
        return _coerce(v, dtype, zone, strict)
    except _Bad:
        if strict:
            raise
        return None


def _atomic(v: Any, dtype: T.DataType, zone: zoneinfo.ZoneInfo) -> Any:
    if T.is_string(dtype):
        return v if isinstance(v, str) else dump(v)
    if isinstance(dtype, T.BooleanType):
        if isinstance(v, bool):
            return v
        raise _Bad
    if T.is_integral(dtype):
        if isinstance(v, int) and not isinstance(v, bool):
            bits = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}[type(dtype)]
            if -(2 ** (bits - 1)) <= v < 2 ** (bits - 1):
                return v
        raise _Bad
    if isinstance(dtype, (T.DoubleType, T.FloatType)):
        if isinstance(v, (int, decimal.Decimal)) and not isinstance(v, bool):
            return float(v)
        if v in ("NaN", "Infinity", "+Infinity", "-Infinity", "+INF", "-INF", "INF"):
            return float(v.replace("INF", "inf").replace("Infinity", "inf"))
        raise _Bad
    if isinstance(dtype, T.DecimalType):
        if isinstance(v, (int, decimal.Decimal)) and not isinstance(v, bool) and decimal.Decimal(v).is_finite():
            d = decimal.Decimal(v).quantize(decimal.Decimal(1).scaleb(-dtype.scale), decimal.ROUND_HALF_UP)
            if len(d.as_tuple().digits) - max(0, dtype.scale) <= dtype.precision - dtype.scale or d == 0:
                return d
        raise _Bad
    if isinstance(v, str):
        try:
            if isinstance(dtype, T.DateType):
                return dt.date.fromisoformat(v.strip()[:10])
            if isinstance(dtype, (T.TimestampType, T.TimestampNTZType)):
                ts = dt.datetime.fromisoformat(v.strip())
                if isinstance(dtype, T.TimestampNTZType):
                    return ts.replace(tzinfo=None)
                return (ts if ts.tzinfo else ts.replace(tzinfo=zone)).astimezone(dt.timezone.utc)
        except ValueError:
            raise _Bad from None
    if isinstance(dtype, T.BinaryType) and isinstance(v, str):
        return v.encode()
    raise _Bad


# --------------------------------------------------------------------------- to_json


@kernel("to_json")
def _to_json(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    from engine.expr.typing import dtype_of

    (a,), scalar = broadcast(args[:1])
    raw = dict(args[1].as_py() or []) if len(args) > 1 and isinstance(args[1], pa.Scalar) else {}
    options = {str(k).lower(): str(v) for k, v in raw.items()}
    writing = JsonWriting(
        keep_nulls=options.get("ignorenullfields", "true").strip().lower() == "false",
        date_format=options.get("dateformat"),
        timestamp_format=options.get("timestampformat"),
    )
    out = to_json_text(a, dtype_of(call.args[0]), ctx, writing)  # type: ignore[arg-type]
    if options.get("pretty", "false").strip().lower() == "true":
        out = pretty_json(out)
    return finish(out, scalar)


@dataclass(frozen=True, slots=True)
class JsonWriting:
    """to_json's options: null fields kept (``ignoreNullFields=false``), and the Java patterns
    of dates and timestamps (``dateFormat``, ``timestampFormat``; None for ISO 8601)."""

    keep_nulls: bool = False
    date_format: str | None = None
    timestamp_format: str | None = None


def to_json_text(a: pa.Array, dtype: T.DataType, ctx: EvalContext, writing: JsonWriting = JsonWriting()) -> pa.Array:
    """Values as Spark's JSON text (null where the value is null): structs leave out null
    fields (or write them as null, Spark's ``ignoreNullFields=false``), arrays and maps write
    null, doubles print as Java does, dates and timestamps as ISO 8601 or their patterns."""
    keep_nulls = writing.keep_nulls
    if isinstance(dtype, T.VariantType):
        from engine.compute.variant_values import variant_json

        return variant_json(a, ctx)
    if isinstance(dtype, T.StructType):
        # each present field as ',"name":value' ("" when null), joined, first comma cut: pyarrow's
        # null_handling="skip" drops rows whose inputs are all null instead of joining them to ""
        texts = [to_json_text(a.field(i), f.dataType, ctx, writing) for i, f in enumerate(dtype.fields)]
        parts = [
            pc.fill_null(
                pc.binary_join_element_wise(
                    f",{json.dumps(f.name)}:", pc.fill_null(t, "null") if keep_nulls else t, ""
                ),
                "",
            )
            for t, f in zip(texts, dtype.fields)
        ]
        inner = (
            pc.utf8_slice_codeunits(pc.binary_join_element_wise(*parts, ""), 1)
            if parts
            else pa.repeat(pa.scalar(""), len(a))
        )
        return null_where(_wrap(inner, "{", "}"), ~valid(a))
    if isinstance(dtype, T.ArrayType):
        items = pc.fill_null(to_json_text(_children(a, a.values), dtype.elementType, ctx, writing), "null")
        offsets = pc.subtract(a.offsets, a.offsets[0]) if len(a.offsets) else a.offsets
        lists = pa.ListArray.from_arrays(offsets, items, mask=a.is_null())
        return _wrap(pc.binary_join(lists, ","), "[", "]")
    if isinstance(dtype, T.MapType):
        keys = _quote(_key_text(_children(a, a.keys), dtype.keyType))
        vals = pc.fill_null(to_json_text(_children(a, a.items), dtype.valueType, ctx, writing), "null")
        pairs = pc.binary_join_element_wise(keys, vals, ":")
        offsets = pc.subtract(a.offsets, a.offsets[0]) if len(a.offsets) else a.offsets
        lists = pa.ListArray.from_arrays(offsets, pairs, mask=a.is_null())
        return _wrap(pc.binary_join(lists, ","), "{", "}")
    return _atomic_text(a, dtype, ctx, writing)


def _key_text(a: pa.Array, dtype: T.DataType) -> pa.Array:
    """Map keys as the field names Spark's JSON writer gives them (the key's toString): structs
    and arrays are their parts joined by commas in brackets (``[1,a]``), other values their
    text, a null part ``null``."""
    if isinstance(dtype, T.StructType):
        parts = [pc.fill_null(_key_text(a.field(i), f.dataType), "null") for i, f in enumerate(dtype.fields)]
        inner = pc.binary_join_element_wise(*parts, ",") if parts else pa.repeat(pa.scalar(""), len(a))
        return null_where(_wrap(inner, "[", "]"), ~valid(a))
    if isinstance(dtype, T.ArrayType):
        items = pc.fill_null(_key_text(_children(a, a.values), dtype.elementType), "null")
        offsets = pc.subtract(a.offsets, a.offsets[0]) if len(a.offsets) else a.offsets
        return _wrap(pc.binary_join(pa.ListArray.from_arrays(offsets, items, mask=a.is_null()), ","), "[", "]")
    return a if T.is_string(dtype) else pc.cast(a, pa.string())


def _children(a: pa.Array, child: pa.Array) -> pa.Array:
    """The part of a list or map array's child array that its (possibly sliced) offsets cover."""
    if not len(a.offsets):
        return child.slice(0, 0)
    start = a.offsets[0].as_py()
    return child.slice(start, a.offsets[-1].as_py() - start)


def _atomic_text(a: pa.Array, dtype: T.DataType, ctx: EvalContext, writing: JsonWriting) -> pa.Array:
    if isinstance(dtype, T.DateType) and writing.date_format:
        midnight = from_wall_clock(a.cast(pa.timestamp("us")), ctx)
        return _quote(format_instant(midnight, writing.date_format, ctx))
    if isinstance(dtype, T.TimestampType) and writing.timestamp_format:
        return _quote(format_instant(a, writing.timestamp_format, ctx))
    if T.is_string(dtype):
        return _quote(a)
    if isinstance(dtype, (T.DoubleType, T.FloatType)):
        text = format_floating(a)
        special = pc.is_in(text, pa.array(["NaN", "Infinity", "-Infinity"]))
        return pc.if_else(special, _quote(text), text)
    if isinstance(dtype, T.BooleanType):
        return pc.if_else(a, pa.scalar("true"), pa.scalar("false"))
    if isinstance(dtype, T.DateType):
        return _quote(a.cast(pa.string()))
    if isinstance(dtype, T.TimestampType):
        local = pc.local_timestamp(a.cast(pa.timestamp("us", tz=ctx.timezone)))
        text = pc.strftime(_millis(local), format="%Y-%m-%dT%H:%M:%S")
        zone = pc.strftime(a.cast(pa.timestamp("us", tz=ctx.timezone)), format="%z")
        zone = pc.replace_substring_regex(
            pc.replace_substring(zone, "+0000", "Z"), r"^([+-]\d\d)(\d\d)$", r"\1:\2"
        )
        return _quote(pc.binary_join_element_wise(text, zone, ""))
    if isinstance(dtype, T.TimestampNTZType):
        return _quote(pc.strftime(_millis(a), format="%Y-%m-%dT%H:%M:%S"))
    if isinstance(dtype, T.BinaryType):
        # Jackson writes base64 without line breaks (engine base64() emits MIME lines): per value.
        return _quote(
            pa.array(
                [None if b is None else base64.b64encode(b).decode() for b in a.to_pylist()], pa.string()
            )
        )
    if isinstance(dtype, T.NullType):
        return pa.nulls(len(a), pa.string())
    return a.cast(pa.string())


def _millis(a: pa.Array) -> pa.Array:
    """Timestamps cut to whole milliseconds (rounded down, as Spark's JSON writer prints them)."""
    return pc.floor_temporal(a, unit="millisecond").cast(pa.timestamp("ms"))


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _quote(s: pa.Array) -> pa.Array:
    """Strings as JSON string literals (quotes, backslashes and control characters escaped)."""
    for raw, esc in _ESCAPES.items():
        s = pc.replace_substring(s, raw, esc)
    if pc.any(pc.match_substring_regex(s, r"[\x00-\x1f]")).as_py():
        for code in range(32):
            s = pc.replace_substring(s, chr(code), f"\\u{code:04x}")
    return _wrap(s, '"', '"')


def _wrap(s: pa.Array, left: str, right: str) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(left), s, pa.scalar(right), "")


def _rows(v: Value) -> tuple[list[str | None], bool]:
    """A string argument's values as Python strings (for the per-value JSON parser)."""
    (a,), scalar = broadcast([v])
    return a.cast(pa.string()).to_pylist(), scalar


def _path_steps(path: str | None) -> list[str | int] | None:
    """``$.a.b[0]['c'][*]`` as steps (names, indexes, ``*``); None for a path Spark rejects."""
    if path is None or not path.startswith("$"):
        return None
    steps: list[str | int] = []
    for m in _PATH_STEP.finditer(path, 1):
        name, quoted, index = m.group(1), m.group(2), m.group(3)
        steps.append(
            name
            if name is not None
            else quoted
            if quoted is not None
            else "*"
            if index == "*"
            else int(index)
        )
    rebuilt = "".join(m.group(0) for m in _PATH_STEP.finditer(path, 1))
    return steps if "$" + rebuilt == path else None


_PATH_STEP = re.compile(r"\.([^.\[\]]+)|\['([^']*)'\]|\[(\d+|\*)\]")


_RAW, _QUOTED, _FLATTEN = "raw", "quoted", "flatten"


def _emit(v: Any, steps: list[str | int], style: str) -> list[str]:
    """The JSON texts get_json_object writes for the value at `steps` inside `v` (none: no match),
    following Spark's evaluatePath: a string at the top is bare (raw), inside a wildcard it stays
    quoted; ``[*]`` collects its matches into an array, unwrapped when exactly one element matched;
    ``[*][*]`` flattens the inner arrays into one; a JSON null field is no match."""
    if not steps:
        if style == _FLATTEN and isinstance(v, list):
            return [t for e in v for t in _emit(e, [], style)]
        return [v if style == _RAW and isinstance(v, str) else dump(v)]
    step, rest = steps[0], steps[1:]
    if step == "*":
        if not isinstance(v, list):
            return []
        if rest and rest[0] == "*":
            parts = [t for e in v for t in _emit(e, rest[1:], _FLATTEN)]
            return ["[" + ",".join(parts) + "]"] if parts else []
        if style == _QUOTED:
            parts = [t for e in v for t in _emit(e, rest, _QUOTED)]
            return ["[" + ",".join(parts) + "]"] if parts else []
        matches = [m for m in (_emit(e, rest, _QUOTED if style == _RAW else _FLATTEN) for e in v) if m]
        text = ",".join(t for m in matches for t in m)
        return [] if not matches else [text] if len(matches) == 1 else ["[" + text + "]"]
    if isinstance(step, int):
        if not isinstance(v, list) or step >= len(v):
            return []
        return _emit(v[step], rest, _QUOTED if rest and rest[0] == "*" else style)
    if isinstance(v, dict) and step in v and v[step] is not None:
        return _emit(v[step], rest, style)
    return []


@kernel("get_json_object")
def _get_json_object(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    texts, scalar = _rows(args[0])
    paths, _ = (
        _rows(args[1]) if not isinstance(args[1], pa.Scalar) else ([args[1].as_py()] * len(texts), True)
    )
    out: list[str | None] = []
    for text, path in zip(texts, paths):
        steps = _path_steps(path)
        ok, v = loads(text, HIVE)
        found = _emit(v, steps, _RAW) if ok and steps is not None else []
        out.append("".join(found) if found else None)
    return finish(pa.array(out, pa.string()), scalar)


@kernel("json_tuple")
def _json_tuple(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Runs inside Generate: a one-element list per row holding the requested fields (a struct
    of them, or the bare string for a single field); invalid JSON gives a row of nulls."""
    texts, scalar = _rows(args[0])
    scalar = scalar and all(isinstance(a, pa.Scalar) for a in args[1:])
    names = [_rows(a)[0] for a in args[1:]]
    width = len(names)
    rows: list[Any] = []
    for r, text in enumerate(texts):
        ok, v = loads(text, HIVE)
        obj = v if ok and isinstance(v, dict) else {}
        fields = [text_of(obj.get(names[i][r if len(names[i]) > 1 else 0])) for i in range(width)]
        rows.append([fields[0] if width == 1 else {f"c{i}": x for i, x in enumerate(fields)}])
    # a literal document is one value for every row (finish makes it a scalar Generate repeats)
    return finish(pa.array(rows, pa.list_(T.to_arrow(call.dtype))), scalar)


@kernel("json_array_length")
def _json_array_length(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    texts, scalar = _rows(args[0])
    parsed = [loads(t, HIVE) for t in texts]
    out = [len(v) if ok and isinstance(v, list) else None for ok, v in parsed]
    return finish(pa.array(out, pa.int32()), scalar)


@kernel("json_object_keys")
def _json_object_keys(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    texts, scalar = _rows(args[0])
    parsed = [loads(t, HIVE) for t in texts]
    out = [list(v) if ok and isinstance(v, dict) else None for ok, v in parsed]
    return finish(pa.array(out, pa.list_(pa.string())), scalar)


@kernel("schema_of_json")
def _schema_of_json(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    texts, scalar = _rows(args[0])
    options = dict(args[1].as_py() or []) if len(args) > 1 and isinstance(args[1], pa.Scalar) else {}
    lowered = {str(k).lower(): str(v) for k, v in options.items()}
    features = features_of(lowered)
    out = []
    for text in texts:
        ok, v = loads(text, features)
        if not ok:
            raise SparkRuntimeException(
                f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in schema "
                f"inference: {text}. Parse Mode: FAILFAST.",
                "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
            )
        out.append(json_value_type(v, lowered)._sql())  # noqa: SLF001 - the DDL text Spark prints
    return finish(pa.array(out, pa.string()), scalar)


