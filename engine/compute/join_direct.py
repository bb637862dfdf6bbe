"""Joins on one integer key by direct addressing: a table indexed by key value holds each build row.

Most joins in a star schema meet a dimension's primary key: a dense range of integers
(1..n for TPC-H's parts, suppliers, customers and orders) where every key occurs once. There a
hash table is not needed: an array over the keys' range gives each probe key's build row in
one gather, with no hashing. On 1.5M probe keys against 65k build keys it takes 6 ms where
``index_in`` takes 34 ms, and Acero's join of 3M lineitems with 227k orders plus the pairs'
`take` goes from 90 to 25 ms.

The table costs 4 bytes per value in the keys' range, so it is only built when that range is
not much wider than the rows joined: sparse keys, such as hashes or timestamps, go to the
hash join. A semi or anti join only asks whether a key is there: its `KeySet` holds a byte per
value, so it is cheaper to build and covers ranges four times as wide (q04's 57k orders among
6M order keys, probed by 950k lineitems a task: 2 ms where ``is_in`` takes 19).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# The table may have this many slots per build row plus per probe row, or `_MIN_SPAN` slots:
# filling a slot costs a fraction of a nanosecond, probing a row ~4 ns here against ~10 in a
# hash table, whose build also costs ~50 ns a row.
_SLOTS_PER_BUILD_ROW = 32
_SLOTS_PER_PROBE_ROW = 4
_MIN_SPAN = 1 << 16
_MAX_SPAN = 1 << 25  # 128 MB of slots: wider key ranges (SF10's 60M orders) go to the hash join


@dataclass(frozen=True)
class KeyTable:
    """Build rows by key value: `slots[k - low + 1]` is the row holding key `k`, or -1."""

    slots: np.ndarray  # int32: a -1, one slot per value in [low, low + span), a -1 (keys outside land on an end)
    low: int
    unique: bool  # whether no key occurs twice among the build rows

    @property
    def nbytes(self) -> int:
        return self.slots.nbytes

    def rows(self, probe: pa.ChunkedArray | pa.Array) -> np.ndarray:
        """The build row of each probe key (int32), -1 where it has none or is null."""
        return _gather(self.slots, self.low, probe, -1)


@dataclass(frozen=True)
class KeySet:
    """Which key values the build side holds: `present[k - low + 1]`, with a False at either end for keys outside."""

    present: np.ndarray  # bool: False, one per value in [low, low + span), False
    low: int

    @property
    def nbytes(self) -> int:
        return self.present.nbytes

    def contains(self, probe: pa.ChunkedArray | pa.Array) -> np.ndarray:
        """Whether each probe key is among the build keys (False for a null)."""
        return _gather(self.present, self.low, probe, False)


def _gather(table: np.ndarray, low: int, probe: pa.ChunkedArray | pa.Array, missing: Any) -> np.ndarray:
    """`table[k - low + 1]` for each probe key `k`: `missing` for a null key, and an end of the
    table (both hold `missing`) for a key outside its range."""
    chunks = probe.chunks if isinstance(probe, pa.ChunkedArray) else [probe]
    found = np.empty(len(probe), table.dtype)
    start = 0
    for chunk in chunks:
        # a clipping `take` sends every offset outside the table to an end: 4x faster than
        # fancy indexing, which checks bounds. An offset that wraps around int64 lands outside
        # too, as the true offset of such a key is more than the range's width from it.
        offsets = _values(chunk) - np.int64(low)
        offsets += 1
        part = found[start : start + len(chunk)]
        np.take(table, offsets, out=part, mode="clip")
        if chunk.null_count:
            part[~_valid(chunk)] = missing
        start += len(chunk)
    return found


def key_table(build: pa.ChunkedArray | pa.Array, probe_rows: int, uses: int = 1) -> KeyTable | None:
    """The direct-address table of `build`'s keys, or None when they are not integers (or dates)
    or their range is too wide to address for a join with `probe_rows` other rows (`uses`
    times: a table several tasks share may be wider)."""
    bounds = _addressable_range(build, probe_rows, slot_bytes=4, uses=uses)
    if bounds is None:
        return None
    low, span = bounds
    values, rows = _valid_values(build)
    slots = np.full(span + 2, -1, np.int32)
    at = values - low + 1
    slots[at] = rows
    # a repeated key's slot holds one of its rows: the others do not read themselves back (a
    # check over the build rows, not over every slot of a range 40x wider: q03's 147k orders)
    return KeyTable(slots, low, bool(np.array_equal(slots[at], rows)))


def key_set(build: pa.ChunkedArray | pa.Array, probe_rows: int, uses: int = 1) -> KeySet | None:
    """The membership table of `build`'s keys, or None when they are not integers (or dates) or
    their range is too wide for a join with `probe_rows` other rows. A byte a slot instead of a
    table's four: it may span four times as many values for the same memory."""
    bounds = _addressable_range(build, probe_rows, slot_bytes=1, uses=uses)
    if bounds is None:
        return None
    low, span = bounds
    present = np.zeros(span + 2, bool)
    present[_valid_values(build)[0] - low + 1] = True
    return KeySet(present, low)


def distinct_keys(table: pa.Table, key: str) -> pa.Table:
    """`table`'s distinct non-null integer `key` values, ascending, as a table of that column; the
    column as it is when its range is too wide for a membership table over its rows. A semi or
    anti join's build side sent to every task shrinks from its rows to its keys."""
    column = table.column(key)
    found = key_set(column, 0) if pa.types.is_integer(column.type) else None
    if found is None:
        return table.select([key])
    values = np.flatnonzero(found.present[1:-1]) + found.low
    return pa.table({key: pa.array(values, pa.int64()).cast(column.type)})


