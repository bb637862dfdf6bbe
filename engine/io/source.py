"""File sources: what to scan (paths, options, schema), cut into splits, pruned and read."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import AnalysisException

from .common import (
    SESSION_ZONE_OPTION,
    TIMESTAMP,
    TIMESTAMP_TYPE_OPTION,
    canonical_schema,
    referenced_columns,
)
from .listing import DataFile, ListingRules, list_files, partition_schema, typed_values

FORMATS = ("parquet", "csv", "json", "text", "orc", "xml")


@dataclass(frozen=True)
class FileSource:
    """A scan of files in one format: only paths, options and schema, never data.

    `schema` is the resolved schema (data columns, then `partition_names` last) that
    `open_source` pins once, eagerly, as Spark does; executors then read with it and never
    infer again. Hashable and picklable, so plans can carry and compare it.
    """

    format: str
    paths: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    user_schema: pa.Schema | None = None
    schema: pa.Schema | None = None
    partition_names: tuple[str, ...] = ()

    def option_map(self) -> dict[str, str]:
        """Options as a dict (keys lower-cased by `open_source`)."""
        return dict(self.options)


@dataclass(frozen=True)
class Split:
    """One unit of scan work: a file, or some row groups of a Parquet file."""

    path: str
    row_groups: tuple[int, ...] | None
    partition_values: tuple[tuple[str, object], ...]
    size_bytes: int
    num_rows: int | None


def _reader(fmt: str) -> ModuleType:
    """The module that reads `fmt`; each offers infer_schema, file_splits and read_file."""
    if fmt == "parquet":
        from . import parquet as mod
    elif fmt == "csv":
        from . import csv as mod
    elif fmt == "json":
        from . import json as mod
    elif fmt == "text":
        from . import text as mod
    elif fmt == "orc":
        from . import orc as mod
    elif fmt == "xml":
        from . import xml as mod
    else:
        msg = f"Unsupported data source format '{fmt}'; engine reads {', '.join(FORMATS)}."
        raise AnalysisException(msg, "UNSUPPORTED_DATASOURCE_FORMAT")
    return mod


def _option_text(value: object) -> str:
    """Spark passes option values as strings; Python booleans become 'true'/'false'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def open_source(
    format: str,  # noqa: A002 - Spark's name
    paths: str | list[str],
    options: dict[str, object],
    schema: pa.Schema | None,
) -> FileSource:
    """A FileSource for `paths`, validated and with its schema resolved now.

    Missing paths raise ``[PATH_NOT_FOUND]``; schema inference (a CSV pass when
    inferSchema is on, a Parquet footer) happens here once, as in Spark.
    """
    fmt = format.lower()
    _reader(fmt)
    path_tuple = (paths,) if isinstance(paths, str) else tuple(paths)
    opts = tuple(sorted((k.lower(), _option_text(v)) for k, v in options.items() if v is not None))
    if fmt == "xml":  # executors, whatever their working directory, load the XSD the driver names
        opts = tuple((k, os.path.abspath(v) if k == "rowvalidationxsdpath" else v) for k, v in opts)
    src = FileSource(fmt, path_tuple, opts, schema)
    return resolve(src)


def list_source_files(src: FileSource) -> list[DataFile]:
    """The data files of `src` (hidden and ``_``-prefixed files skipped)."""
    opts = src.option_map()
    recursive = opts.get("recursivefilelookup", "false").lower() == "true"
    after, before = (_epoch_seconds(opts, key) for key in ("modifiedafter", "modifiedbefore"))
    rules = ListingRules(opts.get("basepath"), opts.get("pathglobfilter"), recursive, after, before)
    return list_files(src.paths, rules)


def _epoch_seconds(opts: dict[str, str], key: str) -> float | None:
    """A modifiedAfter/modifiedBefore option (``2020-06-01T13:00:00``) as seconds since the epoch,
    read in the option ``timeZone`` (UTC when none is given)."""
    text = opts.get(key)
    if not text:
        return None
    import datetime
    import zoneinfo

    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError as e:
        msg = (
            f"The timestamp provided for the '{key}' option is invalid. The expected format is "
            f"'YYYY-MM-DDTHH:mm:ss', but the provided timestamp: {text}."
        )
        raise AnalysisException(msg, "_LEGACY_ERROR_TEMP_1294") from e
    if when.tzinfo is None:
        when = when.replace(tzinfo=zoneinfo.ZoneInfo(opts.get("timezone", "UTC")))
    return when.timestamp()


