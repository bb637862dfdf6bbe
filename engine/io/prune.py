"""Split pruning: by Hive partition values, then by Parquet row-group statistics."""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.fs as pafs

if TYPE_CHECKING:
    from .source import Split


def partition_guarantee(values: tuple[tuple[str, object], ...], schema: pa.Schema) -> pc.Expression:
    """What a split's directory says about its rows: ``k1 == v1 and k2 is null ...``."""
    guarantee = pc.scalar(True)
    for name, value in values:
        field = pc.field(name)
        if value is None:
            term = field.is_null()
        else:
            term = field == pa.scalar(value, schema.field(name).type)
        guarantee = guarantee & term
    return guarantee


def prune_by_partitions(schema: pa.Schema, splits: list[Split], predicate: pc.Expression) -> list[Split]:
    """Splits whose partition values leave `predicate` satisfiable.

    pyarrow's FileSystemDataset simplifies the predicate against each fragment's partition
    expression, so ``p = 1 OR x > 3`` keeps every split while ``p = 1`` keeps only p=1.
    The fragments are never opened: their paths are just indexes.
    """
    if not any(s.partition_values for s in splits):
        return list(splits)
    dataset = ds.FileSystemDataset.from_paths(
        [str(i) for i in range(len(splits))],
        schema=schema,
        format=ds.ParquetFileFormat(),
        filesystem=pafs.LocalFileSystem(),
        partitions=[partition_guarantee(s.partition_values, schema) for s in splits],
    )
    try:
        kept = {int(f.path) for f in dataset.get_fragments(filter=predicate)}
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return list(splits)
    return [s for i, s in enumerate(splits) if i in kept]


def prune_by_statistics(
    schema: pa.Schema, partition_names: tuple[str, ...], splits: list[Split], predicate: pc.Expression
) -> list[Split]:
    """Parquet splits narrowed to the row groups whose min/max statistics may match.

    A split with no row group left is dropped. When the predicate cannot be bound to the
    file's physical types (a string_view column against a string literal, say) the split is
    kept whole: pruning is an optimisation, never a filter.
    """
    out: list[Split] = []
    for split in splits:
        try:
            fragment = _fragment(split.path, split.partition_values, schema)
            physical = fragment.physical_schema
            extra = [schema.field(n) for n in partition_names if n not in physical.names]
            bound = pa.schema(list(physical) + extra)
            if split.row_groups is not None:
                fragment = fragment.subset(row_group_ids=list(split.row_groups))
            narrowed = fragment.subset(filter=predicate, schema=bound)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OSError):
            out.append(split)
            continue
        groups = tuple(rg.id for rg in narrowed.row_groups)
        if not groups:
            continue
        if split.row_groups is not None or len(groups) < fragment.num_row_groups:
            rows = sum(rg.num_rows for rg in narrowed.row_groups)
            split = dataclasses.replace(split, row_groups=groups, num_rows=rows)
        out.append(split)
    return out


def _fragment(path: str, values: tuple[tuple[str, object], ...], schema: pa.Schema) -> ds.ParquetFileFragment:
    """`path` as a fragment holding its parsed footer and, once a predicate has been tested against
    them, its row groups' statistics, kept per version of the file (see `_file_version`)."""
    st = os.stat(path)
    return _file_version(path, st.st_size, st.st_mtime_ns, values, schema)


@lru_cache(maxsize=1024)
def _file_version(
    path: str, size: int, mtime_ns: int, values: tuple[tuple[str, object], ...], schema: pa.Schema
) -> ds.ParquetFileFragment:
    """Every query over a file prunes it again, and parsing its footer afresh cost ~1 ms a split."""
    guarantee = partition_guarantee(values, schema)
    fragment = ds.ParquetFileFormat().make_fragment(
        path, pafs.LocalFileSystem(), partition_expression=guarantee
    )
    fragment.ensure_complete_metadata()
    return fragment
