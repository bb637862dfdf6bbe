"""CSV reading with Spark's options, schema inference and malformed-row modes.

pyarrow.csv reads every field as a string; engine.io.convert then parses the columns as
whole arrays. Only a file with rows of the wrong field count (in PERMISSIVE or FAILFAST
mode) or a bad value that must be reported with its raw line takes the careful path,
which re-reads the file with Python's csv module to keep each record's text and line.
"""

from __future__ import annotations

import csv as pycsv
import io
import re
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from engine.errors import SparkRuntimeException

from .common import Options, file_uri, option_bool, parse_mode, read_bytes
from .convert import infer_column_type, parse_column, wider_type

if TYPE_CHECKING:
    from .listing import DataFile


def _char(options: Options, key: str, default: str) -> str | bool:
    """A one-character option; an empty value switches the feature off (pyarrow's False)."""
    value = options.get(key, default)
    return value if value else False


def _line_sep(options: Options) -> str | None:
    """The lineSep option when it is not one of the line ends pyarrow already splits on."""
    sep = options.get("linesep")
    return sep if sep and sep not in ("\n", "\r\n", "\r") else None


def _text(path: str, options: Options) -> str | None:
    """The file's text when pyarrow cannot read it as it is: comment lines removed and a custom
    lineSep turned into newlines (pyarrow knows neither); None when the file reads as it is."""
    comment, line_sep = options.get("comment"), _line_sep(options)
    if not comment and not line_sep:
        return None
    encoding = options.get("encoding", options.get("charset", "utf-8"))
    text = read_bytes(path).decode(encoding)
    if line_sep:
        text = text.replace(line_sep, "\n")
    if comment:
        text = re.sub(rf"(?m)^{re.escape(comment)}.*(\r?\n|$)", "", text)
    return text


def _source(path: str, options: Options) -> tuple[pa.NativeFile | io.BytesIO | str, str]:
    """The bytes to parse and their encoding."""
    text = _text(path, options)
    if text is None:
        return pa.input_stream(path), options.get("encoding", options.get("charset", "utf-8"))
    return io.BytesIO(text.encode("utf-8")), "utf-8"


def _parse_options(options: Options, handler: object = None) -> pacsv.ParseOptions:
    quote, escape = _char(options, "quote", '"'), _char(options, "escape", "\\")
    return pacsv.ParseOptions(
        delimiter=options.get("sep", options.get("delimiter", ",")) or ",",
        quote_char=quote,
        # escape '"' (the usual way to read doubled quotes) is the doubling pyarrow already reads;
        # as its own escape character pyarrow would keep the line's end in the value
        escape_char=False if escape == quote else escape,
        double_quote=True,
        newlines_in_values=option_bool(options, "multiline", False),
        invalid_row_handler=handler,
    )


def _header_names(path: str, options: Options) -> list[str]:
    """Column names from the first record (header) or ``_c0, _c1, ...``."""
    header = option_bool(options, "header", False)
    source, encoding = _source(path, options)
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(autogenerate_column_names=not header, encoding=encoding),
            parse_options=_parse_options(options, lambda row: "skip"),
            convert_options=pacsv.ConvertOptions(column_types={}, include_columns=[]),
        )
    except pa.ArrowInvalid as e:
        if "Empty CSV file" in str(e):
            return []
        raise
    names = reader.schema.names
    return _safe_header(names, options.get("nullvalue", "")) if header else [f"_c{i}" for i in range(len(names))]


def _safe_header(names: list[str], null_value: str) -> list[str]:
    """Header names as Spark makes them usable: an empty (or null-value) name is ``_c<i>``, and a
    name repeated in any case gets its position appended (``a,b,a`` -> ``a0, b, a2``)."""
    lowered = [name.lower() for name in names]
    repeated = {name for name in lowered if lowered.count(name) > 1}
    return [
        f"_c{i}" if name in ("", null_value) else f"{name}{i}" if name.lower() in repeated else name
        for i, name in enumerate(names)
    ]


