"""The optimizer's rules, one per module, and the batches they run in."""

from __future__ import annotations

from engine.optimizer.driver import Batch
from engine.optimizer.rules.combine_filters import combine_filters
from engine.optimizer.rules.combine_projects import combine_projects
from engine.optimizer.rules.constant_folding import constant_folding
from engine.optimizer.rules.eliminate_filter import eliminate_filter
from engine.optimizer.rules.inject_runtime_filter import inject_runtime_filter
from engine.optimizer.rules.propagate_empty_relation import propagate_empty_relation
from engine.optimizer.rules.prune_columns import prune_columns
from engine.optimizer.rules.push_down_limit import push_down_limit
from engine.optimizer.rules.push_filter_into_scan import push_filter_into_scan
from engine.optimizer.rules.push_filter_through_aggregate import push_filter_through_aggregate
from engine.optimizer.rules.push_filter_through_join import push_filter_through_join
from engine.optimizer.rules.push_filter_through_project import push_filter_through_project
from engine.optimizer.rules.push_filter_through_sort import push_filter_through_sort
from engine.optimizer.rules.push_filter_through_union import push_filter_through_union
from engine.optimizer.rules.push_filter_through_window import push_filter_through_window
from engine.optimizer.rules.push_semi_join_through_join import push_semi_join_through_join
from engine.optimizer.rules.remove_noop_projects import remove_noop_projects
from engine.optimizer.rules.remove_subquery_alias import remove_subquery_alias
from engine.optimizer.rules.reorder_joins import reorder_joins
from engine.optimizer.rules.semi_join_by_extremes import semi_join_by_extremes
from engine.optimizer.rules.simplify_booleans import simplify_booleans
from engine.optimizer.rules.unwrap_cast_in_comparison import unwrap_cast_in_comparison

_OPERATOR_OPTIMIZATION = Batch(
    "operator optimization",
    (
        constant_folding,
        unwrap_cast_in_comparison,
        simplify_booleans,
        eliminate_filter,
        propagate_empty_relation,
        combine_filters,
        push_filter_through_project,
        push_filter_through_join,
        push_semi_join_through_join,
        semi_join_by_extremes,
        push_filter_through_aggregate,
        push_filter_through_union,
        push_filter_through_window,
        push_filter_through_sort,
        push_down_limit,
        combine_projects,
        prune_columns,
        remove_noop_projects,
    ),
)
_SCAN_PUSHDOWN = Batch(
    "scan pushdown", (push_filter_into_scan, prune_columns, remove_noop_projects), fixed_point=True
)

BATCHES: tuple[Batch, ...] = (
    Batch("finish analysis", (remove_subquery_alias,), fixed_point=False),
    _OPERATOR_OPTIMIZATION,
    _SCAN_PUSHDOWN,
    # once the scans hold their filters, their estimated sizes order the joins; the joins'
    # conditions and columns then settle again around the new order
    Batch("join reorder", (reorder_joins,), fixed_point=False),
    _OPERATOR_OPTIMIZATION,
    _SCAN_PUSHDOWN,
    # after the scans hold their filters: they tell which join sides are selective
    Batch("runtime filters", (inject_runtime_filter,), fixed_point=False),
    Batch(
        "runtime filter pushdown",
        (push_semi_join_through_join, push_filter_into_scan, prune_columns, remove_noop_projects),
    ),
)
