"""Tables to CSV / JSON-lines text as Spark writes them, column by column with Arrow kernels."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from engine.types.variant import is_variant_arrow
from engine.types.variant_text import jvm_json

from .common import Options, option_bool
from .convert import java_to_strptime


def _number_text(col: pa.Array) -> pa.Array:
    """Floats as Java prints them: ``2.0``, ``1.0E20``, ``9.0E-4``, ``NaN``, ``Infinity``."""
    from engine.compute.cast_text import format_floating

    return format_floating(col)


def _timestamp_text(col: pa.Array, fmt: str | None) -> pa.Array:
    """Spark's default ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` (``Z`` for UTC), or `fmt`."""
    if fmt:
        return pc.strftime(col, format=java_to_strptime(fmt))
    # Spark writes milliseconds, the micros cut off (floored, so 1969's instants stay in their millisecond)
    millis = pc.cast(pc.floor_temporal(col, unit="millisecond"), pa.timestamp("ms", tz=col.type.tz))
    text = pc.strftime(millis, format="%Y-%m-%dT%H:%M:%S")
    return pc.binary_join_element_wise(text, "Z", "") if col.type.tz else text


def value_text(col: pa.Array, options: Options) -> pa.Array:
    """Every value of `col` as the text Spark writes for it; nulls stay null."""
    t = col.type
    if pa.types.is_string(t):
        return col
    if pa.types.is_floating(t):
        return _number_text(col)
    if pa.types.is_timestamp(t):
        return _timestamp_text(col, options.get("timestampformat"))
    if pa.types.is_date(t):
        fmt = options.get("dateformat")
        return pc.strftime(col, format=java_to_strptime(fmt)) if fmt else pc.cast(col, pa.string())
    if pa.types.is_boolean(t) or pa.types.is_integer(t) or pa.types.is_decimal(t):
        return pc.cast(col, pa.string())
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return _binary_text(col, lambda b: "[" + " ".join(f"{x:02X}" for x in b) + "]")
    return _json_values(col, t)


def _binary_text(col: pa.Array, show: Callable[[bytes], str]) -> pa.Array:
    """Binary values as text: CSV shows their bytes in hex (``[61 62]``), JSON in base64 (Spark)."""
    return pa.array([None if v is None else show(v) for v in col.to_pylist()], pa.string())


def encode_csv(table: pa.Table, options: Options) -> bytes:
    """CSV text as Spark writes it (the univocity writer's rules, with Spark's defaults).

    Strings are trimmed (ignoreLeading/TrailingWhiteSpace default to true for writing); a value is
    quoted when it holds the separator, the quote (unless escapeQuotes is false), a line break, or
    starts with ``#``, or always with quoteAll; inside quotes the escape character is doubled and
    quotes are escaped with it; an empty string is written as emptyValue (``""``), null as nullValue.
    """
    sep = options.get("sep", options.get("delimiter", ",")) or ","
    line_sep = options.get("linesep") or "\n"
    fields = [_csv_field(value_text(c.combine_chunks(), options), c.type, options) for c in table.columns]
    head = ""
    if option_bool(options, "header", False):
        names = _csv_field(pa.array(table.column_names, pa.string()), pa.string(), {**options, "emptyvalue": ""})
        head = sep.join(names.to_pylist()) + line_sep
    body = ""
    if table.num_columns and table.num_rows:
        rows = pc.binary_join_element_wise(*fields, sep) if len(fields) > 1 else fields[0]
        body = concat_lines(rows, line_sep)
    return (head + body).encode(options.get("encoding", options.get("charset", "utf-8")))


def _csv_field(text: pa.Array, source_type: pa.DataType, options: Options) -> pa.Array:
    """One column's values as CSV fields: trimmed, quoted and escaped per the options, nulls as nullValue."""
    sep = options.get("sep", options.get("delimiter", ",")) or ","
    quote = options.get("quote", '"')
    escape = options.get("escape", "\\")
    null_value = options.get("nullvalue", "")
    quote_all = option_bool(options, "quoteall", False)
    escape_quotes = option_bool(options, "escapequotes", True)
    leads_comment = pc.starts_with(text, options.get("comment") or "#")
    if pa.types.is_string(source_type) or pa.types.is_large_string(source_type):
        if option_bool(options, "ignoreleadingwhitespace", True):
            text = pc.utf8_ltrim_whitespace(text)
        if option_bool(options, "ignoretrailingwhitespace", True):
            text = pc.utf8_rtrim_whitespace(text)
    empty = pc.equal(text, "")
    if not quote:
        out = text
    else:
        specials = {sep, "\n", "\r"} | ({quote} if escape_quotes else set())
        pattern = "[" + "".join("\\" + c for c in sorted(specials)) + "]"
        special = pc.or_(pc.match_substring_regex(text, pattern), leads_comment)
        if quote_all:
            special = pa.array([True] * len(text), pa.bool_())
        escaped = text
        if escape_quotes:
            if escape and escape != quote:
                escaped = pc.replace_substring(escaped, escape, escape + escape)
            escaped = pc.replace_substring(escaped, quote, (escape or quote) + quote)
        quoted = pc.binary_join_element_wise(quote, escaped, quote, "")
        out = pc.if_else(pc.fill_null(special, False), quoted, text)
    if not quote_all or not quote:
        out = pc.if_else(pc.fill_null(empty, False), pa.scalar(options.get("emptyvalue", '""')), out)
    null_text = f"{quote}{null_value}{quote}" if quote_all and quote else null_value
    return pc.fill_null(out, null_text)


