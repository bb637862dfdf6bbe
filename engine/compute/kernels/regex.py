"""Kernels of the pattern functions: split, regexp_*, rlike, like/ilike, translate.

Patterns are Java regexes in Spark; pyarrow runs RE2, which agrees on the common syntax
(`java_regex` bridges ``\\Q..\\E``; back-references and look-arounds are not supported).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import (
    by_scalar,
    char_counts,
    java_regex,
    java_replacement,
    like_literal,
    like_to_regex,
    slice_chars,
)
from engine.compute.kernels._util import broadcast, finish, np_values
from engine.compute.kernels.java_boundary import with_java_boundaries
from engine.compute.kernels.per_constant import constant_args
from engine.compute.kernels.regex_search import checked_pattern
from engine.errors import IllegalArgumentException, SparkRuntimeException
from engine.expr.nodes import Call

_MARK = "\x1e"  # separates regexp_extract_all's matches; assumed absent from the input
_END = "\x1f"  # ends one match of regexp_extract_all; assumed absent from the input


def _scalar_int(v: Value, default: int) -> int:
    if isinstance(v, pa.Scalar):
        return default if not v.is_valid else int(v.as_py())
    raise IllegalArgumentException("This argument must be a constant (a literal), not a column.")


@kernel("split")
@constant_args(2, null_gives_null=True)
def _split(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Splits around regex matches; limit > 0 keeps at most `limit` parts, trailing '' kept."""
    limit = _scalar_int(args[2], -1) if len(args) == 3 else -1
    (s, pattern), scalar = broadcast(args[:2])
    out_type = pa.list_(pa.string())

    def run(v: pa.Array, p: pa.Scalar) -> pa.Array:
        regex = java_regex(p.as_py())
        if regex == "":
            return _split_chars(v, limit)
        if _can_match_empty(p.as_py()):  # Arrow's splitter never advances past an empty match
            return _split_java(v, p.as_py(), limit)
        return pc.split_pattern_regex(v, regex, max_splits=limit - 1 if limit > 0 else None)

    out = by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else pattern, run, out_type)
    return finish(out, scalar)


def _can_match_empty(pattern: str) -> bool:
    """Whether `pattern` may match zero characters somewhere (``|``, ``a*``, ``^``, ``\\b``)."""
    try:
        empty = re.fullmatch(pattern, "") is not None
    except re.error:
        return False
    return empty or re.search(r"\\[bBAzZG]|\^|\$|\(\?<?[=!]", pattern) is not None


def _split_java(v: pa.Array, pattern: str, limit: int) -> pa.Array:
    """Java's String.split(pattern, limit) value by value, for patterns that can match nothing:
    an empty match between characters splits there, one at the very start adds no leading ''."""
    rx = re.compile(pattern)

    def split(text: str) -> list[str]:
        parts, start = [], 0
        for m in rx.finditer(text):
            if limit > 0 and len(parts) == limit - 1:
                break
            if m.end() == 0:
                continue
            parts.append(text[start : m.start()])
            start = m.end()
        return [*parts, text[start:]]

    return pa.array([None if t is None else split(t) for t in v.to_pylist()], pa.list_(pa.string()))


