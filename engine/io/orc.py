"""ORC reading: schema from file footers, stripe splits, column reads cast to canonical types.

engine writes TimestampType as ORC ``timestamp with local time zone`` and TimestampNTZType
as plain ``timestamp``, and reads them back so, so both round-trip. (Spark marks its NTZ
columns with an ORC attribute pyarrow cannot read and writes TimestampType as plain
``timestamp``: such a column of a Spark-written file reads as TimestampNTZType here.)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.orc as po

from engine.errors import AnalysisException, SparkRuntimeException

from .common import Options, canonical_schema, canonical_table, file_uri, option_bool
from .parquet import conform, file_column_names

if TYPE_CHECKING:
    from .listing import DataFile


def _open(path: str) -> po.ORCFile:
    try:
        return po.ORCFile(path)
    except (pa.ArrowInvalid, OSError) as e:
        msg = (
            f"Could not read the ORC footer of {file_uri(path)}: {e}. "
            "The file is corrupt or not ORC; remove it from the input or read it with its real format."
        )
        raise AnalysisException(msg, "CANNOT_READ_FILE_FOOTER", {"path": file_uri(path)}) from e


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """Schema of the first file, or of all files merged when mergeSchema is true."""
    if not files:
        msg = "Unable to infer schema for ORC. It must be specified manually."
        raise AnalysisException(msg, "UNABLE_TO_INFER_SCHEMA", {"format": "ORC"})
    if not option_bool(options, "mergeschema", False):
        return canonical_schema(_open(files[0].path).schema)
    try:
        return pa.unify_schemas([canonical_schema(_open(f.path).schema) for f in files], promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        raise AnalysisException(f"Failed to merge incompatible ORC schemas: {e}", "CANNOT_MERGE_SCHEMAS") from e


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """(stripes, bytes, rows) per split: the whole file, or runs of stripes of about equal
    count, as many as `target_bytes` asks for."""
    if f.size <= target_bytes:
        return [(None, f.size, None)]
    orc = _open(f.path)
    stripes = orc.nstripes
    if stripes <= 1:
        return [(None, f.size, orc.nrows)]
    count = min(stripes, max(1, math.ceil(f.size / target_bytes)))
    per = math.ceil(stripes / count)
    runs = [tuple(range(s, min(stripes, s + per))) for s in range(0, stripes, per)]
    return [(run, f.size * len(run) // stripes, None) for run in runs]


def read_file(
    path: str, stripes: tuple[int, ...] | None, schema: pa.Schema, columns: list[str], options: Options
) -> pa.Table:
    """`columns` of `path` (all stripes, or `stripes`), typed as in `schema`; columns absent
    from this file come back as nulls."""
    try:
        orc = po.ORCFile(path)
        names = file_column_names(columns, orc.schema.names)
        stored = list(names.values())
        if stripes is None:
            table = orc.read(columns=stored)
        else:
            batches = [orc.read_stripe(i, columns=stored) for i in stripes]
            table = pa.Table.from_batches(batches) if batches else orc.schema.empty_table().select(stored)
        table = table.select(stored).rename_columns(list(names))
    except (pa.ArrowInvalid, OSError) as e:
        msg = f"Encountered error while reading file {file_uri(path)}: {e}. Remove or fix the file."
        raise SparkRuntimeException(msg, "FAILED_READ_FILE.NO_HINT", {"path": file_uri(path)}) from e
    return conform(canonical_table(table), schema, columns)
