"""``sameSemantics`` / ``semanticHash``: whether two DataFrames compute the same rows.

As Spark compares canonicalized plans, both plans are optimized (so ``select("id")`` over a
frame with just ``id`` is the frame itself) and then canonicalized: attribute and alias ids
are renumbered in order of appearance and output names erased, so two independently built
``spark.range(10)`` agree while ``id > 1`` and ``id > 2`` do not.
"""

from __future__ import annotations

import dataclasses
import zlib
from typing import Any

from engine.expr import nodes as n


def canonical(session: Any, plan: Any) -> Any:
    """`plan`, optimized, with ids renumbered from 0 and column names erased."""
    from engine.api.execution import optimized_plan

    return renumbered(optimized_plan(session, plan), {})


def renumbered(obj: Any, ids: dict[int, int]) -> Any:
    if isinstance(obj, tuple):
        return tuple(renumbered(x, ids) for x in obj)
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if not f.init:
            continue
        value = getattr(obj, f.name)
        if f.name == "id" and isinstance(value, int):
            changes[f.name] = ids.setdefault(value, len(ids))
        elif f.name == "name" and isinstance(obj, (n.Attribute, n.Alias)):
            changes[f.name] = ""
        elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
            changes[f.name] = renumbered(value, ids)
    return dataclasses.replace(obj, **changes) if changes else obj


def semantic_hash(session: Any, plan: Any) -> int:
    """A 32-bit signed hash of the canonical plan, equal for plans that are ``sameSemantics``."""
    value = zlib.crc32(repr(canonical(session, plan)).encode())
    return value - (1 << 32) if value >= 1 << 31 else value