def _split_chars(v: pa.Array, limit: int) -> pa.Array:
    """Java's split on an empty pattern: one part per character (the last part keeps the rest)."""
    counts = char_counts(v)
    parts = np.maximum(np.minimum(counts, limit) if limit > 0 else counts, 1)
    row = np.repeat(np.arange(len(v)), parts)
    k = np.arange(len(row)) - np.repeat(np.cumsum(parts) - parts, parts)
    last = k == parts[row] - 1
    pieces = slice_chars(v.take(pa.array(row)), k, np.where(last, counts[row], k + 1))
    offsets = np.concatenate([[0], np.cumsum(parts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pieces, mask=v.is_null())


@kernel("regexp_replace")
@constant_args(2, 3, null_gives_null=True)
def _regexp_replace(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    pos = _scalar_int(args[3], 1) if len(args) == 4 else 1
    (s, pattern), scalar = broadcast(args[:2])
    rep = args[2]
    if not rep.is_valid or (len(args) == 4 and not args[3].is_valid):  # a null replacement or position
        return finish(pa.nulls(len(s), pa.string()), scalar)
    head = slice_chars(s, np.zeros(len(s), np.int64), np.full(len(s), pos - 1)) if pos > 1 else None
    tail = slice_chars(s, np.full(len(s), pos - 1), np.full(len(s), 2**62)) if pos > 1 else s

    def run(v: pa.Array, p: pa.Scalar) -> pa.Array:
        regex = checked_pattern(p, "regexp_replace")
        if _matches_empty(p.as_py()):  # RE2 skips an empty match right after a match; Java does not
            return _replace_java(v, p.as_py(), java_replacement(rep.as_py()))
        out = pc.replace_substring_regex(v, regex, java_replacement(rep.as_py()))
        template = _python_template(java_replacement(rep.as_py()))
        return with_java_boundaries(v, p.as_py(), out, lambda rx, t: rx.sub(template, t))

    out = by_scalar(tail, args[1] if isinstance(args[1], pa.Scalar) else pattern, run, pa.string())
    if head is not None:
        out = pc.binary_join_element_wise(head, out, "")
    return finish(out, scalar)


def _matches_empty(pattern: str) -> bool:
    """Whether `pattern` matches the empty string (``b*``, ``x?``), where RE2 and Java disagree."""
    try:
        return re.fullmatch(pattern, "") is not None
    except re.error:
        return False


def _replace_java(v: pa.Array, pattern: str, rep: str) -> pa.Array:
    """Java's replaceAll value by value, for patterns that match nothing: after a match, an
    empty match at its end counts too (``regexp_replace('b', 'b?', '_')`` is ``__``), as in
    Python's re. Rare patterns only, so the loop stays off the common path."""
    template = _python_template(rep)
    rx = re.compile(pattern)
    return pa.array([None if t is None else rx.sub(template, t) for t in v.to_pylist()], pa.string())


def _python_template(rep: str) -> str:
    """RE2's replacement (``\\1``) as Python's (``\\g<1>``: ``\\0`` is no octal escape)."""
    return re.sub(r"\\(\d)", r"\\g<\1>", rep)


def _extract_all_java(v: pa.Array, pattern: str, idx: int) -> pa.Array:
    """Group `idx` of every match as Java's find() loop sees them, for patterns that match
    nothing (``(\\d+)?``): an empty match right after a match counts, as in Python's re; a
    group that took no part is ''. Rare patterns only, so the loop stays off the common path."""
    rx = re.compile(pattern)
    rows = [None if t is None else [m.group(idx) or "" for m in rx.finditer(t)] for t in v.to_pylist()]
    return pa.array(rows, pa.list_(pa.string()))


def _group_count(regex: str) -> int:
    """Capturing groups of a Java regex; Java's named groups ``(?<name>...)`` are Python's ``(?P<name>...)``."""
    regex = re.sub(r"\(\?<([A-Za-z][A-Za-z0-9]*)>", r"(?P<\1>", regex)
    if _python_compatible(regex):
        return re.compile(regex).groups
    return regex.count("(") - regex.count("(?") + regex.count("(?P<")


def _python_compatible(regex: str) -> bool:
    try:
        re.compile(regex)
    except re.error:
        return False
    return True


def _check_group(regex: str, idx: int, function: str) -> None:
    """Spark's error (naming `function`) for a group index the regex does not have."""
    groups = _group_count(regex)
    if idx < 0 or idx > groups:  # a runtime error in Spark, raised as rows are read
        raise SparkRuntimeException(
            f"[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in "
            f"`{function}` is invalid: Expects group index between 0 and {groups}, but got {idx}.",
            "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX",
        )


@kernel("regexp_extract")
@constant_args(2, null_gives_null=True)
def _regexp_extract(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Group `idx` of the first match; '' when nothing matches (null only for null input)."""
    idx = _scalar_int(args[2], 1) if len(args) == 3 else 1
    (s, pattern), scalar = broadcast(args[:2])

    def run(v: pa.Array, p: pa.Scalar) -> pa.Array:
        regex = checked_pattern(p, "regexp_extract")
        _check_group(regex, idx, "regexp_extract")
        inner = f"({regex})" if idx == 0 else f"(?:{regex})"
        whole = f"^(?s:.*?){inner}(?s:.*)$"
        marked = pc.replace_substring_regex(v, whole, f"{_MARK}\\{max(idx, 1)}", max_replacements=1)
        found = pc.starts_with(marked, _MARK)
        out = pc.if_else(found, pc.utf8_slice_codeunits(marked, 1), pa.scalar(""))
        return with_java_boundaries(v, p.as_py(), out, lambda rx, t: _first_group(rx, t, idx))

    out = by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else pattern, run, pa.string())
    return finish(pc.if_else(s.is_null(), pa.nulls(len(s), pa.string()), out), scalar)


def _first_group(rx: re.Pattern[str], text: str, idx: int) -> str:
    m = rx.search(text)
    return (m.group(idx) or "") if m else ""


@kernel("regexp_extract_all")
@constant_args(2, null_gives_null=True)
def _regexp_extract_all(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Group `idx` of every match, as an array: each match is marked off, then split out."""
    idx = _scalar_int(args[2], 1) if len(args) == 3 else 1
    (s, pattern), scalar = broadcast(args[:2])

    def run(v: pa.Array, p: pa.Scalar) -> pa.Array:
        regex = checked_pattern(p, "regexp_extract_all")
        _check_group(regex, idx, "regexp_extract_all")
        if _matches_empty(p.as_py()):  # RE2 skips an empty match right after a match; Java does not
            return _extract_all_java(v, p.as_py(), idx)
        # each match becomes MARK group END: adjacent matches stay apart (MARK MARK would not)
        marked = pc.replace_substring_regex(v, f"(?:{regex})", f"{_MARK}\\{idx}{_END}")
        pieces = pc.split_pattern(marked, _MARK)
        flat = pc.list_flatten(pieces)
        parents = pc.list_parent_indices(pieces)
        first = np.zeros(len(flat), bool)
        offsets = pieces.offsets.to_numpy()
        first[offsets[:-1][np.diff(offsets) > 0]] = True
        keep = pa.array(~first)
        matches = pc.split_pattern(flat.filter(keep), _END, max_splits=1)
        values = pc.list_element(matches, 0)
        counts = np.bincount(np.asarray(parents.filter(keep)), minlength=len(v))
        new_offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        out = pa.ListArray.from_arrays(pa.array(new_offsets), values, mask=v.is_null())
        return with_java_boundaries(v, p.as_py(), out, lambda rx, t: [m.group(idx) or "" for m in rx.finditer(t)])

    out = by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else pattern, run, pa.list_(pa.string()))
    return finish(out, scalar)


@kernel("rlike", "regexp_like", "regexp")
def _rlike(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """True when the regex matches anywhere in the string (Java's ``find``)."""
    (s, pattern), scalar = broadcast(args)
    def run(v: pa.Array, p: pa.Scalar) -> pa.Array:
        out = pc.match_substring_regex(v, java_regex(p.as_py()))
        return with_java_boundaries(v, p.as_py(), out, lambda rx, t: rx.search(t) is not None)

    return finish(by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else pattern, run, pa.bool_()), scalar)


@kernel("like", "ilike")
def _like(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """SQL LIKE: ``%`` any run, ``_`` one character, escape (default ``\\``) quotes the next."""
    escape = "\\"
    if len(args) == 3:
        if not isinstance(args[2], pa.Scalar) or not args[2].is_valid or len(args[2].as_py()) != 1:
            raise IllegalArgumentException("The escape character of LIKE must be a single-character literal.")
        escape = args[2].as_py()
    (s, pattern), scalar = broadcast(args[:2])
    fold = call.name == "ilike"

    def run(v: pa.Array, p: pa.Scalar) -> pa.Array:
        regex = like_to_regex(p.as_py(), escape)  # also rejects a misplaced escape character
        literal = None if fold else like_literal(p.as_py(), escape)
        if literal is not None:
            kind, text = literal
            return _SUBSTRING_SEARCH[kind](v, text)
        return pc.match_substring_regex(v, regex, ignore_case=fold)

    return finish(by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else pattern, run, pa.bool_()), scalar)


_SUBSTRING_SEARCH = {"prefix": pc.starts_with, "suffix": pc.ends_with, "contains": pc.match_substring}


@kernel("likeany", "likeall", "notlikeany", "notlikeall")
def _like_quantified(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``s LIKE ANY (p, ...)`` and friends: each pattern's LIKE (negated for NOT), combined
    with three-valued OR (ANY) or AND (ALL), so a null pattern decides only what it can."""
    name = call.name
    every = name.endswith("all")
    out: Value | None = None
    for pattern in args[1:]:
        term = _like([args[0], pattern], call, ctx)
        if name.startswith("not"):
            term = pc.invert(term)
        out = term if out is None else (pc.and_kleene if every else pc.or_kleene)(out, term)
    return out


@kernel("translate")
@constant_args(1, 2, null_gives_null=True)
def _translate(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Character-for-character replacement, done once per character of `matching` (not per row):
    each character first becomes a private-use sentinel so replacements never chain."""
    matching, replace = args[1].as_py(), args[2].as_py()
    if matching is None or replace is None:
        return pa.nulls(len(args[0]), pa.string()) if isinstance(args[0], pa.Array) else pa.scalar(None, pa.string())
    out = args[0]
    mapping: dict[str, str] = {}
    for i, ch in enumerate(matching):
        mapping.setdefault(ch, replace[i] if i < len(replace) else "")
    sentinels = {ch: chr(0xF0000 + k) for k, ch in enumerate(mapping)}
    for ch, sentinel in sentinels.items():
        out = pc.replace_substring(out, ch, sentinel)
    for ch, sentinel in sentinels.items():
        out = pc.replace_substring(out, sentinel, mapping[ch])
    return out


@kernel("substring_index")
@constant_args(1, 2, null_gives_null=True)
def _substring_index(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Text before the `count`-th delimiter (after the `-count`-th from the right if negative)."""
    (s, delim, count), scalar = broadcast(args)
    d, k = args[1].as_py(), args[2].as_py()
    if d is None or k is None:
        return finish(pa.nulls(len(s), pa.string()), scalar)
    if k == 0 or d == "":
        return finish(pc.if_else(s.is_null(), s, pa.scalar("")), scalar)
    if k < 0:
        rev = pc.utf8_reverse(s)
        out = _substring_index([rev, pa.scalar(d[::-1]), pa.scalar(-k, pa.int32())], call, ctx)
        return finish(pc.utf8_reverse(out), scalar)
    parts = pc.split_pattern(s, d, max_splits=k)
    return finish(pc.binary_join(pc.list_slice(parts, 0, k), d), scalar)


@kernel("split_part")
def _split_part(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Part `partNum` (1-based, negative from the end) of `str` split by a literal delimiter;
    '' when out of range, error when 0."""
    from engine.compute.kernels.collections import element_at_list

    (s, delim, part), scalar = broadcast(args)
    k = np_values(part).astype(np.int64)
    if (k[np.asarray(part.is_valid())] == 0).any() if len(k) else False:
        raise IllegalArgumentException(
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 "
            "(the first element has index 1).",
            "INVALID_INDEX_OF_ZERO",
        )
    empty = pc.fill_null(pc.equal(delim, ""), False)
    parts = by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else delim,
                      lambda v, p: pc.split_pattern(v, p.as_py() or "\x00\x00"), pa.list_(pa.string()))  # fmt: skip
    picked = element_at_list(parts, part, ansi=False)
    picked = pc.if_else(pc.and_(empty, pc.is_in(part, pa.array([1, -1], pa.int32()))), s, picked)
    out = pc.if_else(pc.or_(s.is_null(), pc.or_(delim.is_null(), part.is_null())), pa.nulls(len(s), pa.string()),
                     pc.fill_null(picked, ""))  # fmt: skip
    return finish(out, scalar)
