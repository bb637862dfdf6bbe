"""Runs the optimizer's rules over a plan: batches run once or to a fixed point, each rule
switchable by name (``spark.sql.optimizer.excludedRules``) and traced for ``explain``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps

from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan

Rule = Callable[[LogicalPlan], LogicalPlan]


@dataclass(frozen=True)
class Batch:
    """Rules applied in order, once or repeatedly until the plan stops changing."""

    name: str
    rules: tuple[Rule, ...]
    fixed_point: bool = True
    max_iterations: int = 50


@dataclass
class Trace:
    """The plan after every rule that changed it, for ``explain("verbose")``."""

    steps: list[tuple[str, LogicalPlan]] = field(default_factory=list)


def transform_up(plan: LogicalPlan, rule: Rule) -> LogicalPlan:
    """Applies `rule` to every node bottom-up; returns `plan` itself if nothing changed."""
    kids = L.children(plan)
    new_kids = tuple(transform_up(k, rule) for k in kids)
    rebuilt = L.with_children(plan, new_kids)
    return rule(rebuilt)


def transform_down(plan: LogicalPlan, rule: Rule) -> LogicalPlan:
    """Applies `rule` top-down: to a node, then to the children of the result."""
    new = rule(plan)
    kids = L.children(new)
    return L.with_children(new, tuple(transform_down(k, rule) for k in kids))


def node_rule(order: str = "up") -> Callable[[Rule], Rule]:
    """Turns a rule written for one node (a pattern match) into a rule over a whole plan.

    The decorated function keeps its name (the key of ``excludedRules``) and docstring;
    ``order="down"`` applies it top-down, so a pushed-down node keeps moving in one pass.
    """
    walk = transform_down if order == "down" else transform_up

    def deco(fn: Rule) -> Rule:
        @wraps(fn)
        def whole(plan: LogicalPlan) -> LogicalPlan:
            return walk(plan, fn)

        return whole

    return deco


def run_batches(
    plan: LogicalPlan,
    batches: Sequence[Batch],
    excluded: frozenset[str] = frozenset(),
    trace: Trace | None = None,
) -> LogicalPlan:
    for batch in batches:
        rules = [r for r in batch.rules if r.__name__ not in excluded]
        for _ in range(batch.max_iterations if batch.fixed_point else 1):
            before = plan
            for rule in rules:
                new = rule(plan)
                if new is not plan and new != plan:
                    if trace is not None:
                        trace.steps.append((rule.__name__, new))
                    plan = new
            if plan is before or plan == before:
                break
    return plan


def optimize(
    plan: LogicalPlan, excluded: frozenset[str] = frozenset(), trace: Trace | None = None
) -> LogicalPlan:
    """The optimized form of `plan` (same answer, less work)."""
    from engine.logical.correlated import resolve_outer_references
    from engine.optimizer.rules import BATCHES

    return run_batches(resolve_outer_references(plan), BATCHES, excluded, trace)


def rule_names() -> list[str]:
    """Every rule's name, in the order the batches run them (for ``excludedRules``)."""
    from engine.optimizer.rules import BATCHES

    return list(dict.fromkeys(r.__name__ for b in BATCHES for r in b.rules))
