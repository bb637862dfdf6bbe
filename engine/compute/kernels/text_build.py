"""Kernels that build strings from several inputs: concat, concat_ws, format_*, overlay, elt,
levenshtein, soundex, find_in_set, str_to_map."""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.cast_text import format_floating
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import (
    char_counts,
    codepoint_matrix,
    from_parts,
    slice_bytes,
    slice_chars,
    utf8_parts,
)
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.per_constant import constant_args
from engine.errors import ArrayIndexOutOfBoundsException, IllegalArgumentException, SparkRuntimeException
from engine.expr.nodes import Call
from engine.types.arrow import from_arrow


@kernel("concat")
def _concat(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Null if any input is null; arrays concatenate element-wise per row."""
    if not args:
        return pa.scalar("")
    arrays, scalar = broadcast(args)
    if pa.types.is_list(arrays[0].type):
        from engine.compute.kernels.collections import concat_lists

        return finish(concat_lists(arrays), scalar)
    if pa.types.is_binary(arrays[0].type):
        joined = pc.binary_join_element_wise(*[a.cast(pa.string()) for a in arrays], "")
        return finish(joined.cast(pa.binary()), scalar)
    return finish(pc.binary_join_element_wise(*arrays, ""), scalar)


@kernel("concat_ws")
def _concat_ws(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Joins strings and string-array elements with `sep`, skipping nulls."""
    from engine.compute.kernels.collections import concat_lists

    arrays, scalar = broadcast(args)
    sep, rest = arrays[0], arrays[1:]
    if not rest:
        return finish(pc.if_else(sep.is_null(), pa.nulls(len(sep), pa.string()), pa.scalar("")), scalar)
    lists = []
    for a in rest:
        if not pa.types.is_list(a.type):
            a = pa.ListArray.from_arrays(pa.array(np.arange(len(a) + 1, dtype=np.int32)), a)
        lists.append(pc.fill_null(a, pa.scalar([], a.type)))
    merged = concat_lists(lists)
    dropped = pa.ListArray.from_arrays(
        pa.array(np.concatenate([[0], np.cumsum(np.bincount(
            np.asarray(pc.list_parent_indices(merged).filter(merged.values.is_valid())), minlength=len(sep)))]).astype(np.int32)),
        merged.values.drop_null(),
    )  # fmt: skip
    return finish(pc.binary_join(dropped, sep), scalar)


@kernel("overlay")
def _overlay(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``substring(src, 1, pos-1) || replace || substring(src, pos + len)``; len -1 = len(replace)."""
    if len(args) == 3:
        args = [*args, pa.scalar(-1, pa.int32())]
    (src, rep, pos, ln), scalar = broadcast(args)
    binary = pa.types.is_binary(src.type)  # binaries overlay by bytes, strings by characters
    cut = slice_bytes if binary else slice_chars
    p = np_values(pos).astype(np.int64)
    n = np_values(ln).astype(np.int64)
    rep_len = np.asarray(pc.fill_null(pc.binary_length(rep), 0).to_numpy(zero_copy_only=False), np.int64)
    n = np.where(n < 0, rep_len if binary else char_counts(rep), n)
    head = cut(src, np.zeros(len(src), np.int64), np.maximum(p - 1, 0))
    tail = cut(src, np.maximum(p - 1 + n, 0), np.full(len(src), 2**62))
    return finish(pc.binary_join_element_wise(head, rep, tail, b"" if binary else ""), scalar)


@kernel("elt")
def _elt(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The `n`-th (1-based) string argument; out of range is an error under ANSI, else null."""
    arrays, scalar = broadcast(args)
    n = np_values(arrays[0]).astype(np.int64)
    choices = arrays[1:]
    bad = valid(arrays[0]) & ((n < 1) | (n > len(choices)))
    if bad.any() and ctx.ansi:
        raise ArrayIndexOutOfBoundsException(
            f"[INVALID_ARRAY_INDEX] The index {int(n[bad][0])} is out of bounds. The array has "
            f"{len(choices)} elements. Use the SQL function `get()` to tolerate accessing element at "
            "invalid index and return NULL instead.",
            "INVALID_ARRAY_INDEX",
        )
    idx = pa.array(np.clip(n - 1, 0, len(choices) - 1).astype(np.int8), mask=~valid(arrays[0]) | bad)
    return finish(pc.choose(idx, *choices), scalar)


@kernel("levenshtein")
def _levenshtein(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Edit distance by dynamic programming vectorized across rows (loops run over character
    positions): both sides are padded to code-point matrices."""
    arrays, scalar = broadcast(args)
    a, b = arrays[0], arrays[1]
    ca, cb = codepoint_matrix(a), codepoint_matrix(b)
    la, lb = char_counts(a), char_counts(b)
    rows = len(a)
    prev = np.tile(np.arange(cb.shape[1] + 1), (rows, 1))
    for i in range(ca.shape[1]):
        cur = np.empty_like(prev)
        cur[:, 0] = i + 1
        cost = (ca[:, i : i + 1] != cb).astype(np.int64)
        sub = prev[:, :-1] + cost
        dele = prev[:, 1:] + 1
        best = np.minimum(sub, dele)
        for j in range(cb.shape[1]):
            cur[:, j + 1] = np.minimum(best[:, j], cur[:, j] + 1)
        prev = np.where((i < la)[:, None], cur, prev)
    dist = prev[np.arange(rows), lb]
    if len(arrays) == 3:
        limit = np_values(arrays[2]).astype(np.int64)
        dist = np.where(dist > limit, -1, dist)
    nulls = ~(valid(a) & valid(b)) if len(arrays) == 2 else ~(valid(a) & valid(b) & valid(arrays[2]))
    return finish(pa.array(dist.astype(np.int32), mask=nulls), scalar)


_SOUNDEX = np.full(256, ord("0"), np.uint8)
for _letters, _code in (("BFPV", "1"), ("CGJKQSXZ", "2"), ("DT", "3"), ("L", "4"), ("MN", "5"), ("R", "6")):
    for _ch in _letters:
        _SOUNDEX[ord(_ch)] = ord(_code)
_SOUNDEX[[ord("H"), ord("W")]] = ord("*")  # H and W do not separate equal codes


@kernel("soundex")
def _soundex(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """American Soundex: first letter plus three digits; input not starting with a letter is
    returned unchanged."""
    (s,), scalar = broadcast(args)
    up = pc.utf8_upper(s)
    data, offsets = utf8_parts(up)
    n = np.diff(offsets)
    width = int(n.max(initial=0))
    grid = np.zeros((len(s), max(width, 1)), np.uint8)
    row = np.repeat(np.arange(len(n)), n)
    local = np.arange(len(row)) - np.repeat(offsets[:-1] - offsets[0], n)
    grid[row, local] = data[offsets[0] : offsets[-1]]
    first = grid[:, 0]
    is_letter = (first >= ord("A")) & (first <= ord("Z")) & (n > 0)
    codes = _SOUNDEX[grid]
    codes[grid == 0] = ord("0")
    last = codes[:, 0].copy()
    out = np.full((len(s), 4), ord("0"), np.uint8)
    out[:, 0] = first
    filled = np.ones(len(s), np.int64)
    for j in range(1, width):
        c = codes[:, j]
        take = (c != ord("0")) & (c != ord("*")) & (c != last) & (filled < 4)
        out[take, filled[take]] = c[take]
        filled += take
        last = np.where(c == ord("*"), last, c)
    coded = from_parts(out.reshape(-1), np.full(len(s), 4), valid(s))
    return finish(pc.if_else(pa.array(is_letter), coded, s), scalar)


@kernel("luhn_check")
def _luhn_check(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """True when the string is all ASCII digits (at least one) whose Luhn checksum is a
    multiple of 10: from the right, every second digit is doubled (less 9 past 9)."""
    (s,), scalar = broadcast(args)
    data, offsets = utf8_parts(s)
    n = np.diff(offsets)
    row = np.repeat(np.arange(len(n)), n)
    chars = data[offsets[0] : offsets[-1]].astype(np.int64)
    digit = chars - ord("0")
    from_right = np.repeat(offsets[1:] - offsets[0], n) - 1 - np.arange(len(row))
    doubled = np.where(from_right % 2 == 1, digit * 2, digit)
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    total = np.bincount(row, weights=doubled, minlength=len(n)).astype(np.int64)
    bad = np.bincount(row, weights=(digit < 0) | (digit > 9), minlength=len(n)) > 0
    ok = (n > 0) & ~bad & (total % 10 == 0)
    return finish(pa.array(ok, mask=~valid(s)), scalar)


@kernel("find_in_set")
def _find_in_set(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """1-based index of `str` in the comma-separated list; 0 if absent or `str` has a comma."""
    (s, lst), scalar = broadcast(args)
    parts = pc.split_pattern(lst, ",")
    parents = np.asarray(pc.list_parent_indices(parts))
    flat = pc.list_flatten(parts)
    hit = np_values(pc.equal(flat, s.take(pa.array(parents))), False).astype(bool)
    offsets = parts.offsets.to_numpy()
    pos = np.arange(len(flat)) - offsets[parents] + 1
    first = np.full(len(s), 2**31, np.int64)
    np.minimum.at(first, parents[hit], pos[hit])
    found = np.where(first < 2**31, first, 0)
    found = np.where(np_values(pc.match_substring(s, ","), False).astype(bool), 0, found)
    return finish(pa.array(found.astype(np.int32), mask=~(valid(s) & valid(lst))), scalar)


@kernel("str_to_map")
@constant_args(1, 2, null_gives_null=True)
def _str_to_map(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``k1:v1,k2:v2`` to a map; a missing value is null; a repeated key is an error (columns of
    delimiters are read once per distinct pair)."""
    arrays, scalar = broadcast(args)
    text = arrays[0]
    pair = args[1].as_py() if len(args) > 1 and isinstance(args[1], pa.Scalar) else ","
    kv = args[2].as_py() if len(args) > 2 and isinstance(args[2], pa.Scalar) else ":"
    pairs = pc.split_pattern_regex(text, pair)
    flat = pc.list_flatten(pairs)
    split = pc.split_pattern_regex(flat, kv, max_splits=1)
    keys = pc.list_element(split, 0)
    second = pc.list_slice(split, 1, 2)
    idx = np.full(len(split), -1, np.int64)
    idx[np.asarray(pc.list_parent_indices(second))] = np.arange(len(pc.list_flatten(second)))
    vals = pc.list_flatten(second).take(pa.array(idx, mask=idx < 0))
    parents = np.asarray(pc.list_parent_indices(pairs))
    if ctx.map_key_dedup.upper() == "LAST_WIN":  # a repeated key takes its last value, as Spark's map builder
        from engine.compute.kernels.nested import build_map

        typ = pa.map_(pa.string(), pa.string())
        return finish(build_map(keys, vals, parents, len(text), valid(text), typ, last_win=True), scalar)
    counted = pa.table({"r": parents, "k": keys}).group_by(["r", "k"]).aggregate([([], "count_all")])
    if counted.num_rows != len(keys):
        repeated = counted.filter(pc.greater(counted["count_all"], 1))["k"][0].as_py()
        raise SparkRuntimeException(
            f"[DUPLICATED_MAP_KEY] Duplicate map key {repeated} was found, please check the input data. If you want "
            'to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN".',
            "DUPLICATED_MAP_KEY",
        )
    out = pa.MapArray.from_arrays(pairs.offsets, keys, vals, mask=text.is_null())
    return finish(out, scalar)


_SPEC = re.compile(r"%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])")


@kernel("format_string", "printf")
@constant_args(0, null_gives_null=True)
def _format_string(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Java ``String.format``: the format (a constant) is parsed once; each ``%`` spec is
    rendered for a whole column (``%s %d %f %e %x %c %b %%``, width, ``-`` and ``0`` flags)."""
    fmt = args[0].as_py()
    arrays, scalar = broadcast(args[1:] or [pa.scalar(None, pa.null())])
    rows = len(arrays[0])
    if fmt is None:
        return finish(pa.nulls(rows, pa.string()), scalar and all(isinstance(a, pa.Scalar) for a in args))
    pieces: list[pa.Array | pa.Scalar] = []
    pos, next_arg = 0, 0
    for m in _SPEC.finditer(fmt):
        pieces.append(pa.scalar(fmt[pos : m.start()]))
        pos = m.end()
        conv = m.group(5)
        if conv in "%n":
            pieces.append(pa.scalar("%" if conv == "%" else "\n"))
            continue
        index = int(m.group(1)[:-1]) - 1 if m.group(1) else next_arg
        if index < 0:  # ``%0$s`` in a format column (a constant one is refused before it runs)
            raise IllegalArgumentException("Illegal format argument index = 0")
        next_arg = index + 1 if not m.group(1) else next_arg
        if index >= len(args) - 1:
            raise IllegalArgumentException(f"[FORMAT] Missing argument for format specifier '{m.group(0)}'.")
        pieces.append(_render(arrays[index], m.group(2), m.group(3), m.group(4), conv))
    pieces.append(pa.scalar(fmt[pos:]))
    out = pc.binary_join_element_wise(
        *[p if isinstance(p, pa.Array) else pa.repeat(p, rows) for p in pieces], ""
    )
    return finish(out, scalar and all(isinstance(a, pa.Scalar) for a in args))


def _render(a: pa.Array, flags: str, width: str | None, prec: str | None, conv: str) -> pa.Array:
    """One column formatted by one specifier; nulls print as ``null`` as in Java."""
    _check_conversion(a, conv)
    if conv in "dxXo":
        ints = pc.cast(a, pa.int64())
        if conv == "d":
            text = pc.cast(ints, pa.string())
            if "," in flags:
                for _ in range(6):
                    text = pc.replace_substring_regex(text, r"^(-?\d+)(\d{3})", r"\1,\2")
        else:
            # Java prints a negative number in hex/octal as its two's complement at the argument's width.
            wrap = 1 << (a.type.bit_width if pa.types.is_integer(a.type) else 64)
            text = pa.array(
                [None if v is None else format(v % wrap, conv) for v in ints.to_pylist()], pa.string()
            )
    elif conv in "fFeE":
        text = _java_float_text(a, int(prec[1:]) if prec else 6, conv.lower())
    elif conv in "bB":
        text = pc.cast(pc.is_valid(a) if not pa.types.is_boolean(a.type) else a, pa.string())
    elif pa.types.is_floating(a.type):  # Java's Double.toString / Float.toString: 1.0E7, 1.0E-5
        text = format_floating(a)
    else:
        text = pc.cast(a, pa.string()) if not pa.types.is_null(a.type) else pa.nulls(len(a), pa.string())
        if prec:
            text = pc.utf8_slice_codeunits(text, 0, int(prec[1:]))
    # Java prints a null argument as "null" cut to the precision, whatever the conversion
    text = pc.fill_null(text, "null"[: int(prec[1:])] if prec else "null")
    if conv.isupper():
        text = pc.utf8_upper(text)
    if width:
        w = int(width)
        if "-" in flags:
            text = pc.utf8_rpad(text, w, " ")
        elif "0" in flags and conv in "dfeExX":
            neg = pc.starts_with(text, "-")
            body = pc.utf8_lpad(pc.utf8_ltrim(text, "-"), w - 1, "0")
            zeroed = pc.if_else(neg, pc.binary_join_element_wise("-", body, ""), pc.utf8_lpad(text, w, "0"))
            # zeros pad numbers only: null, NaN and Infinity are padded with spaces, as in Java
            numeric = pc.and_(pc.is_valid(a), pc.match_substring_regex(text, r"^-?[0-9a-fA-F]"))
            text = pc.if_else(numeric, zeroed, pc.utf8_lpad(text, w, " "))
        else:
            text = pc.utf8_lpad(text, w, " ")
    return text


def _check_conversion(a: pa.Array, conv: str) -> None:
    """Java's Formatter takes ``%d %x %o`` only for integers and ``%f %e`` only for floats and
    doubles (a decimal too is refused); like Spark, a wrong pairing fails when a value meets it."""
    lower = conv.lower()
    if lower in "dxo":
        fits = pa.types.is_integer(a.type)
    elif lower in "fe":
        fits = pa.types.is_floating(a.type)
    else:
        return
    if not fits and not pa.types.is_null(a.type) and a.null_count < len(a):
        kind = from_arrow(a.type).simpleString()
        raise IllegalArgumentException(
            f"format_string: '%{conv}' cannot format a {kind} value "
            f"(java.util.IllegalFormatConversionException: {conv} != {kind}); cast the argument or use '%s'."
        )


def _java_float_text(a: pa.Array, digits: int, conv: str) -> pa.Array:
    """``%f``/``%e`` as Java's Formatter writes them: a double is rounded half-up from its
    shortest decimal form (``%.2f`` of 1.005 is ``1.01``, where C's printf says ``1.00``);
    NaN and infinities are spelled ``NaN`` and ``Infinity``."""
    single = pa.types.is_float32(a.type)
    floats = pc.cast(a, pa.float64()).to_pylist()
    values = [
        None if v is None else decimal.Decimal(str(np.float32(v)) if single else repr(v)) for v in floats
    ]
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        ctx.prec = 1000
        text = [None if v is None else format(v, f".{digits}{conv}") for v in values]
    if conv == "e":  # Java writes at least two exponent digits, as C does, and zero as e+00
        text = [
            None if t is None else re.sub(r"e([+-])(\d)$", r"e\g<1>0\2", t if v else re.sub("e.*", "e+00", t))
            for t, v in zip(text, values, strict=True)
        ]
    return pa.array(text, pa.string())


@kernel("format_number")
def _format_number(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``#,###,###.##`` with `d` decimals (rounded half-even, from a double's binary value or a
    decimal's digits); null for negative `d`."""
    (x, d), scalar = broadcast(args)
    if pa.types.is_string(d.type):
        pattern = d[0].as_py() if len(d) and d[0].is_valid else None
        return finish(_format_with_pattern(x, pattern), scalar)
    digits = int(d[0].as_py()) if len(d) and d[0].is_valid else -1
    vals = np_values(pc.cast(x, pa.float64()), 0.0)
    finite = np.isfinite(vals)
    magnitudes = np.abs(np.where(finite, vals, 0.0))
    plain = np.char.mod(f"%.{max(digits, 0)}f", magnitudes).astype(object)
    # Past 15 digits "%f" shows binary noise; Java prints the shortest decimal's digits, then zeros.
    big = np.flatnonzero(magnitudes >= 1e15)
    plain[big] = [format(decimal.Decimal(repr(float(v))), f".{max(digits, 0)}f") for v in magnitudes[big]]
    if pa.types.is_decimal(x.type):  # a decimal rounds half-even from its exact digits, not its double
        with decimal.localcontext() as exact:
            exact.prec, exact.rounding = 1000, decimal.ROUND_HALF_EVEN
            plain = np.array(
                [format(abs(v or 0), f".{max(digits, 0)}f") for v in x.to_pylist()] or [], dtype=object
            )
    text = pa.array(plain, pa.string())
    for _ in range(int(pc.max(pc.utf8_length(text)).as_py() or 0) // 3):
        text = pc.replace_substring_regex(text, r"^(\d+)(\d{3})", r"\1,\2")
    # Java's DecimalFormat: NaN as "NaN", infinities as "∞", and the sign of -0.0 kept.
    text = pc.if_else(pa.array(finite), text, pa.array(np.where(np.isnan(vals), "NaN", "∞"), pa.string()))
    negative = np.signbit(vals) & ~np.isnan(vals)
    text = pc.if_else(pa.array(negative), pc.binary_join_element_wise("-", text, ""), text)
    return finish(
        pc.if_else(pc.or_(x.is_null(), pa.scalar(digits < 0)), pa.nulls(len(x), pa.string()), text), scalar
    )


_DEFAULT_NUMBER_PATTERN = "#,###,###,###,###,###,##0"  # Spark's pattern for format_number(x, '')


@dataclass(frozen=True)
class _NumberPattern:
    """One subpattern of a java.text.DecimalFormat pattern such as ``'$#,##0.00'``: its literal
    prefix and suffix, digit counts and grouping size (0 for none)."""

    prefix: str
    suffix: str
    min_int: int
    min_frac: int
    max_frac: int
    grouping: int
    percent: bool


def _parse_number_pattern(text: str) -> tuple[_NumberPattern, _NumberPattern | None]:
    """The positive and (when given after ``;``) negative subpatterns of a DecimalFormat pattern."""
    subs = text.split(";", 1)
    parsed = []
    for sub in subs:
        m = re.fullmatch(r"([^#0,.]*)([#0,]*)(?:\.([#0]*))?([^#0,.]*)", sub)
        if m is None:
            raise IllegalArgumentException(f'Malformed pattern "{text}"')
        prefix, whole, frac, suffix = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        grouping = len(whole) - whole.rindex(",") - 1 if "," in whole else 0
        min_int, min_frac = whole.count("0"), frac.count("0")
        if m.group(3) is not None and not min_int and not min_frac:
            # Java reads "#.##" as "0.##" and ".##" as ".0#": one digit is always shown
            min_int, min_frac = (1, 0) if "#" in whole else (0, min(1, len(frac)))
        parsed.append(
            _NumberPattern(
                prefix.replace("'", ""),
                suffix.replace("'", ""),
                min_int,
                min_frac,
                len(frac),
                grouping,
                "%" in prefix + suffix,
            )
        )
    return parsed[0], parsed[1] if len(parsed) > 1 else None


def _format_with_pattern(x: pa.Array, pattern: str | None) -> pa.Array:
    """format_number(x, 'pattern') as Java's DecimalFormat writes it: the exact value (a
    double's binary value, a decimal's digits) rounded half-even to the pattern's fraction
    digits, then grouped; null when x or the pattern is null."""
    if pattern is None:
        return pa.nulls(len(x), pa.string())
    positive, negative = _parse_number_pattern(pattern or _DEFAULT_NUMBER_PATTERN)
    out: list[str | None] = []
    with decimal.localcontext() as exact:
        exact.prec, exact.rounding = 1000, decimal.ROUND_HALF_EVEN
        for v in x.to_pylist():  # formatting text row by row; not a hot path
            if v is None:
                out.append(None)
                continue
            if isinstance(v, float) and not np.isfinite(v):
                sign = "-" if v < 0 else ""
                out.append("NaN" if v != v else f"{sign}{positive.prefix}∞{positive.suffix}")
                continue
            value = decimal.Decimal(v) * (100 if positive.percent else 1)
            rounded = abs(value).quantize(decimal.Decimal(1).scaleb(-positive.max_frac))
            whole, _, frac = format(rounded, "f").partition(".")
            frac = frac.rstrip("0").ljust(positive.min_frac, "0")
            whole = whole.lstrip("0").rjust(positive.min_int, "0")
            if positive.grouping and whole:
                head = len(whole) % positive.grouping or positive.grouping
                groups = [whole[:head]] + [
                    whole[i : i + positive.grouping] for i in range(head, len(whole), positive.grouping)
                ]
                whole = ",".join(groups)
            body = whole + ("." + frac if frac else "")
            body = body or "0"
            minus = value.is_signed()  # Java keeps the sign of -0.0 and of values rounding to 0
            if minus and negative is not None:
                out.append(negative.prefix + body + negative.suffix)
            else:
                out.append(("-" if minus else "") + positive.prefix + body + positive.suffix)
    return pa.array(out, pa.string())