def resolve(src: FileSource) -> FileSource:
    """`src` with its full schema and partition column names pinned (inferring if needed)."""
    if src.schema is not None:
        return src
    opts = src.option_map()
    files = list_source_files(src)
    typed = opts.get("partitioncolumntypeinference", "true").lower() != "false"
    ntz = opts.get(TIMESTAMP_TYPE_OPTION, "").upper() == "TIMESTAMP_NTZ"
    parts = partition_schema(files, typed, pa.timestamp("us") if ntz else TIMESTAMP)
    user = src.user_schema
    if user is not None:
        data = pa.schema([f for f in user if f.name not in parts.names])
        parts = pa.schema([user.field(n) if n in user.names else parts.field(n) for n in parts.names])
        check = getattr(_reader(src.format), "check_user_schema", None)
        if check is not None:  # a format that takes only some schemas (text: one string column)
            check(data)
    else:
        if not files and src.format != "text":
            name = {"parquet": "Parquet", "orc": "ORC"}.get(src.format, src.format.upper())
            msg = f"[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for {name}. It must be specified manually."
            raise AnalysisException(msg, "UNABLE_TO_INFER_SCHEMA", {"format": name})
        data = _reader(src.format).infer_schema(files, opts)
        data = pa.schema([f for f in data if f.name not in parts.names])
    full = canonical_schema(pa.schema(list(data) + list(parts)))
    full = pa.schema([pa.field(f.name, nullable_type(f.type), True, f.metadata) for f in full])
    return replace(src, schema=full, partition_names=tuple(parts.names))


def nullable_type(t: pa.DataType) -> pa.DataType:
    """`t` with every nested field nullable: Spark reads any file source with its schema made
    nullable all the way down (``asNullable``), so a Parquet file's required array elements,
    struct fields and map values read back as ``containsNull = true`` / ``nullable = true``."""
    if pa.types.is_map(t):
        return pa.map_(t.key_type, pa.field(t.item_field.name, nullable_type(t.item_type), True))
    if pa.types.is_large_list(t):
        return pa.large_list(pa.field(t.value_field.name, nullable_type(t.value_type), True))
    if pa.types.is_list(t):
        return pa.list_(pa.field(t.value_field.name, nullable_type(t.value_type), True))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, nullable_type(f.type), True, f.metadata) for f in t])
    return t


def source_schema(src: FileSource) -> pa.Schema:
    """Data columns (inferred or the user's) then Hive partition columns, canonical types."""
    return resolve(src).schema  # type: ignore[return-value]


def partition_columns(src: FileSource) -> list[str]:
    """Names of the Hive partition columns (``k=v`` directories), in directory order."""
    return list(resolve(src).partition_names)


def plan_splits(
    src: FileSource,
    max_bytes: int = 128 << 20,
    open_cost: int = 4 << 20,
    min_splits: int = 1,
    spread_bytes: int = 0,
) -> list[Split]:
    """Units of scan work: one per file, and several for a file above the split size.

    The split size is Spark's: `max_bytes` (``spark.sql.files.maxPartitionBytes``), but
    small enough to give `min_splits` splits over all files (each file costing `open_cost`
    more), and not below `open_cost`: a 60 MB table on 2 cores is read by 2 tasks, not 1.
    With `spread_bytes`, input big enough to give twice `min_splits` splits of at least that
    size gets them: each task holds half as much and the cores finish closer together, while
    a small table is not cut into tasks whose fixed costs outweigh their work.
    """
    src = resolve(src)
    full = src.schema
    assert full is not None
    parts = pa.schema([full.field(n) for n in src.partition_names])
    reader = _reader(src.format)
    # Spark packs splits into partitions largest first (FilePartition.getFilePartitions), so
    # its rows come from the biggest file first; a stable sort keeps the listing's order between
    # files of one size, and a file's own splits stay in file order.
    files = sorted(list_source_files(src), key=lambda f: f.size, reverse=True)
    opts = src.option_map()
    zone = opts.get("timezone") or opts.get(SESSION_ZONE_OPTION) or "UTC"
    per_split = sum(f.size + open_cost for f in files) / max(1, min_splits)
    if spread_bytes and per_split / 2 >= spread_bytes:
        per_split /= 2
    target_bytes = int(min(max_bytes, max(open_cost, per_split)))
    splits: list[Split] = []
    for f in files:
        values = typed_values(f.partitions, parts, zone)
        for row_groups, size, rows in reader.file_splits(f, target_bytes):
            splits.append(Split(f.path, row_groups, values, size, rows))
    return splits


