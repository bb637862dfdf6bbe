"""Kernels of the basic string functions: case, length, trimming, slicing, padding, search."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import by_scalar, byte_to_char_index, char_counts, slice_bytes, slice_chars
from engine.compute.kernels._util import broadcast, finish, np_values, own_offsets
from engine.compute.kernels.per_constant import constant_args
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call


@kernel("upper", "ucase")
def _upper(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _full_case(args[0], pc.utf8_upper, str.upper)


@kernel("lower", "lcase")
def _lower(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _full_case(args[0], pc.utf8_lower, str.lower)


def _full_case(v: Value, simple: Callable[[Value], Value], full: Callable[[str], str]) -> Value:
    """Case mapping as Java's (Spark's): Arrow maps one character to one, so text outside ASCII
    is mapped by Python's full mapping, which agrees with Java's (``upper('ß')`` is ``SS``,
    ``lower('İ')`` is ``i̇``). ASCII rows, nearly all in practice, stay on the Arrow kernel."""
    out = simple(v)
    if isinstance(v, pa.Scalar):
        return pa.scalar(full(v.as_py()), pa.string()) if v.is_valid else out
    wide = ~np.asarray(pc.fill_null(pc.string_is_ascii(v), True).to_numpy(zero_copy_only=False), bool)
    if not wide.any():
        return out
    other = np.flatnonzero(wide)
    mapped = pa.array([full(t) for t in v.take(pa.array(other)).to_pylist()], pa.string())
    at = np.full(len(v), -1, np.int64)
    at[other] = np.arange(len(other))
    return pc.if_else(pa.array(wide), mapped.take(pa.array(at, mask=at < 0)), out)


@kernel("length", "char_length", "character_length", "len")
def _length(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    v = args[0]
    fn = pc.binary_length if pa.types.is_binary(v.type) else pc.utf8_length
    return pc.cast(fn(v), pa.int32())


@kernel("octet_length")
def _octet_length(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.cast(pc.binary_length(_as_bytes(args[0])), pa.int32())


@kernel("bit_length")
def _bit_length(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.multiply(pc.cast(pc.binary_length(_as_bytes(args[0])), pa.int32()), 8)


def _as_bytes(v: Value) -> Value:
    """Strings and binaries count bytes; any other type counts the bytes of its string form."""
    if pa.types.is_string(v.type) or pa.types.is_binary(v.type):
        return v
    return pc.cast(v, pa.string())


def _trim(fn: str, args: list[Value]) -> Value:
    """Spark trims spaces only (not tabs or newlines) unless given the characters to trim."""
    if len(args) == 1:
        return getattr(pc, fn)(args[0], characters=" ")
    (values, chars), scalar = broadcast(args)
    pattern = args[1] if isinstance(args[1], pa.Scalar) else chars
    out = by_scalar(values, pattern, lambda v, c: getattr(pc, fn)(v, characters=c.as_py()), pa.string())
    return finish(out, scalar)


@kernel("trim", "btrim")
def _trim_both(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _trim("utf8_trim", args)


@kernel("ltrim")
def _ltrim(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _trim("utf8_ltrim", args)


@kernel("rtrim")
def _rtrim(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _trim("utf8_rtrim", args)


def spark_substring(s: pa.Array, pos: np.ndarray, length: np.ndarray) -> pa.Array:
    """Spark's ``substring(s, pos, len)``: 1-based, pos 0 acts as 1, negative pos counts from
    the end, and a window starting before the string keeps only its overlapping part."""
    n = char_counts(s)
    start = np.where(pos > 0, pos - 1, np.where(pos < 0, n + pos, 0))
    end = start + length
    return slice_chars(s, np.maximum(start, 0), end)


def _binary_substring(b: pa.Array, pos: np.ndarray, length: np.ndarray) -> pa.Array:
    from engine.compute.kernels._text import from_parts, utf8_parts

    data, offsets = utf8_parts(b)
    n = np.diff(offsets)
    first = np.where(pos > 0, pos - 1, np.where(pos < 0, n + pos, 0))
    start = np.clip(first, 0, n)
    end = np.clip(first + length, start, n)
    row = np.repeat(np.arange(len(n)), n)
    local = np.arange(len(row)) - np.repeat(offsets[:-1] - offsets[0], n)
    keep = (local >= start[row]) & (local < end[row])
    valid = np.asarray(b.is_valid().to_numpy(zero_copy_only=False), bool)
    return from_parts(data[offsets[0] : offsets[-1]][keep], end - start, valid, binary=True)


@kernel("substring", "substr")
def _substring(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    if len(args) == 2:
        args = [*args, pa.scalar(2**31 - 1, pa.int32())]
    fixed = _fixed_window(args)
    if fixed is not None:
        return fixed
    arrays, scalar = broadcast(args)
    s, pos, length = arrays
    p = np_values(pos).astype(np.int64)
    ln = np_values(length).astype(np.int64)
    fn = _binary_substring if pa.types.is_binary(s.type) else spark_substring
    out = fn(s, p, ln)
    nulls = pc.or_(pos.is_null(), length.is_null())
    return finish(pc.if_else(nulls, pa.nulls(len(out), out.type), out), scalar)


def _fixed_window(args: list[Value]) -> Value | None:
    """``substring(s, pos, len)`` of a string column by one non-null position and length (the
    common ``substring(phone, 1, 2)``) as Arrow's slice by code points (utf8_slice_codeunits):
    ~30x cheaper than locating every character of every row. None when the window varies per
    row or `s` is not a string column; negative positions count from each row's end, as
    Arrow's slice does too."""
    s, pos, length = args
    if isinstance(s, pa.Scalar) or not pa.types.is_string(s.type):
        return None
    if not (isinstance(pos, pa.Scalar) and isinstance(length, pa.Scalar)) or not (pos.is_valid and length.is_valid):
        return None
    p, n = int(pos.as_py()), int(length.as_py())
    if n <= 0:
        return pc.if_else(pc.is_null(s), pa.scalar(None, pa.string()), pa.scalar("", pa.string()))
    start = p - 1 if p > 0 else p  # 1-based; 0 acts as 1 (start 0); negative counts from the end
    stop = start + n
    if p < 0 and stop >= 0:
        return pc.utf8_slice_codeunits(s, start=start)
    return pc.utf8_slice_codeunits(s, start=start, stop=stop)


