"""The order a java.util.HashMap iterates Python dict keys in, as PySpark's JVM side sees them.

PySpark hands a dict to the JVM as a HashMap (Pyrolite for row data, Py4J for ``agg({...})``),
so a map column built from ``{"b": 2, "a": 1}`` comes back ``{"a": 1, "b": 2}`` and
``agg({"i": "sum", "d": "max"})`` names ``max(d)`` first. Keys whose Java hash we cannot
reproduce keep their Python order.
"""

from __future__ import annotations

import struct
from collections.abc import Hashable, Sequence

_MASK = 0xFFFFFFFF


def _signed32(h: int) -> int:
    h &= _MASK
    return h - (1 << 32) if h & 0x80000000 else h


def java_hash(key: object, long: bool = False) -> int | None:
    """``key.hashCode()`` of the Java object PySpark makes of `key` (None when unknown).

    A Python int is an Integer when it fits 32 bits (a Long otherwise, or always with `long`).
    """
    if isinstance(key, bool):
        return 1231 if key else 1237
    if isinstance(key, int):
        if -(2**31) <= key < 2**31 and not long:
            return key  # Integer
        if -(2**63) <= key < 2**63:
            return _signed32(key ^ ((key & 0xFFFFFFFFFFFFFFFF) >> 32))  # Long
        return None
    if isinstance(key, float):
        bits = struct.unpack(">q", struct.pack(">d", key if key == key else float("nan")))[0]
        return _signed32(bits ^ ((bits & 0xFFFFFFFFFFFFFFFF) >> 32))
    if isinstance(key, str):
        h = 0
        units = key.encode("utf-16-be")
        for i in range(0, len(units), 2):
            h = (31 * h + (units[i] << 8 | units[i + 1])) & _MASK
        return _signed32(h)
    return None


def _order(hashes: list[int | None], capacity: int) -> list[int]:
    """Positions in HashMap iteration order: by bucket, a bucket in insertion order."""
    if any(h is None for h in hashes):
        return list(range(len(hashes)))

    def bucket(i: int) -> int:
        h = hashes[i] & _MASK  # type: ignore[operator]
        return (h ^ (h >> 16)) & (capacity - 1)

    return sorted(range(len(hashes)), key=bucket)


def in_hashmap_order(d: dict) -> list[tuple[object, object]]:  # type: ignore[type-arg]
    """The items of `d` in the order the JVM stores the map PySpark sends it: Pyrolite fills a
    default HashMap (capacity 16, doubling past 3/4 full) taking the items last to first."""
    items = list(d.items())[::-1]
    capacity = 16
    while len(items) > capacity * 0.75:
        capacity *= 2
    return [items[i] for i in _order([java_hash(k) for k, _ in items], capacity)]


def collected_order(keys: Sequence[Hashable], long: bool = False) -> list[int]:
    """Positions of a stored map's `keys` in the dict ``collect()`` returns: the JVM copies the
    map into ``new HashMap(n)`` before pickling it to Python."""
    n = len(keys)
    if n < 2:
        return list(range(n))
    capacity = 1
    while capacity < n:
        capacity *= 2
    while n > int(capacity * 0.75):
        capacity *= 2
    return _order([java_hash(k, long) for k in keys], capacity)
