"""The I/O layer: file scans (listing, partition discovery, splits, pruning) and commit-safe writes."""

from __future__ import annotations

from .source import (
    FileSource,
    Split,
    open_source,
    partition_columns,
    plan_splits,
    prune_splits,
    read_split,
    source_schema,
    source_stats,
)
from .write import WriteJob, abort_write, commit_write, prepare_write, write_partition

__all__ = [
    "WriteJob",
    "abort_write",
    "commit_write",
    "prepare_write",
    "write_partition",
    "FileSource",
    "Split",
    "open_source",
    "partition_columns",
    "plan_splits",
    "prune_splits",
    "read_split",
    "source_schema",
    "source_stats",
]
