"""Orders a tree of inner joins by estimated sizes: each step joins what shrinks the rows most."""

from __future__ import annotations

from collections.abc import Iterable

from engine.expr.nodes import Attribute, Call, Expr
from engine.logical.conditions import equi_keys
from engine.logical.nodes import (
    Aggregate,
    Filter,
    Join,
    LogicalPlan,
    Project,
    children,
    expressions,
    output,
    with_children,
)
from engine.logical.stats import BROADCAST_BYTES, estimate_bytes, estimate_rows
from engine.optimizer.exprs import conjoin, ids, is_deterministic, refs, split_conjuncts
from engine.types import BooleanType

_INNER = ("inner", "cross")
# Past this many inputs the greedy search's estimates cost more planning time than they save.
_MAX_INPUTS = 12
_TINY_ROWS = 1_000  # an input this small (TPC-H's nations and regions) joins anywhere for free
_FILTERING = 4  # a branch of small inputs is joined first when it keeps at most 1/4 of its biggest input's rows


def reorder_joins(plan: LogicalPlan, wanted: set[int] | None = None) -> LogicalPlan:
    """Join(Join(Join(a, b), c), d) -> the same inputs joined in a cheaper order, then the original columns.

    Before (TPC-H q21): ``((supplier ⋈ lineitem) ⋈ orders) ⋈ nation[SAUDI ARABIA]``: 3.8M rows meet 729k orders.
    After:  ``((supplier ⋈ nation) ⋈ lineitem) ⋈ orders``: 400 suppliers keep 150k lineitems for that join.

    The inputs of a tree of inner joins (through the column-only projections and the filters
    between them) are joined greedily from the first one written, each step adding the input
    whose join with what is built has the fewest estimated rows, among the inputs a condition
    connects it to (a cross join only when none is). Starting elsewhere (the smallest input,
    or the cheapest of all starts by summed estimates) chose worse orders for q02, q08 and q09:
    join estimates are too rough to overrule the order a query was written in, only to pull a
    small filtered input forward. Every condition applies at the first join holding all its
    columns, and a projection restores the tree's columns in their order.
    Outer, semi and anti joins, hinted joins and projections that compute are inputs, not
    reordered through; a tree with a nondeterministic condition is left as it is.
    `wanted` are the ids of the columns the tree's parent reads, when it is a projection or an
    aggregate (None: all of the tree's columns).
    """
    if not _is_inner(plan):
        reads = _reads(plan)
        return with_children(plan, tuple(reorder_joins(c, reads) for c in children(plan)))
    inputs: list[LogicalPlan] = []
    conditions: list[Expr] = []
    _flatten(plan, inputs, conditions, top=True)
    inputs = [reorder_joins(i) for i in inputs]
    ordered = None
    if 3 <= len(inputs) <= _MAX_INPUTS and all(is_deterministic(c) for c in conditions):
        conditions = conditions + _implied_equalities(conditions, inputs)
        inputs, conditions = _reduced_branches(inputs, conditions, ids(output(plan)) if wanted is None else wanted)
        ordered = _greedy_from(inputs[0], inputs, conditions)
    if ordered is None:
        return with_children(plan, tuple(reorder_joins(c) for c in children(plan)))
    return Project(ordered, output(plan))


def _reads(plan: LogicalPlan) -> set[int] | None:
    """The ids of the columns a projection or an aggregate reads from its input; None for other nodes."""
    if isinstance(plan, (Project, Aggregate)):
        return set().union(*(refs(e) for e in expressions(plan)))
    return None


def _is_inner(plan: LogicalPlan) -> bool:
    return isinstance(plan, Join) and plan.how in _INNER and plan.hint is None


def _flatten(plan: LogicalPlan, inputs: list[LogicalPlan], conditions: list[Expr], top: bool = False) -> None:
    """The inputs and condition conjuncts of the inner-join tree at `plan`."""
    match plan:
        case Join() if _is_inner(plan):
            conditions.extend(split_conjuncts(plan.condition))
            _flatten(plan.left, inputs, conditions)
            _flatten(plan.right, inputs, conditions)
        case Project(input=child, exprs=exprs) if (
            not top and _is_inner(child) and all(isinstance(e, Attribute) for e in exprs)
        ):
            _flatten(child, inputs, conditions)
        case Filter(input=child, condition=cond) if not top and _is_inner(child):
            conditions.extend(split_conjuncts(cond))
            _flatten(child, inputs, conditions)
        case _:
            inputs.append(plan)


