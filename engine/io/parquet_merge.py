"""Parquet's mergeSchema as Spark merges file schemas (StructType.merge): fields by name, the
first file's order then new fields; nested structs, arrays and maps merged inside; decimals of
one scale widened to the larger precision. Any other difference, int with bigint included, is
CANNOT_MERGE_SCHEMAS: Spark 4 widens no types here (Arrow's permissive merge would)."""

from __future__ import annotations

import pyarrow as pa

from engine.errors import AnalysisException
from engine.types.arrow import from_arrow_schema


class _Conflict(Exception):
    """Two field types that do not merge."""


def _merged(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    """The merge of two field types, or _Conflict."""
    if a == b or pa.types.is_null(b):
        return a
    if pa.types.is_null(a):
        return b
    if pa.types.is_struct(a) and pa.types.is_struct(b):
        return pa.struct(_merged_fields(list(a), list(b)))
    if pa.types.is_list(a) and pa.types.is_list(b):
        return pa.list_(a.value_field.with_type(_merged(a.value_type, b.value_type)))
    if pa.types.is_map(a) and pa.types.is_map(b):
        return pa.map_(
            _merged(a.key_type, b.key_type), a.item_field.with_type(_merged(a.item_type, b.item_type))
        )
    if pa.types.is_decimal(a) and pa.types.is_decimal(b) and a.scale == b.scale:
        return pa.decimal128(max(a.precision, b.precision), a.scale)
    raise _Conflict


def _merged_fields(left: list[pa.Field], right: list[pa.Field]) -> list[pa.Field]:
    """`left`'s fields merged with `right`'s same-named ones, then `right`'s new fields."""
    others = {f.name: f for f in right}
    out = [f.with_type(_merged(f.type, others[f.name].type)) if f.name in others else f for f in left]
    names = {f.name for f in left}
    return out + [f for f in right if f.name not in names]


def merge_schemas(schemas: list[pa.Schema]) -> pa.Schema:
    """The schemas merged left to right; a pair that does not merge is Spark's CANNOT_MERGE_SCHEMAS,
    naming the schema merged so far and the one that does not merge into it."""
    merged = schemas[0]
    for schema in schemas[1:]:
        try:
            merged = pa.schema(_merged_fields(list(merged), list(schema)))
        except _Conflict:
            left = from_arrow_schema(merged)._sql()  # noqa: SLF001 - the SQL text Spark's error prints
            right = from_arrow_schema(schema)._sql()  # noqa: SLF001
            msg = (
                "[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\nInitial schema:\n"
                f'"{left}"\nSchema that cannot be merged with the initial schema:\n"{right}".'
            )
            params = {"left": f'"{left}"', "right": f'"{right}"'}
            raise AnalysisException(msg, "CANNOT_MERGE_SCHEMAS", params) from None
    return merged
