"""Generic walks over expression trees: children, rebuild, transform, collect."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass, replace

from engine.expr import nodes as n
from engine.expr.nodes import Expr

_EXPR_TYPES = tuple(t for t in Expr.__args__)  # type: ignore[attr-defined]

# Fields that hold a plan, a callable or metadata, never sub-expressions.
_OPAQUE = {"plan", "func", "dtype", "to", "id", "name", "qualifier"}


def is_expr(value: object) -> bool:
    return isinstance(value, _EXPR_TYPES)


_LEAVES = (n.Attribute, n.Literal, n.LambdaVar)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(t: type) -> tuple[str, ...]:
    """The fields of expression type `t` that may hold sub-expressions (walks ask per node): not
    the opaque ones, nor those declared as flags, names, numbers or types only."""
    names = _FIELD_NAMES.get(t)
    if names is None:
        names = _FIELD_NAMES[t] = tuple(f.name for f in fields(t) if f.name not in _OPAQUE and not _scalar(f.type))
    return names


_SCALAR_WORDS = frozenset({"str", "bool", "int", "float", "None", "DataType", "tuple"})


def _scalar(annotation: object) -> bool:
    """Whether a field declared `annotation` (``bool``, ``str | None``, ``tuple[str, ...]``) never
    holds an expression."""
    return isinstance(annotation, str) and set(re.findall(r"[A-Za-z_]+", annotation)) <= _SCALAR_WORDS


def children(e: Expr) -> list[Expr]:
    """Direct sub-expressions, in field order (branches of a CASE flattened)."""
    if isinstance(e, _LEAVES):
        return []
    out: list[Expr] = []
    for name in _field_names(type(e)):
        v = getattr(e, name)
        if is_expr(v):
            out.append(v)  # type: ignore[arg-type]
        elif isinstance(v, tuple) or isinstance(v, (n.WindowSpecDef, n.Frame)):
            out.extend(_exprs_in(v))
    return out


def _exprs_in(v: object) -> Iterator[Expr]:
    if is_expr(v):
        yield v  # type: ignore[misc]
    elif isinstance(v, tuple):
        for item in v:
            yield from _exprs_in(item)
    elif is_dataclass(v) and not isinstance(v, type) and isinstance(v, (n.WindowSpecDef, n.Frame)):
        for f in fields(v):
            yield from _exprs_in(getattr(v, f.name))


def map_children(e: Expr, fn: Callable[[Expr], Expr]) -> Expr:
    """`e` with `fn` applied to each direct child; returns `e` itself when nothing changed."""
    if isinstance(e, _LEAVES):
        return e
    changes = {}
    for name in _field_names(type(e)):
        v = getattr(e, name)
        nv = _map_value(v, fn)
        if nv is not v:
            changes[name] = nv
    return replace(e, **changes) if changes else e  # type: ignore[type-var]


def _map_value(v: object, fn: Callable[[Expr], Expr]) -> object:
    if is_expr(v):
        return fn(v)  # type: ignore[arg-type]
    if isinstance(v, tuple):
        items = tuple(_map_value(x, fn) for x in v)
        return v if all(a is b for a, b in zip(items, v)) else items
    if isinstance(v, (n.WindowSpecDef, n.Frame)):
        changes = {}
        for f in fields(v):
            old = getattr(v, f.name)
            new = _map_value(old, fn)
            if new is not old:
                changes[f.name] = new
        return replace(v, **changes) if changes else v
    return v


def transform_up(e: Expr, fn: Callable[[Expr], Expr]) -> Expr:
    """Rewrite bottom-up: children first, then `fn` on the rebuilt node."""
    return fn(map_children(e, lambda c: transform_up(c, fn)))


def transform_down(e: Expr, fn: Callable[[Expr], Expr]) -> Expr:
    """Rewrite top-down: `fn` first, then recurse into the result's children."""
    new = fn(e)
    return map_children(new, lambda c: transform_down(c, fn))


def walk(e: Expr) -> Iterator[Expr]:
    """Every node of the tree, pre-order."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(reversed(children(x)))


def attributes(e: Expr) -> list[n.Attribute]:
    """The input columns an expression reads."""
    return [x for x in walk(e) if isinstance(x, n.Attribute)]


def attribute_ids(e: Expr) -> set[int]:
    return {a.id for a in attributes(e)}


def contains(e: Expr, kind: type | tuple[type, ...]) -> bool:
    return any(isinstance(x, kind) for x in walk(e))


def strip_alias(e: Expr) -> Expr:
    while isinstance(e, n.Alias):
        e = e.child
    return e


def canonical(e: Expr) -> Expr:
    """`e` with column references reduced to their ids: semantically equal expressions (the
    same columns however spelled or qualified) become equal, as Spark's canonicalized plans."""

    def strip(x: Expr) -> Expr:
        if isinstance(x, n.Attribute) and (x.name or x.qualifier):
            return replace(x, name="", qualifier=())
        return x

    return transform_up(e, strip)


def same_expr(a: Expr, b: Expr) -> bool:
    """Whether `a` and `b` compute the same value (see `canonical`)."""
    return a == b or canonical(a) == canonical(b)
