"""Physical operators: what one task runs over one partition, and how stages exchange data.

A stage's pipeline is a tree of these operators whose leaves are sources (files, memory,
range) or reads of an earlier stage's output (`ExchangeRead`). Operators refer to columns
by their Arrow key (``name#id``), never by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from engine.expr import nodes as n
from engine.expr.nodes import Expr

# ---------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class ScanExec:
    """Reads one split per partition; `columns[i]` of the file becomes column `keys[i]`.

    Pushed-down filters only prune splits and row groups at planning; the FilterExec above
    a scan filters its rows. `condition` is that filter's: the reader drops rows whose
    dictionary-coded strings fail it before expanding them (compute.coded_filter).
    """

    source: Any  # engine.io.source.FileSource
    splits: tuple[Any, ...]  # engine.io.source.Split, one per partition
    columns: tuple[str, ...]
    keys: tuple[str, ...]
    condition: Any = None  # engine.expr.nodes.Expr over `keys`, or None


@dataclass(frozen=True, slots=True)
class MemoryExec:
    """In-memory partitions (tables whose columns are already named by key)."""

    partitions: tuple[Any, ...] = field(compare=False, repr=False)
    data_id: int = 0


@dataclass(frozen=True, slots=True)
class RangeExec:
    start: int
    end: int
    step: int
    num_partitions: int
    key: str


@dataclass(frozen=True, slots=True)
class ExchangeRead:
    """The rows an earlier stage sent to this partition (`mode` "shuffle"), or all of them ("all")."""

    stage_id: int
    num_partitions: int
    mode: str = "shuffle"  # "shuffle": bucket p of every map output; "all": every block (broadcast)


# ---------------------------------------------------------------- narrow operators


@dataclass(frozen=True, slots=True)
class ProjectExec:
    """Computes `exprs` (Attribute or Alias; column = to_attribute(e).key), after the input's
    columns when `keep_input` (used to add key columns before an exchange)."""

    child: PhysicalOp
    exprs: tuple[Expr, ...]
    keep_input: bool = False


@dataclass(frozen=True, slots=True)
class FilterExec:
    """The rows where `condition` holds; of them only the `columns` keys when set (a projection
    above needs no more), so the rows copied are only the columns read later."""

    child: PhysicalOp
    condition: Expr
    columns: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class HashAggregateExec:
    """Group by `keys` (already-projected columns) computing `specs` (engine.compute.aggregate.AggSpec)."""

    child: PhysicalOp
    keys: tuple[str, ...]
    specs: tuple[Any, ...]
    mode: str  # "partial" | "final" | "complete"


@dataclass(frozen=True, slots=True)
class HashJoinExec:
    """Equi-join on key columns plus an optional residual condition."""

    left: PhysicalOp
    right: PhysicalOp
    how: str
    left_keys: tuple[str, ...]
    right_keys: tuple[str, ...]
    null_safe: tuple[bool, ...]
    residual: Expr | None
    left_out: tuple[str, ...]
    right_out: tuple[str, ...]
    # NOT IN's anti join against a broadcast right side: a null key on the right keeps no row,
    # and a left row with a null key is kept only when the right side is empty
    null_aware: bool = False
    # a row-local condition only the left rows that satisfy take part under (a filter over the
    # left side's scan, evaluated with the lookup: see joins._probe_before_filter)
    probe_filter: Expr | None = None


@dataclass(frozen=True, slots=True)
class NestedLoopJoinExec:
    """Every left row against every right row (cross joins, non-equi conditions)."""

    left: PhysicalOp
    right: PhysicalOp
    how: str
    condition: Expr | None
    left_out: tuple[str, ...]
    right_out: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SortExec:
    """Sorts this partition by `order` (each child already projected or an attribute)."""

    child: PhysicalOp
    order: tuple[n.SortOrder, ...]
    limit: int | None = None  # top-k: keep only the first `limit` rows


@dataclass(frozen=True, slots=True)
class LimitExec:
    child: PhysicalOp
    n: int | None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class UnionExec:
    """Partitions of every child, one after another (child k's partitions follow child k-1's)."""

    children: tuple[PhysicalOp, ...]
    keys: tuple[str, ...]  # output column keys, by position
    child_keys: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class CoalesceExec:
    """Merges adjacent child partitions into `num_partitions` without a shuffle."""

    child: PhysicalOp
    num_partitions: int


@dataclass(frozen=True, slots=True)
class WindowExec:
    """Window functions over rows already clustered by the partition keys."""

    child: PhysicalOp
    exprs: tuple[n.Alias, ...]
    partition_by: tuple[Expr, ...]
    order_by: tuple[n.SortOrder, ...]


@dataclass(frozen=True, slots=True)
class GenerateExec:
    child: PhysicalOp
    generator: n.Call
    keys: tuple[str, ...]  # keys of the generated columns
    outer: bool


@dataclass(frozen=True, slots=True)
class SampleExec:
    child: PhysicalOp
    fraction: float
    with_replacement: bool
    seed: int


@dataclass(frozen=True, slots=True)
class DistinctExec:
    """Drops duplicate rows of `keys` within the partition (first occurrence kept)."""

    child: PhysicalOp
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DistinctKeysExec:
    """The distinct non-null values of one integer column: all a semi or anti join's build side
    needs of its rows (TPC-H q22's 1.5M orders hold 100k distinct customers)."""

    child: PhysicalOp
    key: str


@dataclass(frozen=True, slots=True)
class SetOpExec:
    """INTERSECT/EXCEPT [ALL] between co-partitioned inputs, by position, nulls equal."""

    left: PhysicalOp
    right: PhysicalOp
    kind: str
    all: bool
    left_keys: tuple[str, ...]
    right_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CachedRead:
    """Partitions kept by ``cache()``; recomputed from `source` stage plans when lost."""

    cache_id: int
    num_partitions: int


PhysicalOp = Union[
    ScanExec, MemoryExec, RangeExec, ExchangeRead, ProjectExec, FilterExec, HashAggregateExec,
    HashJoinExec, NestedLoopJoinExec, SortExec, LimitExec, UnionExec, CoalesceExec, WindowExec,
    GenerateExec, SampleExec, DistinctExec, SetOpExec, CachedRead,
]  # fmt: skip


# ---------------------------------------------------------------- stage outputs


@dataclass(frozen=True, slots=True)
class HashOut:
    """Buckets by a stable hash of `keys` (column keys) into `num_partitions`."""

    keys: tuple[str, ...]
    num_partitions: int


@dataclass(frozen=True, slots=True)
class RangeOut:
    """Buckets by ranges of `order`; boundaries come from the sample stage `sample_stage`."""

    order: tuple[n.SortOrder, ...]
    num_partitions: int
    sample_stage: int


@dataclass(frozen=True, slots=True)
class RoundRobinOut:
    num_partitions: int


@dataclass(frozen=True, slots=True)
class DirectOut:
    """Buckets by the value of the int column `key` itself, taken modulo `num_partitions`
    (Java's pmod, so never negative); null goes to bucket 0 (``repartitionById``)."""

    key: str
    num_partitions: int


@dataclass(frozen=True, slots=True)
class SingleOut:
    """Everything to one partition (map outputs kept in map order)."""


@dataclass(frozen=True, slots=True)
class BroadcastOut:
    """Whole partitions, each read in full by every consumer task."""


@dataclass(frozen=True, slots=True)
class SampleOut:
    """A small sample of the sort keys of each partition (for range boundaries)."""

    order: tuple[n.SortOrder, ...]
    per_partition: int = 100


@dataclass(frozen=True, slots=True)
class ResultOut:
    """The partition goes back to the driver."""


@dataclass(frozen=True, slots=True)
class WriteOut:
    """The partition is written to files (engine.io.write.WriteJob); the task returns file names."""

    job: Any
    columns: tuple[str, ...]  # keys of the columns to write
    names: tuple[str, ...]  # their user-facing names


StageOutput = Union[HashOut, RangeOut, RoundRobinOut, DirectOut, SingleOut, BroadcastOut, SampleOut, ResultOut, WriteOut]


@dataclass(frozen=True)
class Stage:
    """A pipeline run as one task per partition, writing its output in `output`'s form."""

    id: int
    root: PhysicalOp
    num_partitions: int
    output: StageOutput
    parents: tuple[int, ...]  # stages whose output this one reads (ExchangeRead / RangeOut)
    description: str = ""

    @property
    def num_buckets(self) -> int:
        """How many output blocks each task of this stage produces."""
        match self.output:
            case (
                HashOut(num_partitions=p)
                | RangeOut(num_partitions=p)
                | RoundRobinOut(num_partitions=p)
                | DirectOut(num_partitions=p)
            ):
                return p
            case _:
                return 1