def _greedy_from(start: LogicalPlan, inputs: list[LogicalPlan], conditions: list[Expr]) -> LogicalPlan | None:
    """The left-deep join from `start`, each step adding the connected input that gives the
    fewest estimated rows (a cross join with the next input as written only when none
    connects); None if a condition fits nowhere."""
    pending = [(c, refs(c)) for c in conditions]
    owned = {id(i): ids(output(i)) for i in inputs}
    remaining = [i for i in inputs if i is not start]
    current, have = start, set(owned[id(start)])
    equal = _Classes()  # columns the joins built so far already hold equal
    while remaining:
        options = []
        for candidate in remaining:
            theirs = owned[id(candidate)]
            usable = [(c, r) for c, r in pending if r <= have | theirs]
            if any(r & have and r & theirs for _, r in usable):
                options.append((candidate, usable))
        if not options:
            first = owned[id(remaining[0])]
            options = [(remaining[0], [(c, r) for c, r in pending if r <= have | first])]
        scored = []
        for i, (candidate, usable) in enumerate(options):
            condition = conjoin(equal.needed([c for c, _ in usable]))
            joined = Join(current, candidate, "inner" if condition is not None else "cross", condition)
            scored.append((_cost(joined, have, theirs=owned[id(candidate)]), i, joined, candidate, usable))
        _, _, current, picked, usable = min(scored, key=lambda s: (s[0], s[1]))
        equal.join(c for c, _ in usable)
        remaining = [r for r in remaining if r is not picked]
        have |= owned[id(picked)]
        used = {id(c) for c, _ in usable}
        pending = [(c, r) for c, r in pending if id(c) not in used]
    return None if pending else current


def _cost(join: Join, left_ids: set[int], theirs: set[int]) -> float:
    """The estimated rows of `join`, or the pairs it compares when no equality keys it: a
    nested-loop join of 800 suppliers with 120k orders under an OR of nation names (TPC-H q07)
    returns few rows but examines 96M pairs."""
    if equi_keys(join.condition, left_ids, theirs)[0]:
        return estimate_rows(join)
    return estimate_rows(join.left) * estimate_rows(join.right)


def _reduced_branches(
    inputs: list[LogicalPlan], conditions: list[Expr], wanted: set[int]
) -> tuple[list[LogicalPlan], list[Expr]]:
    """`inputs` with each branch that reduces a big input to a broadcastable size joined first
    into one input, and the conditions that branch applies taken out.

    A branch is a group of inputs joined to one another by column equalities without the
    biggest input (the fact table). TPC-H q07's 1.5M orders meet their customers of two
    nations (customer ⋈ nation, 12k rows) before they meet lineitem: 120k orders, sent to every
    lineitem task, instead of all 1.5M orders and 145k lineitems shuffled to meet there. A left-deep
    order cannot do this: the nations were joined first, to the suppliers. A branch is kept
    only when it is estimated small enough to broadcast once joined, in the columns used above
    it (`wanted` by the tree's parent, or by the other conditions), and either holds an input
    too big to broadcast or is a filter of its biggest input: q11's suppliers of one nation
    (400 of 10k) meet the 800k partsupp rows in one probe, instead of all 800k meeting all
    suppliers and the 800k matches then meeting the nation. Stars of small dimensions that
    filter nothing keep their left-deep order.
    """
    rows = [estimate_rows(p) for p in inputs]
    fact = max(range(len(inputs)), key=rows.__getitem__)
    owner = {c: i for i, p in enumerate(inputs) for c in ids(output(p))}
    groups = _Classes()
    for c in conditions:
        pair = _column_pair(c)
        if pair is not None:
            a, b = owner.get(pair[0].id), owner.get(pair[1].id)
            if a is not None and b is not None and a != b and fact not in (a, b):
                groups.union(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(inputs)):
        members.setdefault(groups.find(i), []).append(i)
    placed: dict[int, LogicalPlan] = {}
    dropped: set[int] = set()
    for group in members.values():
        plans = [inputs[i] for i in group]
        if len(group) < 2:
            continue
        small = all(estimate_bytes(p) <= BROADCAST_BYTES for p in plans)
        columns = set().union(*(ids(output(p)) for p in plans))
        inside = [c for c in conditions if refs(c) <= columns]
        branch = _greedy_from(inputs[min(group, key=rows.__getitem__)], plans, inside)
        if branch is None:
            continue
        used = {id(c) for c in inside}
        outside = [c for c in conditions if id(c) not in used]
        above = wanted.union(*(refs(c) for c in outside))
        if estimate_bytes(Project(branch, tuple(a for a in output(branch) if a.id in above))) > BROADCAST_BYTES:
            continue
        if small and estimate_rows(branch) * _FILTERING > max(rows[i] for i in group):
            continue
        placed[group[0]] = branch
        dropped.update(group[1:])
        conditions = outside
    reduced = [placed.get(i, p) for i, p in enumerate(inputs) if i not in dropped]
    return reduced, conditions


