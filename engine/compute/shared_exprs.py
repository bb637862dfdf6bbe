"""Subexpressions that a list of expressions computes more than once, computed once.

Spark's subexpression elimination: TPC-H q01 asks for ``price * (1 - discount)`` and
``price * (1 - discount) * (1 + tax)`` side by side, and each decimal operation is a full
pass over the column. A repeated subexpression is evaluated once into an extra column of
the batch, and every occurrence reads that column.

Only subexpressions that are evaluated on every row anyway are shared (at least one
occurrence outside a CASE branch, the right side of AND/OR, or a later COALESCE argument):
computing a branch-only expression on all rows could raise errors the row-by-row
semantics never reach. Non-deterministic calls, lambdas and UDFs are never shared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from engine.compute.expr_eval import is_deterministic
from engine.expr import nodes as n
from engine.expr.nodes import Expr
from engine.expr.traverse import children, transform_down
from engine.expr.typing import dtype_of

_FIRST_ONLY = {"and", "or", "coalesce", "nvl", "ifnull", "if", "nvl2", "nanvl"}  # later arguments are conditional


@dataclass(frozen=True)
class SharedPlan:
    """What to evaluate first (`shared`, as named columns, in dependency order) and the
    expressions rewritten to read those columns."""

    shared: tuple[tuple[n.Attribute, Expr], ...]
    exprs: tuple[Expr, ...]


def plan_shared(exprs: tuple[Expr, ...]) -> SharedPlan:
    """The shared subexpressions of `exprs` (none when nothing repeats)."""
    try:
        return _plan(exprs)
    except TypeError:  # an unhashable literal somewhere: evaluate as written
        return SharedPlan((), exprs)


@lru_cache(maxsize=256)
def _plan(exprs: tuple[Expr, ...]) -> SharedPlan:
    shared: list[tuple[n.Attribute, Expr]] = []
    current = exprs
    while True:
        everywhere = (*current, *(e for _, e in shared))
        best = _largest_repeated(everywhere)
        if best is None:
            break
        attr = n.Attribute("__shared", dtype_of(best), True, -(len(shared) + 1))

        def swap(e: Expr, best: Expr = best, attr: n.Attribute = attr) -> Expr:
            return attr if e == best else e

        current = tuple(transform_down(e, swap) for e in current)
        # an earlier (larger) shared expression may contain this one: it now reads the column
        shared = [(a, e if e == best else transform_down(e, swap)) for a, e in shared]
        shared.append((attr, best))
    # smaller expressions were found later and larger ones read them: evaluate them first
    return SharedPlan(tuple(reversed(shared)), current)


def _largest_repeated(exprs: tuple[Expr, ...]) -> Expr | None:
    """The biggest eligible subexpression occurring twice or more, once on every row."""
    seen: Counter[Expr] = Counter()
    always: set[Expr] = set()
    for e in exprs:
        for sub, conditional in _occurrences(e, False):
            seen[sub] += 1
            if not conditional:
                always.add(sub)
    repeated = [e for e, count in seen.items() if count > 1 and e in always]
    return max(repeated, key=_size, default=None)


def _occurrences(e: Expr, conditional: bool) -> Iterator[tuple[Expr, bool]]:
    """Every shareable subexpression of `e`, with whether it is evaluated on only some rows."""
    if not _shareable(e):
        if isinstance(e, n.Alias):
            yield from _occurrences(e.child, conditional)
        return
    if isinstance(e, n.Attribute | n.Literal):
        return
    yield e, conditional
    for i, child in enumerate(children(e)):
        yield from _occurrences(child, conditional or (i > 0 and _branches(e)))


def _branches(e: Expr) -> bool:
    """Whether `e` evaluates its arguments after the first only on some rows."""
    return isinstance(e, n.CaseWhen) or (isinstance(e, n.Call) and e.name in _FIRST_ONLY)


@lru_cache(maxsize=4096)
def _shareable(e: Expr) -> bool:
    """Built only of columns, constants, deterministic calls, casts and CASEs, and reads a column."""
    if isinstance(e, n.Attribute):
        return True
    if isinstance(e, n.Literal):
        return True
    if isinstance(e, n.Call) and not is_deterministic(e.name):
        return False
    if not isinstance(e, n.Call | n.Cast | n.CaseWhen):
        return False
    kids = children(e)
    return all(_shareable(k) for k in kids) and any(_reads_column(k) for k in kids)


def _reads_column(e: Expr) -> bool:
    return isinstance(e, n.Attribute) or any(_reads_column(k) for k in children(e))


def _size(e: Expr) -> int:
    return 1 + sum(_size(k) for k in children(e))
