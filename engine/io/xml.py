"""XML reading (``spark.read.xml(path, rowTag=...)``): one row per ``<rowTag>`` element.

A file is cut into records at its row tag the way Spark's XmlTokenizer cuts it (by the tags
in the text, whatever surrounds them), and each record is read on its own, so one malformed
record costs only its row: PERMISSIVE gives it null fields and its text in the corrupt-record
column, DROPMALFORMED leaves it out, FAILFAST fails the read naming the file. Schema inference
merges the records of every file as Spark's XmlInferSchema does (see engine.expr.xml_infer).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow as pa

from engine import types as T
from engine.errors import AnalysisException, SparkRuntimeException
from engine.expr.xml_infer import records_type
from engine.expr.xml_parse import MalformedXml, XmlOptions, parse_row, record_texts
from engine.expr.xml_values import records_values, variant_tree
from engine.types.arrow import from_arrow_schema
from engine.types.variant_codec import encode

from .common import Options, file_uri, read_bytes

if TYPE_CHECKING:
    from .listing import DataFile


def xml_options(options: Options) -> XmlOptions:
    """The options, with Spark's error when the rowTag that XML files need is missing."""
    if not options.get("rowtag"):
        msg = "[XML_ROW_TAG_MISSING] `rowTag` option is required for reading/writing files in XML format."
        raise AnalysisException(msg, "XML_ROW_TAG_MISSING")
    return XmlOptions.of(dict(options))


def _records(path: str, options: Options) -> list[str]:
    data = read_bytes(path)
    encoding = options.get("encoding", options.get("charset", "utf-8"))
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        msg = f"Cannot read {file_uri(path)} as XML: {e}. Set option 'encoding' to the file's charset."
        raise SparkRuntimeException(msg) from e
    return record_texts(text, options.get("rowtag", ""))


def _documents(path: str, texts: list[str], schema: pa.Schema, opts: XmlOptions) -> pa.Table:
    """singleVariantColumn: each record as one VARIANT document (a malformed one null, left out
    with DROPMALFORMED, an error with FAILFAST)."""
    rows: list[dict[str, bytes] | None] = []
    for i, text in enumerate(texts):
        try:
            value, metadata = encode(variant_tree(parse_row(text, opts), opts))
            rows.append({"value": value, "metadata": metadata})
        except MalformedXml as e:
            if opts.mode == "FAILFAST":
                msg = f"[FAILED_READ_FILE.NO_HINT] Encountered error while reading file {file_uri(path)}. Malformed record {i + 1} ({e})."
                raise SparkRuntimeException(msg, "FAILED_READ_FILE.NO_HINT", {"path": file_uri(path)}) from e
            if opts.mode == "PERMISSIVE":
                rows.append(None)
    return pa.table({schema.names[0]: pa.array(rows, schema.field(0).type)})


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """The merged struct of every record of every file, fields sorted by name, as Spark infers it."""
    opts = xml_options(options)
    single = options.get("singlevariantcolumn")
    if single:  # each record one document: nothing to infer
        return T.to_arrow_schema(T.StructType([T.StructField(single, T.VariantType())]))
    reading = ""

    def texts() -> Iterator[str]:
        nonlocal reading
        for f in files:
            reading = f.path
            yield from _records(f.path, options)

    try:
        return T.to_arrow_schema(records_type(texts(), opts))
    except SparkRuntimeException as e:  # FAILFAST met a malformed record: say in which file
        msg = f"{e.args[0]} File: {file_uri(reading)}."
        raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {"path": file_uri(reading)}) from e


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """One split per XML file (a record may span any byte range)."""
    return [(None, f.size, None)]


def read_file(
    path: str, row_groups: tuple[int, ...] | None, schema: pa.Schema, columns: list[str], options: Options
) -> pa.Table:
    """The file's records as rows of `schema`, malformed ones handled per the mode."""
    opts = xml_options(options)
    struct = T.StructType(from_arrow_schema(schema).fields)
    texts = _records(path, options)
    if options.get("singlevariantcolumn") and len(struct.fields) == 1 and isinstance(struct.fields[0].dataType, T.VariantType):
        return _documents(path, texts, schema, opts)
    try:
        values = records_values(list(texts), struct, opts)
    except MalformedXml as e:
        msg = (
            f"[FAILED_READ_FILE.NO_HINT] Encountered error while reading file {file_uri(path)}. Malformed record "
            f"{e.args[1] + 1} ({e.args[0]}). Parse Mode: FAILFAST. To process malformed records as null result, "
            "try setting the option 'mode' as 'PERMISSIVE'; to skip them, 'DROPMALFORMED'."
        )
        raise SparkRuntimeException(msg, "FAILED_READ_FILE.NO_HINT", {"path": file_uri(path)}) from e
    rows = pa.array(values, pa.struct(list(schema)))
    table = pa.Table.from_struct_array(rows) if schema.names else pa.table({"_": rows}).select([])
    return table.select([c for c in columns if c in table.column_names])
