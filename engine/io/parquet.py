"""Parquet reading: schema from footers, row-group splits, column reads cast to canonical types."""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from engine.errors import AnalysisException, SparkRuntimeException

from .common import Options, canonical_schema, canonical_table, file_uri, option_bool
from .parquet_merge import merge_schemas
from .parquet_types import check_readable
from .parquet_variant import read_variants, with_variant_types

if TYPE_CHECKING:
    from .listing import DataFile


def footer(path: str) -> pq.FileMetaData:
    """The footer of `path` for planning; an unreadable one is an AnalysisException naming the file."""
    try:
        return _footer(path)
    except (pa.ArrowInvalid, OSError) as e:
        msg = (
            f"Could not read the Parquet footer of {file_uri(path)}: {e}. "
            "The file is corrupt or not Parquet; remove it from the input or read it with its real format."
        )
        raise AnalysisException(msg, "CANNOT_READ_FILE_FOOTER", {"path": file_uri(path)}) from e


def _footer(path: str) -> pq.FileMetaData:
    """The footer of `path`, read once per version of the file (planning asks for it often)."""
    st = os.stat(path)
    return _cached_footer(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=1024)
def _cached_footer(path: str, size: int, mtime_ns: int) -> pq.FileMetaData:
    return pq.read_metadata(path)


@lru_cache(maxsize=256)
def _whole_file(path: str, size: int, mtime_ns: int, coded: tuple[str, ...]) -> ds.ParquetFileFragment:
    """One version of `path` as a dataset fragment holding its parsed footer, reading `coded`
    columns as dictionaries. A task reads a file a few row groups at a time, and a fragment made
    afresh for each piece parsed the footer again (~1 ms for lineitem's, every piece)."""
    options = ds.ParquetReadOptions(dictionary_columns=list(coded)) if coded else None
    fragment = ds.ParquetFileFormat(read_options=options).make_fragment(path, pafs.LocalFileSystem())
    fragment.ensure_complete_metadata()
    return fragment


def column_bounds(paths: list[str], column: str) -> tuple[Any, Any] | None:
    """The smallest and largest value of top-level `column` in the files' row-group statistics,
    or None when a file lacks the column or its statistics (estimates only: never a filter)."""
    per_file = []
    for path in paths:
        st = os.stat(path)
        per_file.append(_file_column_bounds(path, st.st_size, st.st_mtime_ns, column))
    return _span(per_file)


@lru_cache(maxsize=4096)
def _file_column_bounds(path: str, size: int, mtime_ns: int, column: str) -> tuple[Any, Any] | None:
    """column_bounds of one version of one file (estimates ask for the same column many times)."""
    meta = footer(path)
    index = next((i for i in range(meta.num_columns) if meta.schema.column(i).path == column), None)
    if index is None:
        return None
    per_group = []
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(index).statistics
        per_group.append((stats.min, stats.max) if stats is not None and stats.has_min_max else None)
    return _span(per_group)


def _span(bounds: list[tuple[Any, Any] | None]) -> tuple[Any, Any] | None:
    """(min, max) over (min, max) pairs; None when there are none, one is unknown, or values
    do not compare."""
    if not bounds or any(b is None for b in bounds):
        return None
    try:
        return min(b[0] for b in bounds), max(b[1] for b in bounds)  # type: ignore[index]
    except TypeError:
        return None


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """Schema of the first file, or of all files merged when mergeSchema is true."""
    if not files:
        msg = "Unable to infer schema for Parquet. It must be specified manually."
        raise AnalysisException(msg, "UNABLE_TO_INFER_SCHEMA", {"format": "Parquet"})
    if not option_bool(options, "mergeschema", False):
        return canonical_schema(_file_schema(files[0].path))
    with ThreadPoolExecutor(8) as pool:
        schemas = list(pool.map(lambda f: _file_schema(f.path), files))
    return merge_schemas([canonical_schema(s) for s in schemas])


