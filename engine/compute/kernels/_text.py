"""UTF-8 helpers for the string kernels: per-row character slicing and positions over the raw buffers.

pyarrow's string kernels take one scalar start/stop for every row; Spark's functions take a
column of positions. These helpers work on the flat UTF-8 bytes with numpy, so a per-row
slice costs a few array passes and never a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.kernels import Value
from engine.errors import AnalysisException


def utf8_parts(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The bytes (uint8) and the int64 row offsets into them of a string/binary array."""
    if a.type in (pa.large_string(), pa.large_binary()):
        a = a.cast(pa.string() if a.type == pa.large_string() else pa.binary())
    bufs = a.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32, count=len(a) + 1, offset=a.offset * 4).astype(np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    return data, offsets


def from_parts(data: np.ndarray, lengths: np.ndarray, valid: np.ndarray | None, binary: bool = False) -> pa.Array:
    """A string (or binary) array from concatenated bytes and each row's byte length."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    mask = None if valid is None or valid.all() else pa.array(valid).buffers()[1]
    typ = pa.binary() if binary else pa.string()
    nulls = 0 if valid is None else int((~valid).sum())
    return pa.Array.from_buffers(
        typ, len(lengths), [mask, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(data, np.uint8))], nulls
    )


def char_counts(a: pa.Array) -> np.ndarray:
    """The number of characters of each row (0 for nulls)."""
    return np.asarray(pc.fill_null(pc.utf8_length(a), 0).to_numpy(zero_copy_only=False), dtype=np.int64)


def _char_index(data: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each byte: its row, and the index of the character it belongs to within that row."""
    lengths = np.diff(offsets)
    row = np.repeat(np.arange(len(lengths)), lengths)
    starts = ((data[offsets[0] : offsets[-1]] & 0xC0) != 0x80).astype(np.int64)
    cum = np.cumsum(starts) - 1
    first = np.zeros(len(lengths), dtype=np.int64)
    nonempty = lengths > 0
    first[nonempty] = cum[(offsets[:-1] - offsets[0])[nonempty]]
    return row, cum - first[row]


def slice_chars(a: pa.Array, start: np.ndarray, stop: np.ndarray) -> pa.Array:
    """Characters [start, stop) of each row (0-based, clamped; null rows stay null)."""
    data, offsets = utf8_parts(a)
    row, idx = _char_index(data, offsets)
    keep = (idx >= start[row]) & (idx < stop[row])
    out = data[offsets[0] : offsets[-1]][keep]
    lengths = np.bincount(row[keep], minlength=len(a)).astype(np.int64)
    valid = np.asarray(a.is_valid().to_numpy(zero_copy_only=False), bool) if a.null_count else None
    return from_parts(out, lengths, valid)


def slice_bytes(a: pa.Array, start: np.ndarray, stop: np.ndarray) -> pa.Array:
    """Bytes [start, stop) of each row of a binary array (0-based, clamped; null rows stay null)."""
    data, offsets = utf8_parts(a)
    lengths = np.diff(offsets)
    row = np.repeat(np.arange(len(lengths)), lengths)
    idx = np.arange(offsets[0], offsets[-1], dtype=np.int64) - offsets[:-1][row]
    keep = (idx >= start[row]) & (idx < stop[row])
    out = data[offsets[0] : offsets[-1]][keep]
    kept = np.bincount(row[keep], minlength=len(a)).astype(np.int64)
    valid = np.asarray(a.is_valid().to_numpy(zero_copy_only=False), bool) if a.null_count else None
    return from_parts(out, kept, valid, binary=True)


def byte_to_char_index(a: pa.Array, byte_pos: np.ndarray) -> np.ndarray:
    """The character index of byte offset `byte_pos` inside each row (-1 stays -1)."""
    data, offsets = utf8_parts(a)
    starts = ((data & 0xC0) != 0x80).astype(np.int64)
    cum = np.concatenate([[0], np.cumsum(starts)])
    found = byte_pos >= 0
    pos = np.where(found, byte_pos, 0)
    return np.where(found, cum[offsets[:-1] + pos] - cum[offsets[:-1]], -1)


def by_scalar(
    values: pa.Array, pattern: Value, fn: Callable[[pa.Array, pa.Scalar], pa.Array], out_type: pa.DataType
) -> pa.Array:
    """`fn(values, p)` for a scalar pattern; for a column of patterns, once per distinct pattern.

    pyarrow's regex and substring kernels take one pattern; Spark allows a column. Looping
    over the distinct patterns (not the rows) keeps the work vectorized.
    """
    if isinstance(pattern, pa.Scalar):
        if not pattern.is_valid:
            return pa.nulls(len(values), out_type)
        return fn(values, pattern)
    result = pa.nulls(len(values), out_type)
    for p in pc.unique(pattern.drop_null()):
        mask = pc.fill_null(pc.equal(pattern, p), False)
        result = pc.if_else(mask, fn(values, p), result)
    return result


def java_regex(pattern: str) -> str:
    """A Java regex as RE2 syntax: possessive quantifiers and ``\\Q..\\E`` are the usual gaps.

    Most patterns are the same in both; quoted sections are escaped here.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("\\Q", i):
            end = pattern.find("\\E", i + 2)
            end = len(pattern) if end < 0 else end
            out.append("".join("\\" + c if not c.isalnum() else c for c in pattern[i + 2 : end]))
            i = end + 2
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def java_replacement(rep: str) -> str:
    """A Java replacement string (``$1``, ``\\$``) as RE2's (``\\1``, ``$``)."""
    out: list[str] = []
    i = 0
    while i < len(rep):
        c = rep[i]
        if c == "\\" and i + 1 < len(rep):
            nxt = rep[i + 1]
            out.append("\\\\" if nxt == "\\" else nxt)
            i += 2
        elif c == "$" and i + 1 < len(rep) and rep[i + 1].isdigit():
            out.append("\\" + rep[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def like_to_regex(pattern: str, escape: str = "\\") -> str:
    """A SQL LIKE pattern (``%``, ``_``, escape character) as a regex to search for.

    Anchored at each end that has no ``%``: a leading or trailing ``.*`` only slows RE2's
    search (``%special%requests%`` as ``special.*requests``: a third less time on q13). The
    escape character may quote only ``_``, ``%`` or itself, and may not end the pattern
    (Spark's INVALID_FORMAT.ESC_IN_THE_MIDDLE / ESC_AT_THE_END).
    """
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == escape:
            if i + 1 == len(pattern):
                raise AnalysisException(
                    f"[INVALID_FORMAT.ESC_AT_THE_END] The format is invalid: '{pattern}'. The escape character is "
                    "not allowed to end with.",
                    "INVALID_FORMAT.ESC_AT_THE_END",
                    {"format": f"'{pattern}'"},
                )
            quoted = pattern[i + 1]
            if quoted not in ("_", "%", escape):
                raise AnalysisException(
                    f"[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: '{pattern}'. The escape character is "
                    f"not allowed to precede '{quoted}'.",
                    "INVALID_FORMAT.ESC_IN_THE_MIDDLE",
                    {"format": f"'{pattern}'", "char": f"'{quoted}'"},
                )
            parts.append(_re_escape(quoted))
            i += 2
            continue
        parts.append(".*" if c == "%" else "." if c == "_" else _re_escape(c))
        i += 1
    lead = 0
    while lead < len(parts) and parts[lead] == ".*":
        lead += 1
    trail = len(parts)
    while trail > lead and parts[trail - 1] == ".*":
        trail -= 1
    start = "" if lead else "^"
    end = "" if trail < len(parts) else "$"
    return "(?s)" + start + "".join(parts[lead:trail]) + end


def like_literal(pattern: str, escape: str = "\\") -> tuple[str, str] | None:
    """("prefix" | "suffix" | "contains", text) when a valid LIKE pattern is one literal text
    (escapes resolved) with ``%`` only before and/or after it (``PROMO%``, ``%BRASS``,
    ``%green%``): a plain substring search then answers it, several times faster than a regex.
    None for any other pattern, including one that must match the whole string."""
    lead = len(pattern) - len(pattern.lstrip("%"))
    body = pattern[lead:]
    text: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == escape and i + 1 < len(body):
            text.append(body[i + 1])
            i += 2
        elif c == "_" or c == escape:
            return None
        elif c == "%":
            if body[i:].strip("%"):
                return None  # a % inside the text
            break
        else:
            text.append(c)
            i += 1
    trail = i < len(body)
    if lead and trail:
        return "contains", "".join(text)
    if lead:
        return "suffix", "".join(text)
    if trail:
        return "prefix", "".join(text)
    return None


def _re_escape(c: str) -> str:
    return "\\" + c if c in r".^$*+?()[]{}|\/-" else c


def codepoint_matrix(a: pa.Array) -> np.ndarray:
    """Rows of `a` as a (rows, longest row) matrix of Unicode code points, padded with -1."""
    data, offsets = utf8_parts(a)
    body = data[offsets[0] : offsets[-1]].astype(np.int64)
    lead = np.nonzero((body & 0xC0) != 0x80)[0]
    size = np.diff(np.append(lead, len(body)))
    cp = np.where(size == 1, body[lead], 0)
    cp = np.where(size == 2, (body[lead] & 0x1F), cp)
    cp = np.where(size == 3, (body[lead] & 0x0F), cp)
    cp = np.where(size >= 4, (body[lead] & 0x07), cp)
    for k in range(1, 4):
        more = size > k
        cp[more] = (cp[more] << 6) | (body[lead[more] + k] & 0x3F)
    counts = char_counts(a)
    width = int(counts.max(initial=0))
    out = np.full((len(a), width), -1, np.int64)
    row = np.repeat(np.arange(len(a)), counts)
    local = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    out[row, local] = cp[: len(row)]
    return out