@kernel("left")
def _left(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (s, n), scalar = broadcast(args)
    ln = np.maximum(np_values(n).astype(np.int64), 0)
    out = slice_chars(s, np.zeros(len(s), np.int64), ln)
    return finish(pc.if_else(n.is_null(), pa.nulls(len(s), pa.string()), out), scalar)


@kernel("right")
def _right(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (s, n), scalar = broadcast(args)
    ln = np.maximum(np_values(n).astype(np.int64), 0)
    count = char_counts(s)
    out = slice_chars(s, np.maximum(count - ln, 0), count)
    return finish(pc.if_else(n.is_null(), pa.nulls(len(s), pa.string()), out), scalar)


@kernel("lpad", "rpad")
def _pad(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Pads with a (possibly multi-unit) pad, truncating values that are too long.

    Strings pad and truncate by characters; binaries (Spark's BinaryPad, when value and pad are
    both binary) by bytes. An empty pad leaves a short value as it is.
    """
    if len(args) == 2:
        args = [*args, pa.scalar(" ")]
    (s, n, pad), scalar = broadcast(args)
    binary = pa.types.is_binary(s.type)
    counts, cut = (_byte_counts, slice_bytes) if binary else (char_counts, slice_chars)
    target = np.maximum(np_values(n).astype(np.int64), 0)
    truncated = cut(s, np.zeros(len(s), np.int64), target)
    pad_len = counts(pad)
    need = np.where(pad_len > 0, np.maximum(target - counts(s), 0), 0)
    reps = pa.array(-(-need // np.maximum(pad_len, 1)))
    filler = cut(pc.binary_repeat(pc.fill_null(pad, b"" if binary else ""), reps), np.zeros(len(s), np.int64), need)
    parts = (filler, truncated) if call.name == "lpad" else (truncated, filler)
    out = pc.binary_join_element_wise(*parts, b"" if binary else "")
    nulls = pc.or_(pc.or_(s.is_null(), n.is_null()), pad.is_null())
    return finish(pc.if_else(nulls, pa.nulls(len(s), out.type), out), scalar)


def _byte_counts(a: pa.Array) -> np.ndarray:
    """The number of bytes of each row of a binary array (0 for nulls)."""
    return np.asarray(pc.fill_null(pc.binary_length(a), 0).to_numpy(zero_copy_only=False), dtype=np.int64)


def _char_find(s: pa.Array, sub: Value) -> np.ndarray:
    """0-based character index of the first `sub` in each row of `s`, -1 when absent."""
    idx = by_scalar(s, sub, lambda v, p: pc.find_substring(v, p.as_py()), pa.int32())
    return byte_to_char_index(s, np_values(idx, -1).astype(np.int64))


@kernel("instr")
def _instr(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``instr(str, substr[, start[, occurrence]])``: 1-based position of the occurrence-th `substr`
    at or after `start`, or, for a negative `start`, counting back from that many characters
    from the end (Spark 4.3, as Oracle's INSTR); 0 when absent or when start is 0."""
    if len(args) == 2:
        (s, sub), scalar = broadcast(args)
        pos = _char_find(s, sub if not isinstance(args[1], pa.Scalar) else args[1]) + 1
        nulls = pc.or_(s.is_null(), sub.is_null())
        return finish(pa.array(pos.astype(np.int32), mask=np_values(nulls, True).astype(bool)), scalar)
    if len(args) == 3:
        args = [*args, pa.scalar(1, pa.int32())]
    (s, sub, start_a, occ_a), scalar = broadcast(args)
    nulls = np.zeros(len(s), bool)
    for a in (s, sub, start_a, occ_a):
        nulls |= np_values(a.is_null(), True).astype(bool)
    start, occ = np_values(start_a, 1).astype(np.int64), np_values(occ_a, 1).astype(np.int64)
    if (bad := occ[~nulls & (occ < 1)]).size:
        raise SparkRuntimeException(
            "[INVALID_PARAMETER_VALUE.OCCURRENCE] The value of parameter(s) `occurrence` in `instr` is invalid: "
            f"expects a positive integer, but got {bad[0]}. SQLSTATE: 22023",
            "INVALID_PARAMETER_VALUE.OCCURRENCE",
            {"parameter": "`occurrence`", "functionName": "`instr`", "currentValue": str(bad[0])},
        )
    occ = np.where(nulls, 0, occ)
    length, sub_len = char_counts(s), char_counts(sub)
    # a negative start searches backwards: forwards in the reversed text for the reversed substr
    back = start < 0
    rev_s, rev_sub = pc.utf8_reverse(s), pc.utf8_reverse(sub)
    fwd = _nth_find(s, sub, np.where(back, 0, start), np.where(back, 0, occ))
    rev = _nth_find(rev_s, rev_sub, np.maximum(-start - sub_len + 1, 1), np.where(back, occ, 0))
    out = np.where(back, np.where(rev > 0, length - rev - sub_len + 2, 0), fwd)
    out = np.where(sub_len == 0, 1, np.where(start == 0, 0, out))
    return finish(pa.array(out.astype(np.int32), mask=nulls), scalar)


def _nth_find(s: pa.Array, sub: pa.Array, start: np.ndarray, occurrence: np.ndarray) -> np.ndarray:
    """1-based position of the occurrence-th (possibly overlapping) `sub` in `s` at or after the
    1-based `start`; 0 when there are fewer, and for rows whose occurrence is 0. One vectorized
    find per occurrence, not per row."""
    found = np.zeros(len(s), np.int64)
    pos, remaining = start.copy(), occurrence.copy()
    for _ in range(int(occurrence.max(initial=0))):
        tail = slice_chars(s, np.maximum(pos - 1, 0), np.full(len(s), 2**62))
        idx = _char_find(tail, sub)
        hit = (remaining > 0) & (idx >= 0)
        found = np.where(hit & (remaining == 1), pos + idx, found)
        remaining = np.where(hit, remaining - 1, 0)
        pos = np.where(hit, pos + idx + 1, pos)
    return found


@kernel("locate", "position")
def _locate(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``locate(substr, str, pos)``: 1-based; 0 when absent or when pos < 1."""
    if len(args) == 2:
        args = [*args, pa.scalar(1, pa.int32())]
    (sub, s, pos), scalar = broadcast(args)
    start = np_values(pos).astype(np.int64)
    tail = slice_chars(s, np.maximum(start - 1, 0), np.full(len(s), 2**62))
    found = _char_find(tail, args[0] if isinstance(args[0], pa.Scalar) else sub)
    empty = np.asarray(pc.fill_null(pc.equal(pc.utf8_length(sub), 0), False).to_numpy(zero_copy_only=False), bool)
    out = np.where(found >= 0, found + start, 0)
    out = np.where(empty, 1, np.where(start < 1, 0, out))
    nulls = pc.or_(sub.is_null(), s.is_null())
    result = pa.array(out.astype(np.int32), mask=np_values(nulls, True).astype(bool))
    return finish(pc.if_else(pos.is_null(), pa.scalar(0, pa.int32()), result), scalar)


@kernel("initcap")
def _initcap(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Capitalizes the first letter of each space-separated word and lowercases the rest."""
    if isinstance(args[0], pa.Scalar):
        return _initcap([pa.array([args[0].as_py()], args[0].type)], call, ctx)[0]
    words = pc.split_pattern(args[0], " ")
    flat = pc.utf8_capitalize(pc.list_flatten(words))
    rebuilt = pa.ListArray.from_arrays(own_offsets(words), flat, mask=words.is_null())
    return pc.binary_join(rebuilt, " ")


@kernel("repeat")
def _repeat(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """`s` repeated `n` times ('' for n <= 0); null when either is null."""
    (s, n), scalar = broadcast(args)
    count = pc.max_element_wise(n, pa.scalar(0, pa.int32()), skip_nulls=False)
    return finish(pc.binary_repeat(s, pc.cast(count, pa.int64())), scalar)


@kernel("space")
def _space(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``space(n)``: n blanks (none for n <= 0), null for a null n."""
    (n,), scalar = broadcast(args)
    count = pc.max_element_wise(n, pa.scalar(0, pa.int32()))
    blanks = pc.binary_repeat(pa.repeat(pa.scalar(" "), len(n)), pc.cast(count, pa.int64()))
    return finish(pc.if_else(n.is_valid(), blanks, pa.scalar(None, pa.string())), scalar)


@kernel("replace")
@constant_args(1, 2, null_gives_null=True)
def _replace(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Every occurrence of `search` replaced (an empty `search` leaves the string as is)."""
    rep = args[2] if len(args) == 3 else pa.scalar("")
    if not args[1].is_valid or not rep.is_valid:
        return pa.nulls(len(args[0]), pa.string()) if not isinstance(args[0], pa.Scalar) else pa.scalar(None, pa.string())
    if args[1].as_py() == "":
        return args[0]
    return pc.replace_substring(args[0], args[1].as_py(), rep.as_py())


@kernel("startswith")
def _startswith(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _match(args, lambda v, p: pc.starts_with(v, p.as_py()))


@kernel("endswith")
def _endswith(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _match(args, lambda v, p: pc.ends_with(v, p.as_py()))


@kernel("contains")
def _contains(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _match(args, lambda v, p: pc.match_substring(v, p.as_py()))


def _match(args: list[Value], fn: object) -> Value:
    (s, p), scalar = broadcast(args)
    return finish(by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else p, fn, pa.bool_()), scalar)  # type: ignore[arg-type]


_MASK_CLASSES = (r"\p{Lu}", r"\p{Ll}", r"\p{Nd}")


@kernel("mask")
def _mask(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Upper-case letters, lower-case letters, digits and other characters each replaced by
    their (literal) replacement character; a null replacement keeps that class as it is. Each
    class is first marked with a private control character so replacements never cascade."""
    (s,), scalar = broadcast(args[:1])
    chars = [a.as_py() if isinstance(a, pa.Scalar) else None for a in args[1:]]
    chars += [("X", "x", "n", None)[i] for i in range(len(chars), 4)]
    marks = ["\x01", "\x02", "\x03", "\x04"]
    for cls, mark, rep in zip(_MASK_CLASSES, marks, chars):
        if rep is not None:
            s = pc.replace_substring_regex(s, cls, mark)
    if chars[3] is not None:
        # other: neither a marked class nor a letter or digit whose class is kept as it is
        s = pc.replace_substring_regex(s, r"[^\x01-\x03\p{Lu}\p{Ll}\p{Nd}]", marks[3])
    for mark, rep in zip(marks, chars):
        if rep is not None:
            s = pc.replace_substring(s, mark, rep)
    return finish(s, scalar)