def concat_lines(rows: pa.Array, line_sep: str = "\n") -> str:
    """All `rows` joined, each ended by `line_sep`, in one Arrow kernel call."""
    lines = pc.binary_join_element_wise(rows, line_sep, "")
    return pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(lines)], pa.int32()), lines), "")[
        0
    ].as_py()


def _json_value(col: pa.Array, options: Options) -> pa.Array:
    """Each value as JSON text; nulls stay null so the field is left out, as Spark does."""
    t = col.type
    if pa.types.is_integer(t) or pa.types.is_boolean(t):
        return pc.cast(col, pa.string())
    if pa.types.is_floating(t):
        text = _number_text(col)
        special = pc.is_in(text, pa.array(["NaN", "Infinity", "-Infinity"]))
        return pc.if_else(special, pc.binary_join_element_wise('"', text, '"', ""), text)
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        text = _binary_text(col, lambda b: base64.b64encode(b).decode("ascii"))
        return pc.binary_join_element_wise('"', text, '"', "")
    if pa.types.is_string(t) or pa.types.is_date(t) or pa.types.is_timestamp(t) or pa.types.is_decimal(t):
        text = value_text(col, options)
        if pa.types.is_decimal(t):
            return text
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            text = pc.replace_substring(text, raw, escaped)
        return pc.binary_join_element_wise('"', text, '"', "")
    if is_variant_arrow(t):  # the document itself, as Spark's JSON writer puts it
        zone = options.get("timezone") or "UTC"
        texts = [None if v is None else jvm_json(v["value"], v["metadata"], zone) for v in col.to_pylist()]
        return pa.array(texts, pa.string())
    return _json_values(col, t, not option_bool(options, "ignorenullfields", True))


def _nested(v: object, t: pa.DataType, keep_nulls: bool = False) -> object:
    """A nested value as Spark writes it in JSON: maps as objects, null struct fields left out
    (kept, as null, with `keep_nulls`: the ignoreNullFields=false option)."""
    if v is None:
        return None
    if is_variant_arrow(t):  # a variant inside a struct, array or map: its document
        return json.loads(jvm_json(v["value"], v["metadata"]))  # type: ignore[index]
    if pa.types.is_map(t):
        return {str(k): _nested(x, t.item_type, keep_nulls) for k, x in v}  # type: ignore[attr-defined]
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [_nested(x, t.value_type, keep_nulls) for x in v]  # type: ignore[attr-defined]
    if pa.types.is_struct(t):
        fields = (f for f in t if keep_nulls or v[f.name] is not None)  # type: ignore[index]
        return {f.name: _nested(v[f.name], f.type, keep_nulls) for f in fields}  # type: ignore[index]
    if pa.types.is_decimal(t):
        return float(v) if v == v else None  # type: ignore[arg-type]
    return v


def _json_values(col: pa.Array, t: pa.DataType, keep_nulls: bool = False) -> pa.Array:
    """Each nested value as compact JSON text (nested values are the one per-value path)."""
    return pa.array(
        [
            None if v is None else json.dumps(_nested(v, t, keep_nulls), separators=(",", ":"), default=str)
            for v in col.to_pylist()
        ],
        pa.string(),
    )


def encode_json(table: pa.Table, options: Options) -> bytes:
    """JSON lines: one object per row, null fields omitted (written as null with the
    ignoreNullFields=false option, as in Spark)."""
    if table.num_rows == 0:
        return b""
    keep_nulls = not option_bool(options, "ignorenullfields", True)
    parts = []
    for name, col in zip(table.column_names, table.columns):
        value = _json_value(col.combine_chunks(), options)
        if keep_nulls:
            value = pc.fill_null(value, "null")
        # each present field as `"name":value,` ('' when null), the last comma cut below;
        # binary_join_element_wise(..., null_handling="skip") drops rows whose fields are all
        # null (pyarrow 26), so a row of nulls would vanish instead of being written as {}
        parts.append(pc.fill_null(pc.binary_join_element_wise(json.dumps(name) + ":", value, ",", ""), ""))
    if parts:
        body = pc.replace_substring_regex(pc.binary_join_element_wise(*parts, ""), ",$", "")
    else:
        body = pa.array([""] * table.num_rows, pa.string())
    rows = pc.binary_join_element_wise("{", body, "}", "")
    return concat_lines(rows, options.get("linesep") or "\n").encode(options.get("encoding", "utf-8"))