def prune_splits(src: FileSource, splits: list[Split], predicate: pc.Expression | None) -> list[Split]:
    """Drop splits that cannot hold a row where `predicate` is true.

    Partition values rule out whole files (pyarrow's dataset simplifies the predicate
    against each split's ``k == v`` guarantee); Parquet row-group statistics then narrow
    the row groups of the splits that remain.
    """
    if predicate is None or not splits:
        return list(splits)
    src = resolve(src)
    from .prune import prune_by_partitions, prune_by_statistics

    kept = prune_by_partitions(src.schema, splits, predicate)  # type: ignore[arg-type]
    if src.format == "parquet":
        kept = prune_by_statistics(src.schema, src.partition_names, kept, predicate)  # type: ignore[arg-type]
    return kept


def read_split(
    src: FileSource,
    split: Split,
    columns: list[str] | None,
    predicate: pc.Expression | None,
    keep_coded: bool = False,
) -> pa.Table:
    """Rows of `split` where `predicate` holds, exactly `columns` in order, canonical types
    (with `keep_coded`, few-valued Parquet string columns may come as Arrow dictionaries).

    Partition columns are attached as constants typed as in `source_schema`.
    """
    src = resolve(src)
    full = src.schema
    assert full is not None
    wanted = list(full.names) if columns is None else list(columns)
    missing = [c for c in wanted if c not in full.names]
    if missing:
        msg = (
            f"Columns {missing} are not in the schema of {src.format} source {list(src.paths)}: {full.names}."
        )
        raise AnalysisException(msg, "UNRESOLVED_COLUMN")
    needed = set(wanted) | set(referenced_columns(predicate, full) if predicate is not None else [])
    data_schema = pa.schema([f for f in full if f.name not in src.partition_names])
    data_cols = [n for n in data_schema.names if n in needed]
    reader = _reader(src.format)
    if keep_coded and src.format == "parquet":
        table = reader.read_file(split.path, split.row_groups, data_schema, data_cols, src.option_map(), True)
    else:
        table = reader.read_file(split.path, split.row_groups, data_schema, data_cols, src.option_map())
    values = dict(split.partition_values)
    for name in src.partition_names:
        if name in needed:
            t = full.field(name).type
            value = values.get(name)
            column = pa.nulls(table.num_rows, t)
            if value is not None:
                column = column.fill_null(pa.scalar(value, t))
            table = table.append_column(pa.field(name, t), column)
    if predicate is not None:
        table = table.filter(predicate)
    return table.select(wanted)


def split_pieces(src: FileSource, split: Split, target_rows: int) -> list[Split]:
    """`split` cut into consecutive pieces of about `target_rows` rows, read one after another
    by a task that streams its scan (itself when its format or size allows no cut)."""
    if src.format != "parquet" or (split.num_rows is not None and split.num_rows <= target_rows):
        return [split]
    from . import parquet

    runs = parquet.row_group_runs(split.path, split.row_groups, target_rows)
    if len(runs) <= 1:
        return [split]
    return [replace(split, row_groups=r, num_rows=None, size_bytes=split.size_bytes // len(runs)) for r in runs]


def source_stats(src: FileSource) -> tuple[int | None, int]:
    """(total rows when Parquet metadata knows them, total bytes on disk) for the optimizer."""
    files = list_source_files(src)
    size = sum(f.size for f in files)
    if src.format != "parquet":
        return None, size
    from .parquet import count_rows

    return count_rows([f.path for f in files]), size


def source_column_bounds(src: FileSource, column: str) -> tuple[Any, Any] | None:
    """(min, max) of a file column from Parquet statistics, for selectivity estimates; None if unknown."""
    if src.format != "parquet" or column in (src.partition_names or ()):
        return None
    from .parquet import column_bounds

    files = list_source_files(src)
    return column_bounds([f.path for f in files], column) if files else None


def describe(src: FileSource) -> str:
    """Short text for EXPLAIN: format and paths."""
    shown = ", ".join(os.path.basename(p.rstrip("/")) or p for p in src.paths)
    return f"{src.format} [{shown}]"