def _file_schema(path: str) -> pa.Schema:
    """The file's Arrow schema, INT96 columns as instants: Spark writes its TIMESTAMP as INT96 by
    default (UTC instants), which pyarrow reads as zone-less and engine would take for TIMESTAMP_NTZ."""
    parquet_schema = footer(path).schema
    schema = parquet_schema.to_arrow_schema()
    for i in range(len(parquet_schema)):
        column = parquet_schema.column(i)
        if column.physical_type == "INT96" and column.path in schema.names:
            at = schema.get_field_index(column.path)
            field = schema.field(at)
            if pa.types.is_timestamp(field.type) and field.type.tz is None:
                schema = schema.set(at, field.with_type(pa.timestamp(field.type.unit, tz="UTC")))
    return with_variant_types(schema, footer(path))  # Spark's variant columns, shredded or not


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """(row_groups, bytes, rows) per split: the whole file, or runs of row groups of about equal
    size, as many as `target_bytes` asks for (no small leftover split at the end)."""
    if f.size <= target_bytes:
        return [(None, f.size, None)]
    meta = footer(f.path)
    if meta.num_row_groups <= 1:
        return [(None, f.size, meta.num_rows)]
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    sizes = [sum(rg.column(c).total_compressed_size for c in range(rg.num_columns)) for rg in groups]
    total = sum(sizes)
    count = min(len(groups), max(1, math.ceil(total / target_bytes)))
    runs: dict[int, list[int]] = {}
    done = 0
    for i, size in enumerate(sizes):  # a row group goes to the split its middle byte falls in
        runs.setdefault(min(count - 1, int((done + size / 2) * count / max(total, 1))), []).append(i)
        done += size
    return [(tuple(r), sum(sizes[g] for g in r), sum(groups[g].num_rows for g in r)) for r in runs.values()]


def row_group_runs(path: str, row_groups: tuple[int, ...] | None, target_rows: int) -> list[tuple[int, ...]]:
    """`row_groups` of `path` (all when None) as consecutive runs of about `target_rows` rows,
    so a task can read its split a piece at a time."""
    meta = footer(path)
    groups = range(meta.num_row_groups) if row_groups is None else row_groups
    runs: list[list[int]] = [[]]
    rows = 0
    for g in groups:
        if runs[-1] and rows >= target_rows:
            runs.append([])
            rows = 0
        runs[-1].append(g)
        rows += meta.row_group(g).num_rows
    return [tuple(r) for r in runs if r]


def read_file(
    path: str,
    row_groups: tuple[int, ...] | None,
    schema: pa.Schema,
    columns: list[str],
    options: Options,
    keep_coded: bool = False,
) -> pa.Table:
    """`columns` of `path` (all row groups, or `row_groups`), typed as in `schema`.

    Columns absent from this file (merged or user schemas) come back as nulls. With
    `keep_coded`, few-valued string columns stay Arrow dictionaries, for the caller to filter
    rows by their dictionaries before expanding them (`canonical_table` does).
    """
    try:
        file_schema = _footer(path).schema.to_arrow_schema()
        names = file_column_names(columns, file_schema.names)
        check_readable(path, _footer(path), names, schema)
        stored = list(names.values())
        coded_stored = _dictionary_coded(path, row_groups, stored)
        st = os.stat(path)
        fragment = _whole_file(path, st.st_size, st.st_mtime_ns, tuple(coded_stored))
        if row_groups is not None:
            fragment = fragment.subset(row_group_ids=list(row_groups))
        wanted = pa.schema([_unviewed(file_schema.field(c), c in coded_stored) for c in stored])
        table = read_variants(fragment.to_table(schema=wanted, columns=stored), _footer(path)).rename_columns(list(names))
        present = list(names)
        coded = [c for c in present if names[c] in coded_stored]
    except (pa.ArrowInvalid, OSError) as e:
        msg = f"Encountered error while reading file {file_uri(path)}: {e}. Remove or fix the file."
        raise SparkRuntimeException(msg, "FAILED_READ_FILE.NO_HINT", {"path": file_uri(path)}) from e
    if keep_coded and coded:
        plain = canonical_table(table.drop_columns(coded))
        table = pa.Table.from_arrays(
            [table.column(c) if c in coded else plain.column(c) for c in present],
            schema=pa.schema([table.schema.field(c) if c in coded else plain.schema.field(c) for c in present]),
        )
        return conform(table, schema, columns, keep=set(coded))
    return conform(canonical_table(table), schema, columns)


