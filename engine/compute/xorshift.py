"""Spark's XORShiftRandom, reproduced bit for bit and vectorised with numpy.

Spark seeds each partition's generator with ``seed + partitionIndex``, hashes that seed
with Scala's MurmurHash3 (``XORShiftRandom.hashSeed``) and steps a 64-bit xorshift
(``s ^= s << 21; s ^= s >>> 35; s ^= s << 4``), handing out the low bits of each state as
``java.util.Random.next(bits)`` would. A xorshift step is linear over GF(2), so k steps are
one 64x64 bit matrix: the states of a whole batch come from a few matrix applications over
numpy arrays (doubling the run each time), and a batch that starts `offset` rows into its
partition jumps there directly. No per-row Python loop.
"""

from __future__ import annotations

import functools

import numpy as np

_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF


def _rotl32(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _MASK32


def _mix_last(h: int, k: int) -> int:
    k = (k * 0xCC9E2D51) & _MASK32
    k = _rotl32(k, 15)
    k = (k * 0x1B873593) & _MASK32
    return h ^ k


def _bytes_hash(data: bytes, seed: int) -> int:
    """Scala's ``MurmurHash3.bytesHash`` (x86 32-bit), as an unsigned 32-bit int."""
    h = seed & _MASK32
    full = len(data) - len(data) % 4
    for i in range(0, full, 4):
        h = _mix_last(h, int.from_bytes(data[i : i + 4], "little"))
        h = (_rotl32(h, 13) * 5 + 0xE6546B64) & _MASK32
    tail = data[full:]
    if tail:
        h = _mix_last(h, int.from_bytes(tail, "little"))
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK32
    return h ^ (h >> 16)


def hash_seed(seed: int) -> int:
    """``XORShiftRandom.hashSeed``: the generator's first state for a (signed 64-bit) seed."""
    data = (seed & _MASK64).to_bytes(8, "big")
    low = _bytes_hash(data, 0x3C074A61)
    high = _bytes_hash(data, low)
    return ((high << 32) | low) & _MASK64


def _step(x: np.ndarray) -> np.ndarray:
    x = x ^ (x << np.uint64(21))
    x = x ^ (x >> np.uint64(35))
    return x ^ (x << np.uint64(4))


def _apply(columns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """The bit matrix whose column b is ``columns[b]`` applied to every state."""
    out = np.zeros_like(states)
    for b in range(64):
        bit = (states >> np.uint64(b)) & np.uint64(1)
        out ^= bit * columns[b]
    return out


@functools.cache
def _power_of_two(i: int) -> np.ndarray:
    """The columns of the matrix of 2**i xorshift steps."""
    if i == 0:
        return _step(np.uint64(1) << np.arange(64, dtype=np.uint64))
    half = _power_of_two(i - 1)
    return _apply(half, half)


def _jump(states: np.ndarray, steps: int) -> np.ndarray:
    i = 0
    while steps:
        if steps & 1:
            states = _apply(_power_of_two(i), states)
        steps >>= 1
        i += 1
    return states


def states(seed: int, offset: int, count: int) -> np.ndarray:
    """The generator's states after steps ``offset + 1 .. offset + count`` (uint64)."""
    first = _jump(np.array([hash_seed(seed)], dtype=np.uint64), offset + 1)
    out = first
    i = 0
    while len(out) < count:
        out = np.concatenate([out, _apply(_power_of_two(i), out)])
        i += 1
    return out[:count]


def next_ints(seed: int, offset: int, count: int) -> np.ndarray:
    """``nextInt()`` drawn `count` times after `offset` draws: signed 32-bit ints."""
    return (states(seed, offset, count) & np.uint64(_MASK32)).astype(np.uint32).view(np.int32)


def next_doubles(seed: int, offset: int, count: int) -> np.ndarray:
    """``nextDouble()`` drawn `count` times after `offset` draws (two steps each), in [0, 1)."""
    s = states(seed, 2 * offset, 2 * count)
    high = (s[0::2] & np.uint64((1 << 26) - 1)).astype(np.int64)
    low = (s[1::2] & np.uint64((1 << 27) - 1)).astype(np.int64)
    return ((high << 27) + low) * (1.0 / (1 << 53))


def next_gaussians(seed: int, offset: int, count: int) -> np.ndarray:
    """``nextGaussian()`` drawn `count` times after `offset` draws: java.util.Random's polar
    method (pairs of doubles in the unit circle, each accepted pair giving two values), run
    from the partition's start since rejected pairs make the draws uneven."""
    need = offset + count
    pairs = max(8, int(need * 0.7) + 8)
    while True:
        d = next_doubles(seed, 0, 2 * pairs)
        v1, v2 = 2 * d[0::2] - 1, 2 * d[1::2] - 1
        s = v1 * v1 + v2 * v2
        ok = (s < 1) & (s != 0)
        if 2 * int(ok.sum()) >= need:
            break
        pairs *= 2
    v1, v2, s = v1[ok], v2[ok], s[ok]
    multiplier = np.sqrt(-2 * np.log(s) / s)
    values = np.empty(2 * len(s))
    values[0::2], values[1::2] = v1 * multiplier, v2 * multiplier
    return values[offset:need]
