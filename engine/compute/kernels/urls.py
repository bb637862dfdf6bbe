"""Kernels of url_encode, url_decode / try_url_decode and parse_url / try_parse_url.

url_encode and url_decode work on the flat UTF-8 bytes with numpy, as Java's URLEncoder /
URLDecoder do per character (space <-> '+', every other byte but ``A-Za-z0-9.-*_`` <-> ``%XX``).
parse_url follows java.net.URI, whose grammar is irregular enough that each distinct
(url, part, key) is parsed once in Python (`engine.compute.kernels.uri`) and the answers
are gathered back onto the rows.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import from_parts, utf8_parts
from engine.compute.kernels._util import as_array, broadcast, finish, valid
from engine.compute.kernels.uri import InvalidURI, parse_uri
from engine.errors import IllegalArgumentException
from engine.expr.nodes import Call

_HEX = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
_SAFE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_":
    _SAFE[_c] = True
_HEX_VALUE = np.full(256, -1, dtype=np.int16)
for _i, _c in enumerate(b"0123456789abcdef"):
    _HEX_VALUE[_c] = _i
for _i, _c in enumerate(b"ABCDEF"):
    _HEX_VALUE[_c] = 10 + _i


def _row_lengths(cum: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per-row sums of a per-byte quantity whose running total (with a leading 0) is `cum`."""
    rel = offsets - offsets[0]
    return cum[rel[1:]] - cum[rel[:-1]]


@kernel("url_encode")
def _url_encode(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Java's URLEncoder.encode(s, "UTF-8"): ``a b/é`` -> ``a+b%2F%C3%A9``."""
    (a,), scalar = broadcast(args)
    data, offsets = utf8_parts(a)
    seg = data[offsets[0] : offsets[-1]]
    keep = _SAFE[seg] | (seg == 0x20)
    width = np.where(keep, 1, 3)
    cum = np.concatenate([[0], np.cumsum(width)])
    pos = cum[:-1]
    out = np.empty(int(cum[-1]), dtype=np.uint8)
    out[pos] = np.where(seg == 0x20, ord("+"), np.where(keep, seg, ord("%")))
    esc = ~keep
    out[pos[esc] + 1] = _HEX[seg[esc] >> 4]
    out[pos[esc] + 2] = _HEX[seg[esc] & 15]
    return finish(from_parts(out, _row_lengths(cum, offsets), valid(a)), scalar)


def _decode(a: pa.Array, fn: str, lenient: bool) -> pa.Array:
    """Java's URLDecoder.decode: ``+`` is a space, ``%XX`` a byte; a ``%`` without two hex digits
    after it fails the row (CANNOT_DECODE_URL, or null when `lenient`)."""
    data, offsets = utf8_parts(a)
    seg = data[offsets[0] : offsets[-1]].astype(np.int64)
    size = len(seg)
    row_of = np.repeat(np.arange(len(a)), np.diff(offsets))
    row_end = (offsets[1:] - offsets[0])[row_of] if size else np.zeros(0, np.int64)
    pct = np.flatnonzero(seg == ord("%"))
    fits = pct + 2 < row_end[pct] if len(pct) else np.zeros(0, bool)  # two bytes follow in the row
    hi = np.where(fits, _HEX_VALUE[seg[np.minimum(pct + 1, size - 1)]], -1) if len(pct) else np.zeros(0, np.int64)
    lo = np.where(fits, _HEX_VALUE[seg[np.minimum(pct + 2, size - 1)]], -1) if len(pct) else np.zeros(0, np.int64)
    good = (hi >= 0) & (lo >= 0)
    ok_rows = valid(a).copy()
    bad_rows = np.zeros(len(a), dtype=bool)
    bad_rows[row_of[pct[~good]]] = True
    bad_rows &= ok_rows
    if bad_rows.any() and not lenient:
        shown = a[int(np.argmax(bad_rows))].as_py()
        raise IllegalArgumentException(
            f"[CANNOT_DECODE_URL] The provided URL cannot be decoded: {shown}. Please ensure that the URL "
            "is properly formatted and try again. SQLSTATE: 22546",
            "CANNOT_DECODE_URL",
            {"url": str(shown)},
        )
    out = np.where(seg == ord("+"), ord(" "), seg)
    esc = pct[good]
    out[esc] = hi[good] * 16 + lo[good]
    drop = np.zeros(size, dtype=bool)
    drop[esc + 1] = True
    drop[esc + 2] = True
    cum = np.concatenate([[0], np.cumsum(~drop)])
    decoded = from_parts(out[~drop].astype(np.uint8), _row_lengths(cum, offsets), ok_rows & ~bad_rows, binary=True)
    try:
        return decoded.cast(pa.string())
    except pa.ArrowInvalid:  # bytes that are not UTF-8 read as U+FFFD, as Java's decoder does
        return pa.array([None if b is None else b.decode("utf-8", "replace") for b in decoded.to_pylist()], pa.string())


@kernel("url_decode")
def _url_decode(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    return finish(_decode(a, "url_decode", lenient=False), scalar)


@kernel("try_url_decode")
def _try_url_decode(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    return finish(_decode(a, "try_url_decode", lenient=True), scalar)


def _extract(url: str, part: str, key: str | None, fail: bool) -> str | None:
    try:
        uri = parse_uri(url)
    except InvalidURI as e:
        if fail:
            raise IllegalArgumentException(
                f"[INVALID_URL] The url is invalid: {url}. Use `try_parse_url` to tolerate invalid URL and "
                "return NULL instead. SQLSTATE: 22P02",
                "INVALID_URL",
                {"url": url},
            ) from e
        return None
    if key is not None:
        if part != "QUERY" or uri.query is None:
            return None
        try:
            m = re.search(f"(&|^){key}=([^&]*)", uri.query)
        except re.error as e:
            raise IllegalArgumentException(f"{e} near index {e.pos}\n(&|^){key}=([^&]*)") from e
        return m.group(2) if m else None
    return uri.part(part)


def _parse_url(args: list[Value], fail: bool) -> Value:
    arrays, scalar = broadcast(args)
    n = len(arrays[0])
    ok = np.logical_and.reduce([valid(x) for x in arrays])
    with_key = len(arrays) > 2
    filled = [pc.fill_null(x.cast(pa.string()), "") for x in arrays]
    keys = pc.binary_join_element_wise(*filled, "\x00")
    codes = keys.dictionary_encode()
    uniq = codes.dictionary.to_pylist()
    seen = np.zeros(len(uniq), dtype=bool)
    idx = np.asarray(codes.indices.to_numpy(zero_copy_only=False))
    seen[idx[ok]] = True
    answers: list[str | None] = [None] * len(uniq)
    for i in np.flatnonzero(seen).tolist():
        parts = uniq[i].split("\x00")
        answers[i] = _extract(parts[0], parts[1], parts[2] if with_key else None, fail)
    out = pa.array(answers, pa.string()).take(pa.array(idx, pa.int64(), mask=~ok)) if n else pa.array([], pa.string())
    return finish(as_array(out), scalar)


@kernel("parse_url")
def _parse_url_kernel(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """A part of the URL (HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO) or a
    query parameter; an invalid URL raises INVALID_URL under ANSI, else is null."""
    return _parse_url(args, fail=ctx.ansi)


@kernel("try_parse_url")
def _try_parse_url(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _parse_url(args, fail=False)
