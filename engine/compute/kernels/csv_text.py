"""Kernels of from_csv, to_csv and schema_of_csv: one CSV line per value, Spark's defaults
(``,`` separator, ``"`` quotes, an unparsable field or a missing one read as null)."""

from __future__ import annotations

import csv
import itertools
import re

import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.cast import cast_array, to_string
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.compute.kernels.datetime import from_wall_clock
from engine.compute.kernels.datetime_format import parse_local
from engine.expr.nodes import Call
from engine.expr.text_schemas import csv_line_schema
from engine.expr.typing import dtype_of
from engine.types.arrow import to_arrow


def _options(args: list[Value], index: int) -> dict[str, str]:
    """The options map argument (``map('sep', ';')``), keys lower-cased."""
    if len(args) <= index or not isinstance(args[index], pa.Scalar) or not args[index].is_valid:
        return {}
    return {str(k).lower(): str(v) for k, v in args[index].as_py()}


def _separator(options: dict[str, str]) -> str:
    return options.get("sep", options.get("delimiter", ","))


def split_lines(lines: pa.Array, width: int, sep: str) -> list[pa.Array]:
    """The first `width` fields of each line as string columns (null where a line has fewer
    or is null); quoted fields keep their separators, as a CSV reader reads them."""
    rows = csv.reader((line or "" for line in lines.to_pylist()), delimiter=sep)
    padded = (itertools.islice(itertools.chain(r, itertools.repeat(None)), width) for r in rows)
    columns = list(zip(*padded)) if len(lines) else [()] * width
    return [pa.array(c, pa.string()) for c in columns]


@kernel("from_csv")
def _from_csv(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Each field cast to its schema type (null where it does not parse); null lines stay null."""
    (lines,), scalar = broadcast(args[:1])
    schema: T.StructType = call.dtype  # type: ignore[assignment]
    options = _options(args, 2)
    fields = [_trimmed(f, options) for f in split_lines(lines, len(schema.fields), _separator(options))]
    empty_is_null = [pc.if_else(pc.equal(f, ""), pa.scalar(None, pa.string()), f) for f in fields]
    columns = [_field_value(f, sf.dataType, options, ctx) for f, sf in zip(empty_is_null, schema.fields)]
    out = pa.StructArray.from_arrays(columns, fields=list(to_arrow(schema)), mask=lines.is_null())
    return finish(out, scalar)


def _trimmed(field: pa.Array, options: dict[str, str]) -> pa.Array:
    """A field without the whitespace the ignoreLeadingWhiteSpace / ignoreTrailingWhiteSpace
    options drop (both off when reading, as in Spark)."""
    if options.get("ignoreleadingwhitespace", "false").lower() == "true":
        field = pc.utf8_ltrim_whitespace(field)
    if options.get("ignoretrailingwhitespace", "false").lower() == "true":
        field = pc.utf8_rtrim_whitespace(field)
    return field


def _field_value(text: pa.Array, dtype: T.DataType, options: dict[str, str], ctx: EvalContext) -> pa.Array:
    """One field's text as its schema type: dates and timestamps in the ``dateFormat`` /
    ``timestampFormat`` pattern when given one, everything else by the cast rules (null where
    it does not parse, as PERMISSIVE reading makes it)."""
    pattern = options.get("dateformat") if isinstance(dtype, T.DateType) else None
    if isinstance(dtype, T.TimestampType):
        pattern = options.get("timestampformat")
    if not pattern:
        return cast_array(text, T.StringType(), dtype, ctx, safe=True)
    parsed = parse_local(text, pattern, False, "DATE" if isinstance(dtype, T.DateType) else "TIMESTAMP")
    return pc.cast(parsed, pa.date32()) if isinstance(dtype, T.DateType) else from_wall_clock(parsed, ctx)


_WHITESPACE = "".join(chr(c) for c in range(33))  # what the CSV writer trims: every char up to ' '


@kernel("to_csv")
def _to_csv(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The fields as text joined by the separator; a field holding the separator or a quote,
    or an empty string, is quoted (a quote inside escaped by a backslash, as Spark's writer
    does), a null field is empty. Leading and trailing whitespace is dropped first unless the
    ``ignoreLeadingWhiteSpace`` / ``ignoreTrailingWhiteSpace`` options say false (Spark's
    writer defaults)."""
    (rows,), scalar = broadcast(args[:1])
    options = _options(args, 1)
    sep = _separator(options)
    dtype: T.StructType = dtype_of(call.args[0])  # type: ignore[assignment]
    texts = []
    for i, f in enumerate(dtype.fields):
        text = to_string(pc.struct_field(rows, [i]), f.dataType, ctx)
        if options.get("ignoreleadingwhitespace", "true").lower() != "false":
            text = pc.utf8_ltrim(text, _WHITESPACE)
        if options.get("ignoretrailingwhitespace", "true").lower() != "false":
            text = pc.utf8_rtrim(text, _WHITESPACE)
        # an empty string is quoted, so it reads back apart from a null (an empty field)
        needs_quotes = pc.or_(pc.match_substring_regex(text, f"[{re.escape(sep)}\"\n]"), pc.equal(text, ""))
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '\\"'), '"', "")
        texts.append(pc.fill_null(pc.if_else(needs_quotes, quoted, text), ""))
    out = pc.binary_join_element_wise(*texts, sep) if texts else pa.repeat(pa.scalar(""), len(rows))
    return finish(pc.if_else(rows.is_valid(), out, pa.scalar(None, pa.string())), scalar)


@kernel("schema_of_csv")
def _schema_of_csv(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``STRUCT<_c0: INT, _c1: STRING>`` for the one literal line (the first when many)."""
    (lines,), scalar = broadcast(args[:1])
    line = lines[0].as_py() if len(lines) else ""
    ddl = csv_line_schema(line, _options(args, 1))
    return finish(pa.repeat(pa.scalar(ddl), len(lines)), scalar)
