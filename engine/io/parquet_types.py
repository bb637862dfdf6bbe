"""Which Parquet column types Spark's reader agrees to read as a requested (user or merged) type.

Spark's vectorized Parquet reader widens some types (int to bigint, double or a wide enough
decimal; float to double; date to timestamp_ntz; a decimal to a wider one) and refuses the rest
with FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH, where Arrow would cast silently
(``a string`` over an int column read ``'1'``). Only the refusals observed in Spark 4 are
raised here; a pairing not listed is read by a cast as before.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from engine.errors import SparkRuntimeException
from engine.types.arrow import from_arrow

from .common import canonical_type, file_uri

# pyarrow's names of Parquet physical types as Spark prints them
_PHYSICAL = {"BYTE_ARRAY": "BINARY"}


def _is_text(t: pa.DataType) -> bool:
    return (
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or pa.types.is_fixed_size_binary(t)
    )


def _refused(stored: pa.DataType, wanted: pa.DataType) -> bool:
    """Whether Spark refuses to read a Parquet column stored as `stored` as `wanted` (both primitive)."""
    if pa.types.is_dictionary(stored):
        stored = stored.value_type
    stored = canonical_type(stored)  # views, large and unsigned flavours as engine reads them
    if stored == wanted or pa.types.is_null(stored) or pa.types.is_null(wanted):
        return False
    if _is_text(stored) != _is_text(wanted) or pa.types.is_boolean(stored) != pa.types.is_boolean(wanted):
        return True
    if pa.types.is_integer(stored):
        whole = 20 if stored.bit_width == 64 else 10  # digits a decimal needs to hold every value
        if pa.types.is_integer(wanted):
            return stored.bit_width == 64 and wanted.bit_width < 64
        if pa.types.is_decimal(wanted):
            return wanted.precision - wanted.scale < whole
        return pa.types.is_float32(wanted) or pa.types.is_float64(wanted) and stored.bit_width == 64
    if pa.types.is_floating(stored):
        narrower = pa.types.is_float32(wanted) and pa.types.is_float64(stored)
        return narrower or pa.types.is_integer(wanted) or pa.types.is_decimal(wanted)
    if pa.types.is_decimal(stored) and pa.types.is_decimal(wanted):
        return (
            wanted.scale < stored.scale or wanted.precision - wanted.scale < stored.precision - stored.scale
        )
    if pa.types.is_date32(stored) and pa.types.is_timestamp(wanted):
        return wanted.tz is not None
    return False


def _mismatch(
    stored: pa.DataType, wanted: pa.DataType, path: list[str]
) -> tuple[list[str], pa.DataType] | None:
    """The first primitive field (its path and wanted type) of `wanted` Spark refuses to read from
    `stored`, looking into structs field by field; None when all are readable."""
    if pa.types.is_struct(stored) and pa.types.is_struct(wanted):
        for field in wanted:
            index = stored.get_field_index(field.name)
            if index >= 0:
                found = _mismatch(stored.field(index).type, field.type, [*path, field.name])
                if found:
                    return found
        return None
    nested = (pa.types.is_struct, pa.types.is_list, pa.types.is_large_list, pa.types.is_map)
    if any(kind(stored) or kind(wanted) for kind in nested):
        return None
    return (path, wanted) if _refused(stored, wanted) else None


def _physical_type(parquet_schema: pq.ParquetSchema, path: list[str]) -> str:
    """The Parquet physical type of the leaf column at `path`, as Spark names it."""
    dotted = ".".join(path)
    for i in range(len(parquet_schema)):
        column = parquet_schema.column(i)
        if column.path == dotted:
            return _PHYSICAL.get(column.physical_type, column.physical_type)
    return "UNKNOWN"


def check_readable(path: str, metadata: pq.FileMetaData, names: dict[str, str], schema: pa.Schema) -> None:
    """Raise Spark's FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH when a column of the file
    (`names`: requested name to stored name) cannot be read as its type in `schema`."""
    file_schema = metadata.schema.to_arrow_schema()
    for name, stored in names.items():
        found = _mismatch(file_schema.field(stored).type, schema.field(name).type, [stored])
        if found is None:
            continue
        column, wanted = found
        uri = file_uri(path)
        msg = (
            f"[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Encountered error while reading file {uri}. "
            f"Data type mismatches when reading Parquet column [{', '.join(column)}]. Expected Spark type "
            f"{from_arrow(wanted).simpleString()}, actual Parquet type "
            f"{_physical_type(metadata.schema, column)}."
        )
        raise SparkRuntimeException(msg, "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH", {"path": uri})
