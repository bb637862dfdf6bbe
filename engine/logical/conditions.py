"""Join and filter conditions taken apart: conjuncts, and the equi-key pairs across two sides."""

from __future__ import annotations

from engine import types as T
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr


def split_conjuncts(e: Expr | None) -> list[Expr]:
    """``a AND b AND c`` -> [a, b, c]."""
    if e is None:
        return []
    if isinstance(e, n.Call) and e.name == "and":
        return [*split_conjuncts(e.args[0]), *split_conjuncts(e.args[1])]
    return [e]


def conjoin(parts: list[Expr]) -> Expr | None:
    """[a, b, c] -> ``a AND b AND c``; None for no parts."""
    out: Expr | None = None
    for p in parts:
        out = p if out is None else n.Call("and", (out, p), T.BooleanType(), True)
    return out


def equi_keys(
    cond: Expr | None, left_ids: set[int], right_ids: set[int]
) -> tuple[list[tuple[Expr, Expr, bool]], list[Expr]]:
    """(left key, right key, null-safe) pairs of the equalities across the sides, and the rest."""
    keys: list[tuple[Expr, Expr, bool]] = []
    rest: list[Expr] = []
    for c in split_conjuncts(cond):
        if isinstance(c, n.Call) and c.name in ("=", "<=>") and len(c.args) == 2:
            a, b = c.args
            ra, rb = tr.attribute_ids(a), tr.attribute_ids(b)
            if ra and rb and ra <= left_ids and rb <= right_ids:
                keys.append((a, b, c.name == "<=>"))
                continue
            if ra and rb and ra <= right_ids and rb <= left_ids:
                keys.append((b, a, c.name == "<=>"))
                continue
        rest.append(c)
    return keys, rest