def file_column_names(columns: list[str], stored: list[str]) -> dict[str, str]:
    """The file's name for each of `columns` it holds: the same name, or else the one name equal
    to it but for case, as Spark (case-insensitive by default) matches a user schema to a file."""
    by_lower: dict[str, list[str]] = {}
    for name in stored:
        by_lower.setdefault(name.lower(), []).append(name)
    out = {}
    for c in columns:
        if c in stored:
            out[c] = c
        elif len(by_lower.get(c.lower(), [])) == 1:
            out[c] = by_lower[c.lower()][0]
    return out


def _unviewed(field: pa.Field, coded: bool) -> pa.Field:
    """String and binary views (tpchgen-cli writes them) decoded straight into the plain types
    operators use (decoding into views and casting afterwards costs twice as much); `coded`
    string columns as dictionaries, which canonical_table then expands."""
    if coded:
        return field.with_type(pa.dictionary(pa.int32(), pa.string()))
    if pa.types.is_string_view(field.type):
        return field.with_type(pa.string())
    if pa.types.is_binary_view(field.type):
        return field.with_type(pa.binary())
    return field


_CODED_BYTES_PER_VALUE = 1.25
"""Stored bytes per value (before compression) at or below which a dictionary-encoded string
column has at most a few hundred distinct values: its indices take a byte or less each."""


def _dictionary_coded(path: str, row_groups: tuple[int, ...] | None, columns: list[str]) -> list[str]:
    """The top-level string `columns` whose chunks in `row_groups` are all dictionary-encoded with
    few distinct values. Such a column reads ~2.5x faster as an Arrow dictionary expanded by a
    take than as plain strings (TPC-H flags, modes, priorities); a column of many distinct or
    long values reads faster plain, so it is left so."""
    meta = _footer(path)
    schema = meta.schema
    groups = range(meta.num_row_groups) if row_groups is None else row_groups
    coded = []
    for i in range(meta.num_columns):
        column = schema.column(i)
        top_level = column.name == column.path and not column.max_repetition_level
        if not top_level or column.path not in columns or column.logical_type.type != "STRING":
            continue
        chunks = [meta.row_group(g).column(i) for g in groups]
        if all(
            c.has_dictionary_page and c.total_uncompressed_size <= _CODED_BYTES_PER_VALUE * max(c.num_values, 1)
            for c in chunks
        ):
            coded.append(column.path)
    return coded


def conform(table: pa.Table, schema: pa.Schema, columns: list[str], keep: set[str] | None = None) -> pa.Table:
    """`columns` of `table` cast to their `schema` types (but those in `keep`, kept as they are);
    absent ones as nulls; row count kept."""
    out = table.select([])
    for name in columns:
        field = schema.field(name)
        if name not in table.column_names:
            out = out.append_column(field, pa.nulls(table.num_rows, field.type))
            continue
        column = table.column(name)
        if keep and name in keep:
            out = out.append_column(field.with_type(column.type), column)
            continue
        out = out.append_column(field, column if column.type == field.type else column.cast(field.type))
    return out


def count_rows(paths: list[str]) -> int:
    """Total rows of the files according to their footers."""
    if len(paths) == 1:  # planning asks this of one-file tables many times; a pool costs ~1 ms
        return footer(paths[0]).num_rows
    with ThreadPoolExecutor(8) as pool:
        return sum(pool.map(lambda p: footer(p).num_rows, paths))