def _raw(path: str, names: list[str], include: list[str], options: Options) -> tuple[pa.Table, list[object]]:
    """`include` columns of `path` as strings (nulls per nullValue), and the skipped bad rows."""
    invalid: list[object] = []

    def handler(row: object) -> str:
        invalid.append(row)
        return "skip"

    source, encoding = _source(path, options)
    if not names:
        return pa.table({}), invalid
    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1 if option_bool(options, "header", False) else 0, encoding=encoding
            ),
            parse_options=_parse_options(options, handler),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                include_columns=include,
                # an unquoted empty field is null; a quoted one ("") is the emptyValue (_values)
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as e:
        if "Empty CSV file" not in str(e) and "Could not skip initial" not in str(e):
            raise
        table = pa.table({n: pa.array([], pa.string()) for n in include})
    return _values(table, options), invalid


def _values(table: pa.Table, options: Options) -> pa.Table:
    """Fields as Spark's CSV parser yields them: trimmed per ignoreLeading/TrailingWhiteSpace,
    an empty (quoted) field read as the emptyValue, then any field equal to nullValue as null
    (so with the defaults, where both are empty, ``""`` is null too)."""
    lead = option_bool(options, "ignoreleadingwhitespace", False)
    trail = option_bool(options, "ignoretrailingwhitespace", False)
    trim = (
        pc.utf8_trim_whitespace
        if lead and trail
        else (pc.utf8_ltrim_whitespace if lead else pc.utf8_rtrim_whitespace if trail else None)
    )
    empty = pa.scalar(options.get("emptyvalue", ""), pa.string())
    null_value = options.get("nullvalue", "")
    columns = []
    for col in table.columns:
        value = trim(col) if trim is not None else col
        value = pc.if_else(pc.equal(value, ""), empty, value)
        columns.append(pc.if_else(pc.equal(value, null_value), pa.scalar(None, pa.string()), value))
    return pa.Table.from_arrays(columns, names=table.column_names)


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """Header (or ``_cN``) names; all strings, or Spark's inferred types when inferSchema is on."""
    names = _header_names(files[0].path, options) if files else []
    if not option_bool(options, "inferschema", False):
        return pa.schema([(n, pa.string()) for n in names])
    types: list[pa.DataType] = [pa.null()] * len(names)
    for f in files:
        table, invalid = _raw(f.path, names, names, options)
        if invalid:  # Spark infers from every record's fields, a short or long record's too
            table = _careful(f.path, names, options)[0]
        types = [
            wider_type(t, infer_column_type(c.combine_chunks(), options))
            for t, c in zip(types, table.columns)
        ]
    return pa.schema([(n, pa.string() if t == pa.null() else t) for n, t in zip(names, types)])


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """One split per CSV file."""
    return [(None, f.size, None)]


def read_file(
    path: str, row_groups: tuple[int, ...] | None, schema: pa.Schema, columns: list[str], options: Options
) -> pa.Table:
    """`columns` of the CSV file typed per `schema`, malformed rows handled per `mode`."""
    mode = parse_mode(options)
    corrupt = options.get("columnnameofcorruptrecord", "_corrupt_record")
    fields = [f for f in schema if f.name != corrupt]
    names = [f.name for f in fields]
    want_corrupt = corrupt in columns and corrupt in schema.names
    include = names if want_corrupt else [n for n in names if n in columns]
    table, invalid = _raw(path, names, include, options)
    lines: pa.Array | None = None
    line_numbers: list[int] | None = None
    if invalid and mode != "DROPMALFORMED":
        table, lines, line_numbers, count_bad = _careful(path, names, options)
        table = table.select(include)
    else:
        count_bad = pa.array([False] * table.num_rows, pa.bool_())
    parsed, bad = _convert(table, schema, include, options)
    bad = pc.or_(bad, count_bad)
    needs_text = mode == "FAILFAST" or (mode == "PERMISSIVE" and want_corrupt)
    if lines is None and needs_text and pc.any(bad).as_py():
        raw, lines, line_numbers, count_bad = _careful(path, names, options)
        parsed, bad = _convert(raw.select(include), schema, include, options)
        bad = pc.or_(bad, count_bad)
    if mode == "FAILFAST" and pc.any(bad).as_py():
        _fail(path, bad, lines, line_numbers)
    if mode == "DROPMALFORMED":
        parsed = parsed.filter(pc.invert(bad))
    elif want_corrupt:
        record = pc.if_else(bad, lines, pa.scalar(None, pa.string()))
        parsed = parsed.append_column(schema.field(corrupt), record)
    from .parquet import conform

    return conform(parsed, schema, columns)