def _addressable_range(
    build: pa.ChunkedArray | pa.Array, probe_rows: int, slot_bytes: int, uses: int = 1
) -> tuple[int, int] | None:
    """(lowest key, span) of `build`'s integer keys when a table of `slot_bytes` a slot, within the
    bytes the slot constants allow a row table of 4-byte slots (times its `uses`), covers them;
    (0, 0) when there is no key at all, or only nulls; None for other key types or a wider range."""
    if not addressable(build.type):
        return None
    bounds = pc.min_max(_as_integers(build))  # the range first: a wide one costs no copy
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is None:
        return 0, 0
    span = high - low + 1
    wanted = uses * (_SLOTS_PER_BUILD_ROW * len(build) + _SLOTS_PER_PROBE_ROW * probe_rows)
    if span * slot_bytes > 4 * min(_MAX_SPAN, max(_MIN_SPAN, wanted)):
        return None
    return low, span


def _valid_values(build: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The non-null keys of `build` as int64, and the row each is in (int32)."""
    column = build.combine_chunks() if isinstance(build, pa.ChunkedArray) else build
    values = _values(column)
    rows = np.arange(len(values), dtype=np.int32)
    if column.null_count:
        keep = _valid(column)
        values, rows = values[keep], rows[keep]
    return values, rows


# Tables of broadcast build sides, which every task of a stage would otherwise build again (q21's
# 6M-slot table of orders: ~10 ms a task). Bounded, as an executor keeps them between jobs.
_SHARED: OrderedDict[Any, KeyTable | KeySet] = OrderedDict()
_SHARED_MAX_BYTES = 64 << 20
_SHARED_USES = 4  # a shared table is built once for every task of a stage: it may be this much wider
_shared_lock = threading.Lock()
_building: dict[Any, threading.Lock] = {}  # key -> held while one task builds its table


def shared_key_table(key: Any, build: pa.ChunkedArray | pa.Array, probe_rows: int) -> KeyTable | None:
    """`key_table(build, probe_rows)`, kept under `key` for the next task that asks: `key` must name
    the build side's contents exactly (a broadcast stage and its key column do: a stage's output
    is the same whichever attempt made it). Tasks asking at once wait for one build."""
    return _shared(("table", key), lambda: key_table(build, probe_rows, _SHARED_USES))  # type: ignore[return-value]


def shared_key_set(key: Any, build: pa.ChunkedArray | pa.Array, probe_rows: int) -> KeySet | None:
    """`key_set(build, probe_rows)`, kept under `key` as `shared_key_table` keeps tables."""
    return _shared(("set", key), lambda: key_set(build, probe_rows, _SHARED_USES))  # type: ignore[return-value]


def _shared(key: Any, make: Callable[[], KeyTable | KeySet | None]) -> KeyTable | KeySet | None:
    with _shared_lock:
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _shared_lock:
            found = _SHARED.get(key)
            if found is not None:
                _SHARED.move_to_end(key)
                return found
        table = make()
        with _shared_lock:
            _building.pop(key, None)
            if table is not None and table.nbytes <= _SHARED_MAX_BYTES:
                _SHARED[key] = table
                while sum(t.nbytes for t in _SHARED.values()) > _SHARED_MAX_BYTES:
                    _SHARED.popitem(last=False)
    return table


def folded_keys(
    left: list[pa.ChunkedArray], right: list[pa.ChunkedArray]
) -> tuple[pa.Array, pa.Array] | None:
    """Several integer keys as one int64 key per row on each side, equal exactly where every key
    is: each key's offset from the smallest value either side holds, in mixed radix. Null where
    any key is null (such rows never match). None when a key is not an integer or date, or the
    keys' ranges multiplied overflow int64 (q05's supplier and nation keys: 10,000 x 25)."""
    if not all(addressable(c.type) for c in left + right):
        return None
    lows, spans = [], []
    for lcol, rcol in zip(left, right):
        bounds = [pc.min_max(_as_integers(c)) for c in (lcol, rcol)]
        found = [(b["min"].as_py(), b["max"].as_py()) for b in bounds if b["min"].is_valid]
        if not found:
            return None
        low = min(lo for lo, _ in found)
        lows.append(low)
        spans.append(max(hi for _, hi in found) - low + 1)
    if math.prod(spans) >= 1 << 62:
        return None
    return _fold(left, lows, spans), _fold(right, lows, spans)


def _fold(columns: list[pa.ChunkedArray], lows: list[int], spans: list[int]) -> pa.Array:
    folded = np.zeros(len(columns[0]), dtype=np.int64)
    valid = np.ones(len(columns[0]), dtype=bool)
    for column, low, span in zip(columns, lows, spans):
        whole = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        folded *= span
        folded += _values(whole) - low
        if whole.null_count:
            valid &= _valid(whole)
    return pa.array(folded) if valid.all() else pa.array(folded, mask=~valid)


def addressable(t: pa.DataType) -> bool:
    """Whether keys of type `t` are integers the table can be indexed by (all that fit in int64)."""
    return (pa.types.is_integer(t) and t != pa.uint64()) or pa.types.is_date(t)


def _as_integers(a: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Date keys as the integers they are stored as (no copy)."""
    if pa.types.is_date32(a.type):
        return a.cast(pa.int32())
    if pa.types.is_date64(a.type):
        return a.cast(pa.int64())
    return a


def _values(a: pa.Array) -> np.ndarray:
    """The key values as int64, whatever is under a null slot."""
    a = _as_integers(a)
    if a.null_count:
        a = a.fill_null(0)
    return np.asarray(a.to_numpy(zero_copy_only=False), dtype=np.int64)


def _valid(a: pa.Array) -> np.ndarray:
    return np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
