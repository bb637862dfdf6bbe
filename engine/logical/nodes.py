"""Logical plan nodes: immutable, resolved (every expression typed, every column an Attribute).

The API and the SQL front end build these through `engine.logical.builder`, which resolves
names as each node is made, so a bad column name fails at the call that used it, as in
PySpark. `output(plan)` is the plan's columns.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from engine.expr import nodes as n
from engine.expr.nodes import Attribute, Expr
from engine.memo import scoped


@dataclass(frozen=True, slots=True)
class FileScan:
    """Rows of files (`engine.io.source.FileSource`); `columns[i]` is the file column of `attrs[i]`."""

    source: Any
    attrs: tuple[Attribute, ...]
    columns: tuple[str, ...]
    filters: tuple[Expr, ...] = ()  # pushed into the scan by the optimizer (still re-checked)


@dataclass(frozen=True, slots=True)
class InMemory:
    """Rows already in memory (createDataFrame, cached results), split into partitions."""

    partitions: tuple[Any, ...] = field(compare=False, repr=False)  # pa.Table per partition
    attrs: tuple[Attribute, ...]
    data_id: int = 0  # identity of the data, for equality and caching
    # Spark's LocalRelation: data handed over whole (pandas, Arrow) or a command's result.
    # Only DataFrame.isLocal reads it.
    local: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Range:
    """``spark.range``: one bigint column ``id``."""

    start: int
    end: int
    step: int
    num_partitions: int
    attr: Attribute


@dataclass(frozen=True, slots=True)
class Project:
    """Computes `exprs` (each an Attribute or an Alias) for every input row."""

    input: LogicalPlan
    exprs: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Filter:
    """Rows of `input` for which `condition` is true (null counts as false)."""

    input: LogicalPlan
    condition: Expr


@dataclass(frozen=True, slots=True)
class Aggregate:
    """``GROUP BY groupings`` computing `outputs` (named expressions over groupings and aggregates).

    `grouping_sets` (ROLLUP/CUBE/GROUPING SETS) lists, per set, the indexes of the
    groupings it keeps; None means the one set of all groupings.
    """

    input: LogicalPlan
    groupings: tuple[Expr, ...]
    outputs: tuple[Expr, ...]
    grouping_sets: tuple[tuple[int, ...], ...] | None = None


@dataclass(frozen=True, slots=True)
class Join:
    """``left JOIN right ON condition``; `how` is inner/left/right/full/left_semi/left_anti/cross."""

    left: LogicalPlan
    right: LogicalPlan
    how: str
    condition: Expr | None = None
    hint: str | None = None  # "broadcast_left" / "broadcast_right"


@dataclass(frozen=True, slots=True)
class Sort:
    """Rows ordered by `order`; `is_global` False is ``sortWithinPartitions``."""

    input: LogicalPlan
    order: tuple[n.SortOrder, ...]
    is_global: bool = True


@dataclass(frozen=True, slots=True)
class Limit:
    """The first `n` rows after skipping `offset` (in `input`'s order, if it has one)."""

    input: LogicalPlan
    n: int | None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Union:
    """``UNION ALL`` of inputs with the same number of columns (by position)."""

    inputs: tuple[LogicalPlan, ...]
    attrs: tuple[Attribute, ...]  # the output: names of the first input, widened types


@dataclass(frozen=True, slots=True)
class SetOp:
    """``INTERSECT [ALL]`` / ``EXCEPT [ALL]`` by position, null-safe equality."""

    left: LogicalPlan
    right: LogicalPlan
    kind: str  # "intersect" | "except"
    all: bool


@dataclass(frozen=True, slots=True)
class Distinct:
    """Rows of `input` without duplicates (all columns, nulls equal)."""

    input: LogicalPlan


@dataclass(frozen=True, slots=True)
class Deduplicate:
    """``dropDuplicates(keys)``: one row per distinct value of `keys`."""

    input: LogicalPlan
    keys: tuple[Attribute, ...]


@dataclass(frozen=True, slots=True)
class DeduplicateWithinWatermark(Deduplicate):
    """``dropDuplicatesWithinWatermark(keys)``: a streaming operator. Spark builds it on batch
    data but fails the first action (_LEGACY_ERROR_TEMP_3102); `check_batch_supported` does."""


def check_batch_supported(plan: LogicalPlan) -> None:
    """Raise Spark's error for a streaming-only operator found in a batch plan about to run, or
    for an aggregation its planner refuses (a pandas aggregate UDF beside built-in ones)."""
    from engine.errors import AnalysisException
    from engine.logical.pandas_aggregates import refuse_pandas_with_other_aggregates

    stack = [plan]
    while stack:
        node = stack.pop()
        if isinstance(node, Aggregate):
            refuse_pandas_with_other_aggregates(node.outputs)
        if isinstance(node, DeduplicateWithinWatermark):
            raise AnalysisException(
                "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets;",
                "_LEGACY_ERROR_TEMP_3102",
            )
        stack.extend(children(node))


@dataclass(frozen=True, slots=True)
class Repartition:
    """Redistributes rows: by hash of `keys`, by range of sort keys, round robin, or to the
    partition the one int key names ("direct", ``repartitionById``)."""

    input: LogicalPlan
    num_partitions: int | None
    keys: tuple[Expr, ...] = ()
    kind: str = "round_robin"  # "hash" | "range" | "round_robin" | "coalesce" | "direct"


@dataclass(frozen=True, slots=True)
class Window:
    """Adds one column per window expression; all share `partition_by` and `order_by`."""

    input: LogicalPlan
    exprs: tuple[n.Alias, ...]  # Alias(WindowExpr)
    partition_by: tuple[Expr, ...]
    order_by: tuple[n.SortOrder, ...]


@dataclass(frozen=True, slots=True)
class Generate:
    """``explode``-like generators: each input row yields zero or more rows of `generated`."""

    input: LogicalPlan
    generator: n.Call
    generated: tuple[Attribute, ...]
    outer: bool = False


@dataclass(frozen=True, slots=True)
class SubqueryAlias:
    """``df.alias(name)`` / ``FROM t AS name``: columns qualified by `alias`."""

    input: LogicalPlan
    alias: str


@dataclass(frozen=True, slots=True)
class Sample:
    """A Bernoulli (or Poisson, with replacement) sample of `fraction` of the rows."""

    input: LogicalPlan
    fraction: float
    with_replacement: bool
    seed: int


@dataclass(frozen=True, slots=True)
class Hint:
    """A hint about `input` (``broadcast``); changes how, never what, is computed."""

    input: LogicalPlan
    name: str


@dataclass(frozen=True, slots=True)
class Cached:
    """A marker: `input`'s partitions are kept after the first job and reused by later ones.

    `rows` is their exact count once a job has computed them (adaptive execution
    materializes a join side first to learn it), None before.
    """

    input: LogicalPlan
    cache_id: int
    rows: int | None = None
    # a local checkpoint's: its lineage is gone, so a column it does not show cannot be recomputed
    checkpoint: bool = False


LogicalPlan = typing.Union[
    FileScan, InMemory, Range, Project, Filter, Aggregate, Join, Sort, Limit, Union, SetOp,
    Distinct, Deduplicate, Repartition, Window, Generate, SubqueryAlias, Sample, Cached, Hint,
]  # fmt: skip


_outputs: ContextVar[dict[int, tuple[LogicalPlan, tuple[Attribute, ...]]] | None] = ContextVar(
    "outputs", default=None
)


@contextmanager
def remembered_outputs() -> Iterator[None]:
    """Within the block (a query's analysis or planning), each plan node's output is computed
    once: rules and estimates ask for the same nodes' columns thousands of times per query.
    Nodes are immutable, so an answer stays right while the node lives (the memo holds it)."""
    with scoped(_outputs):
        yield


def output(plan: LogicalPlan) -> tuple[Attribute, ...]:
    """The columns `plan` produces, in order."""
    memo = _outputs.get()
    if memo is None:
        return _output(plan)
    hit = memo.get(id(plan))
    if hit is not None and hit[0] is plan:
        return hit[1]
    columns = _output(plan)
    memo[id(plan)] = (plan, columns)
    return columns


def _output(plan: LogicalPlan) -> tuple[Attribute, ...]:
    match plan:
        case FileScan(attrs=a) | InMemory(attrs=a) | Union(attrs=a):
            return a
        case Range(attr=a):
            return (a,)
        case Project(exprs=exprs):
            if not all(isinstance(e, (Attribute, n.Alias)) for e in exprs):
                _refuse_outer_columns(plan)
            return tuple(to_attribute(e) for e in exprs)
        case Aggregate(outputs=exprs, grouping_sets=None):
            return tuple(to_attribute(e) for e in exprs)
        case Aggregate(groupings=keys, outputs=exprs, grouping_sets=sets):
            return _grouping_sets_output(keys, exprs, sets)
        case Join(left=l, right=r, how=how):
            lo, ro = output(l), output(r)
            if how in ("left_semi", "left_anti"):
                return lo
            if how in ("right", "full"):
                lo = tuple(replace(a, nullable=True) for a in lo)
            if how in ("left", "full"):
                ro = tuple(replace(a, nullable=True) for a in ro)
            return lo + ro
        case SetOp(left=l):
            return output(l)
        case Window(input=i, exprs=exprs):
            return output(i) + tuple(to_attribute(e) for e in exprs)
        case Generate(input=i, generated=g):
            return output(i) + g
        case SubqueryAlias(input=i, alias=alias):
            return tuple(replace(a, qualifier=(alias,)) for a in output(i))
        case (
            Filter(input=i) | Sort(input=i) | Limit(input=i) | Distinct(input=i) | Deduplicate(input=i)
            | Repartition(input=i) | Sample(input=i) | Cached(input=i) | Hint(input=i)
        ):
            return output(i)
        case _:
            raise TypeError(f"not a logical plan: {plan!r}")


def _grouping_sets_output(
    keys: tuple[Expr, ...], outputs: tuple[Expr, ...], sets: tuple[tuple[int, ...], ...]
) -> tuple[Attribute, ...]:
    """A ROLLUP/CUBE/GROUPING SETS aggregate's columns: a key some set leaves out is null in
    that set's rows, so the outputs that read it outside an aggregate are nullable (Spark's
    Expand makes exactly those keys nullable; keys in every set keep their nullability)."""
    from engine.expr import traverse as tr

    rolled = [tr.strip_alias(k) for i, k in enumerate(keys) if any(i not in s for s in sets)]

    def reads_rolled(e: Expr) -> bool:
        if any(tr.same_expr(e, k) for k in rolled):
            return True
        if isinstance(e, (n.AggCall, n.WindowExpr)) or (isinstance(e, n.Call) and e.name in ("grouping", "grouping_id")):
            return False
        return any(reads_rolled(c) for c in tr.children(e))

    columns = []
    for e in outputs:
        attr = to_attribute(e)
        value = e.child if isinstance(e, n.Alias) else e
        columns.append(replace(attr, nullable=True) if reads_rolled(value) else attr)
    return tuple(columns)


def _refuse_outer_columns(plan: LogicalPlan) -> None:
    """Spark's UNRESOLVED_COLUMN for a select over outer columns (``spark.tvf.explode(
    col("items").outer())``) used outside the lateral join that alone can resolve them."""
    from engine.expr import traverse as tr
    from engine.expr.resolve import unresolved_column_error

    while isinstance(plan, Project):
        for e in plan.exprs:
            for ref in (x for x in tr.walk(e) if isinstance(x, n.OuterRef)):
                child = ref.child
                raise unresolved_column_error(child.name if isinstance(child, n.UnresolvedColumn) else str(child), [])
        plan = plan.input


def to_attribute(e: Expr) -> Attribute:
    """The output column a named expression produces."""
    from engine.expr.typing import dtype_of, nullable_of

    match e:
        case Attribute():
            return e
        case n.Alias(child=c, name=name, id=i):
            return Attribute(name, dtype_of(c), nullable_of(c), i)
        case _:
            raise TypeError(f"expected a named expression, got {e!r}")


def children(plan: LogicalPlan) -> tuple[LogicalPlan, ...]:
    match plan:
        case FileScan() | InMemory() | Range():
            return ()
        case Join(left=l, right=r) | SetOp(left=l, right=r):
            return (l, r)
        case Union(inputs=inputs):
            return inputs
        case _:
            return (plan.input,)  # type: ignore[union-attr]


def with_children(plan: LogicalPlan, new: tuple[LogicalPlan, ...]) -> LogicalPlan:
    """`plan` with its inputs replaced (returns `plan` itself when they are the same objects)."""
    old = children(plan)
    if len(old) == len(new) and all(a is b for a, b in zip(old, new)):
        return plan
    match plan:
        case Join() | SetOp():
            return replace(plan, left=new[0], right=new[1])
        case Union():
            return replace(plan, inputs=new)
        case _:
            return replace(plan, input=new[0])  # type: ignore[call-arg]


def expressions(plan: LogicalPlan) -> list[Expr]:
    """The expressions a node evaluates (for walks that look at every expression)."""
    match plan:
        case Project(exprs=e):
            return list(e)
        case Filter(condition=c):
            return [c]
        case Aggregate(groupings=g, outputs=o):
            return [*g, *o]
        case Join(condition=c):
            return [c] if c is not None else []
        case Sort(order=o):
            return list(o)
        case Window(exprs=e, partition_by=p, order_by=o):
            return [*e, *p, *o]
        case Repartition(keys=k):
            return list(k)
        case Generate(generator=g):
            return [g]
        case FileScan(filters=f):
            return list(f)
        case _:
            return []


def map_expressions(plan: LogicalPlan, fn: Any) -> LogicalPlan:
    """`plan` (this node only) with `fn` applied to each of its expressions."""

    def each(es: tuple[Expr, ...]) -> tuple[Expr, ...]:
        return tuple(fn(e) for e in es)

    match plan:
        case Project(exprs=e):
            return replace(plan, exprs=each(e))
        case Filter(condition=c):
            return replace(plan, condition=fn(c))
        case Aggregate(groupings=g, outputs=o):
            return replace(plan, groupings=each(g), outputs=each(o))
        case Join(condition=c) if c is not None:
            return replace(plan, condition=fn(c))
        case Sort(order=o):
            return replace(plan, order=each(o))
        case Window(exprs=e, partition_by=p, order_by=o):
            return replace(plan, exprs=each(e), partition_by=each(p), order_by=each(o))
        case Repartition(keys=k):
            return replace(plan, keys=each(k))
        case Generate(generator=g):
            return replace(plan, generator=fn(g))
        case FileScan(filters=f):
            return replace(plan, filters=each(f))
        case _:
            return plan