def _convert(
    table: pa.Table, schema: pa.Schema, include: list[str], options: Options
) -> tuple[pa.Table, pa.Array]:
    """Columns parsed to their schema types, and which rows held a value that did not parse."""
    out = table.select([])
    bad = pa.array([False] * table.num_rows, pa.bool_())
    for name in include:
        raw = table.column(name).combine_chunks()
        target = schema.field(name).type
        value = parse_column(raw, target, options)
        bad = pc.or_(bad, pc.and_(raw.is_valid(), value.is_null()))
        out = out.append_column(schema.field(name), value)
    return out, bad


def _careful(path: str, names: list[str], options: Options) -> tuple[pa.Table, pa.Array, list[int], pa.Array]:
    """Every record with its raw text and first line number; short rows padded, long ones cut."""
    encoding = options.get("encoding", options.get("charset", "utf-8"))
    header = option_bool(options, "header", False)
    comment = options.get("comment")
    consumed: list[tuple[int, str]] = []

    def tracked(f: io.TextIOBase) -> object:
        for number, line in enumerate(f, start=1):
            if comment and line.startswith(comment):
                continue
            consumed.append((number, line))
            yield line

    rows: list[list[str | None]] = []
    texts: list[str] = []
    numbers: list[int] = []
    count_bad: list[bool] = []
    text = _text(path, options)
    if text is None:
        text = read_bytes(path).decode(encoding)
    with io.StringIO(text, newline="") as f:
        reader = pycsv.reader(
            tracked(f),
            delimiter=options.get("sep", options.get("delimiter", ",")) or ",",
            quotechar=options.get("quote", '"') or None,
            escapechar=options.get("escape", "\\") or None,
            doublequote=True,
        )
        skip_header = header
        for record in reader:
            record_text = "".join(line for _, line in consumed).rstrip("\r\n")
            first = consumed[0][0] if consumed else 0
            consumed.clear()
            if not record or record == [""]:
                continue
            if skip_header:
                skip_header = False
                continue
            count_bad.append(len(record) != len(names))
            values = (record + [None] * len(names))[: len(names)]
            rows.append([None if v == "" else v for v in values])
            texts.append(record_text)
            numbers.append(first)
    columns = [pa.array([r[i] for r in rows], pa.string()) for i in range(len(names))]
    table = _values(pa.Table.from_arrays(columns, names=names), options)
    return table, pa.array(texts, pa.string()), numbers, pa.array(count_bad, pa.bool_())


def _fail(path: str, bad: pa.Array, lines: pa.Array | None, numbers: list[int] | None) -> None:
    """FAILFAST: raise naming the file, the first bad record and its line."""
    index = pc.index(bad, True).as_py()
    where = f" at line {numbers[index]}" if numbers else ""
    record = f": '{lines[index].as_py()}'" if lines is not None else ""
    msg = (
        f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing "
        f"of {file_uri(path)}{where}{record}. Parse Mode: FAILFAST. To process malformed records as null "
        "result, try setting the option 'mode' as 'PERMISSIVE'; to skip them, 'DROPMALFORMED'."
    )
    raise SparkRuntimeException(
        msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {"path": file_uri(path)}
    )
