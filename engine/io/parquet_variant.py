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

from engine.types.atomic import DataType
from engine.types.nested import ArrayType, MapType, StructType
from engine.types.variant import VARIANT_ARROW, VariantType, is_variant_arrow
from engine.types.variant_codec import Float32, decode, encode

_SPARK_SCHEMA = b"org.apache.spark.sql.parquet.row.metadata"
_MISSING = object()


def spark_variant_columns(meta: pq.FileMetaData) -> dict[str, DataType]:
    """The Spark type of each top-level column whose type in the footer's Spark schema is or
    holds a ``variant``."""
    raw = (meta.metadata or {}).get(_SPARK_SCHEMA)
    if not raw or b"variant" not in raw:
        return {}
    try:
        schema = StructType.fromJson(json.loads(raw))
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {f.name: f.dataType for f in schema.fields if has_variant(f.dataType)}


def with_variant_types(schema: pa.Schema, meta: pq.FileMetaData) -> pa.Schema:
    """`schema` with Spark's variants (at any depth) typed as engine's variant."""
    for name, spark_type in spark_variant_columns(meta).items():
        at = schema.get_field_index(name)
        if at >= 0:
            schema = schema.set(at, schema.field(at).with_type(_retyped(schema.field(at).type, spark_type)))
    return schema


def _retyped(t: pa.DataType, spark_type: DataType) -> pa.DataType:
    """Arrow type `t` as read from the file, its variant groups replaced by engine's variant."""
    if isinstance(spark_type, VariantType):
        return VARIANT_ARROW
    if isinstance(spark_type, ArrayType) and (pa.types.is_list(t) or pa.types.is_large_list(t)):
        field = t.value_field
        return pa.list_(field.with_type(_retyped(field.type, spark_type.elementType)))
    if isinstance(spark_type, MapType) and pa.types.is_map(t):
        item = t.item_field
        return pa.map_(t.key_field, item.with_type(_retyped(item.type, spark_type.valueType)))
    if isinstance(spark_type, StructType) and pa.types.is_struct(t):
        types = {f.name: f.dataType for f in spark_type.fields}
        fields = [t.field(i) for i in range(t.num_fields)]
        return pa.struct([f.with_type(_retyped(f.type, types[f.name])) if f.name in types else f for f in fields])
    return t


def read_variants(table: pa.Table, meta: pq.FileMetaData) -> pa.Table:
    """`table` (as read from the file) with Spark's variants, at any depth, as engine variants."""
    for name, spark_type in spark_variant_columns(meta).items():
        if name not in table.column_names:
            continue
        at = table.column_names.index(name)
        column = table.column(at)
        chunks = [_converted(chunk, spark_type) for chunk in column.chunks]
        target = _retyped(column.type, spark_type)
        table = table.set_column(at, table.schema.field(at).with_type(target), pa.chunked_array(chunks, target))
    return table


def _converted(a: pa.Array, spark_type: DataType) -> pa.Array:
    """One chunk with its variant groups, at any depth, made engine variants."""
    if isinstance(spark_type, VariantType):
        return a if is_variant_arrow(a.type) else unshred(a)
    target = _retyped(a.type, spark_type)
    if isinstance(spark_type, ArrayType) and isinstance(a, pa.ListArray):
        values = _converted(a.values, spark_type.elementType)
        return pa.ListArray.from_arrays(a.offsets, values, type=target, mask=a.is_null() if a.null_count else None)
    if isinstance(spark_type, MapType) and isinstance(a, pa.MapArray):
        items = _converted(a.items, spark_type.valueType)
        return pa.MapArray.from_arrays(a.offsets, a.keys, items, type=target, mask=a.is_null() if a.null_count else None)
    if isinstance(spark_type, StructType) and isinstance(a, pa.StructArray):
        types = {f.name: f.dataType for f in spark_type.fields}
        children = [
            _converted(a.field(i), types[a.type.field(i).name]) if a.type.field(i).name in types else a.field(i)
            for i in range(a.type.num_fields)
        ]
        return pa.StructArray.from_arrays(children, fields=list(target), mask=a.is_null() if a.null_count else None)
    return a


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


def has_variant(t: DataType) -> bool:
    """Whether Spark type `t` is or holds a variant."""
    if isinstance(t, VariantType):
        return True
    if isinstance(t, ArrayType):
        return has_variant(t.elementType)
    if isinstance(t, MapType):
        return has_variant(t.valueType)
    if isinstance(t, StructType):
        return any(has_variant(f.dataType) for f in t.fields)
    return False


def with_spark_schema(table: pa.Table) -> pa.Table:
    """`table` with the Spark schema in its metadata when it holds variant columns, so Spark reads
    them back as VARIANT (without it Spark sees a struct of two binaries)."""
    from engine.types.arrow import from_arrow_schema

    schema = from_arrow_schema(table.schema)
    if not any(has_variant(f.dataType) for f in schema.fields):
        return table
    spark_schema = schema.json()
    return table.replace_schema_metadata({**(table.schema.metadata or {}), _SPARK_SCHEMA: spark_schema.encode()})
