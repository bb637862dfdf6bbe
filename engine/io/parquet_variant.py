"""Variant columns of Parquet files Spark wrote: found by the Spark schema in the file's footer,
and read back as engine's variant column, shredded ones included.

Spark 4 stores a variant as a group of ``metadata`` and ``value`` binaries, and may shred it
(Parquet's variant shredding): a ``typed_value`` beside ``value`` holds the document, or the
parts of it that have one type in every row, as typed columns (an object's fields as a struct of
``{value, typed_value}`` groups, an array's elements as a list of them), with ``value`` holding
what did not fit. Unshredded columns are re-labelled without touching the bytes; shredded ones
are put back together per row (a document format: row-wise by nature).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from engine.types.variant import VARIANT_ARROW, is_variant_arrow
from engine.types.variant_codec import Float32, decode, encode

_SPARK_SCHEMA = b"org.apache.spark.sql.parquet.row.metadata"
_MISSING = object()


def spark_variant_columns(meta: pq.FileMetaData) -> set[str]:
    """The top-level columns the Spark schema in the footer calls ``variant``."""
    raw = (meta.metadata or {}).get(_SPARK_SCHEMA)
    if not raw:
        return set()
    try:
        fields = json.loads(raw)["fields"]
    except (ValueError, KeyError, TypeError):
        return set()
    return {f["name"] for f in fields if isinstance(f, dict) and f.get("type") == "variant"}


def with_variant_types(schema: pa.Schema, meta: pq.FileMetaData) -> pa.Schema:
    """`schema` with Spark's variant columns typed as engine's variant."""
    for name in spark_variant_columns(meta):
        at = schema.get_field_index(name)
        if at >= 0 and pa.types.is_struct(schema.field(at).type):
            schema = schema.set(at, schema.field(at).with_type(VARIANT_ARROW))
    return schema


def read_variants(table: pa.Table, meta: pq.FileMetaData) -> pa.Table:
    """`table` (as read from the file) with its Spark variant columns as engine variants."""
    for name in spark_variant_columns(meta) & set(table.column_names):
        column = table.column(name)
        if pa.types.is_struct(column.type) and not is_variant_arrow(column.type):
            at = table.column_names.index(name)
            chunks = [unshred(chunk) for chunk in column.chunks]
            table = table.set_column(at, table.schema.field(at).with_type(VARIANT_ARROW), pa.chunked_array(chunks, VARIANT_ARROW))
    return table


def unshred(a: pa.StructArray) -> pa.Array:
    """One chunk of a stored variant group as engine's variant array."""
    names = {a.type.field(i).name for i in range(a.type.num_fields)}
    if "typed_value" not in names:  # not shredded: the same bytes, labelled
        value = a.field("value").fill_null(b"")
        return pa.StructArray.from_arrays([value, a.field("metadata").fill_null(b"")], fields=list(VARIANT_ARROW), mask=a.is_null())
    typed_type = a.type.field("typed_value").type
    pairs = []
    for row in a.to_pylist():
        if row is None:
            pairs.append(None)
            continue
        tree = _rebuild(row["value"], row["typed_value"], typed_type, row["metadata"])
        pairs.append(encode(None if tree is _MISSING else tree))
    values = pa.array([b"" if p is None else p[0] for p in pairs], pa.binary())
    metas = pa.array([b"" if p is None else p[1] for p in pairs], pa.binary())
    return pa.StructArray.from_arrays([values, metas], fields=list(VARIANT_ARROW), mask=pa.array([p is None for p in pairs]))


def _rebuild(value: bytes | None, typed: Any, typed_type: pa.DataType, metadata: bytes) -> Any:
    """The document a ``{value, typed_value}`` pair holds (`_MISSING` when neither is set: an
    object field that is absent from this row)."""
    if typed is not None:
        if pa.types.is_struct(typed_type):  # a shredded object; `value` holds its other fields
            fields = {} if value is None else decode(value, metadata)
            for i in range(typed_type.num_fields):
                field = typed_type.field(i)
                group = typed[field.name]
                part = _MISSING if group is None else _rebuild(group.get("value"), group.get("typed_value"), _typed(field.type), metadata)
                if part is not _MISSING:
                    fields[field.name] = part
            return dict(sorted(fields.items()))
        if pa.types.is_list(typed_type) or pa.types.is_large_list(typed_type):
            element = typed_type.value_type
            return [
                None if e is None else _none(_rebuild(e.get("value"), e.get("typed_value"), _typed(element), metadata))
                for e in typed
            ]
        return _scalar(typed, typed_type)
    if value is not None:
        return decode(value, metadata)
    return _MISSING


def _typed(group: pa.DataType) -> pa.DataType:
    """The type of a ``{value, typed_value}`` group's typed_value (null type when it has none)."""
    names = [group.field(i).name for i in range(group.num_fields)]
    return group.field("typed_value").type if "typed_value" in names else pa.null()


def _none(part: Any) -> Any:
    return None if part is _MISSING else part


def _scalar(v: Any, t: pa.DataType) -> Any:
    """A shredded scalar as a variant tree value (floats kept apart from doubles, timestamps with
    a zone as UTC instants)."""
    if pa.types.is_float32(t):
        return Float32(v)
    if isinstance(v, dt.datetime) and pa.types.is_timestamp(t) and t.tz is not None and v.tzinfo is None:
        return v.replace(tzinfo=dt.timezone.utc)
    return v


def with_spark_schema(table: pa.Table) -> pa.Table:
    """`table` with the Spark schema in its metadata when it holds variant columns, so Spark reads
    them back as VARIANT (without it Spark sees a struct of two binaries)."""
    if not any(is_variant_arrow(f.type) for f in table.schema):
        return table
    from engine.types.arrow import from_arrow_schema

    spark_schema = from_arrow_schema(table.schema).json()
    return table.replace_schema_metadata({**(table.schema.metadata or {}), _SPARK_SCHEMA: spark_schema.encode()})