def _column_pair(e: Expr) -> tuple[Attribute, Attribute] | None:
    """The two columns of ``a = b`` when both sides are plain columns of one type."""
    if isinstance(e, Call) and e.name == "=" and len(e.args) == 2:
        a, b = e.args
        if isinstance(a, Attribute) and isinstance(b, Attribute) and a.dtype == b.dtype:
            return a, b
    return None


def _implied_equalities(conditions: list[Expr], inputs: list[LogicalPlan]) -> list[Expr]:
    """``a = c`` for columns the conditions equate through others (``a = b AND b = c``), where
    no condition equates them directly and one of them is a tiny input's. TPC-H q05 equates
    customer's, supplier's and nation's nation keys through supplier only; the implied
    ``c_nationkey = n_nationkey`` lets customer meet its nations (and through them the region's
    filter) before it meets 227k orders: q05's executor CPU -12%. Only a tiny input, a lookup
    that costs next to nothing wherever it goes: between large inputs an implied key moved
    q09's composite (part, supplier) key from 325k lineitems to all 6M of them (+12%).
    Implied conditions add no filtering: a join applies one only where the columns are not
    already equal."""
    tiny = {i for p in inputs if estimate_rows(p) <= _TINY_ROWS for i in ids(output(p))}
    classes = _Classes()
    direct: set[frozenset[int]] = set()
    columns: dict[int, Attribute] = {}
    for c in conditions:
        pair = _column_pair(c)
        if pair is not None:
            classes.union(pair[0].id, pair[1].id)
            direct.add(frozenset((pair[0].id, pair[1].id)))
            columns.update({a.id: a for a in pair})
    implied: list[Expr] = []
    members = sorted(columns)
    for i, x in enumerate(members):
        for y in members[i + 1 :]:
            related = classes.find(x) == classes.find(y) and frozenset((x, y)) not in direct
            if related and (x in tiny or y in tiny):
                implied.append(Call("=", (columns[x], columns[y]), BooleanType()))
    return implied


class _Classes:
    """Equivalence classes of column ids (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        self.parent[self.find(x)] = self.find(y)

    def needed(self, conditions: list[Expr]) -> list[Expr]:
        """`conditions` without the column equalities these classes (with the earlier ones of
        the list) already imply."""
        trial = _Classes()
        trial.parent = dict(self.parent)
        kept = []
        for c in conditions:
            pair = _column_pair(c)
            if pair is not None:
                if trial.find(pair[0].id) == trial.find(pair[1].id):
                    continue
                trial.union(pair[0].id, pair[1].id)
            kept.append(c)
        return kept

    def join(self, conditions: Iterable[Expr]) -> None:
        for c in conditions:
            pair = _column_pair(c)
            if pair is not None:
                self.union(pair[0].id, pair[1].id)
