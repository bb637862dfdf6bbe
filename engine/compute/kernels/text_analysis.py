"""Kernels of quote, sentences and jaro_winkler_similarity.

quote is vectorized. sentences (text segmentation) and jaro_winkler_similarity (a match
search between two strings) are inherently per-value work: each distinct value is handled
once in Python, nulls passed through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.expr.nodes import Call


@kernel("quote")
def _quote(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``'...'`` around the string, each ``'`` escaped as ``\\'`` (backslashes are left alone)."""
    (s,), scalar = broadcast(args)
    body = pc.replace_substring(s, "'", "\\'")
    return finish(pc.binary_join_element_wise("'", body, "'", ""), scalar)


# --- sentences: java.text.BreakIterator's sentence and word rules, as Spark uses them ------

_TERMINATORS = "!?\u3002\uff01\uff1f"
_PERIODS = ".\uff0e"
_CLOSERS = "\"')]}\u00bb\u201d\u2019"
_LETTERS = r"[^\W\d_]"
_WORD = rf"{_LETTERS}+(?:[-\u00ad\u2010-\u2015\u2027\"'.]{_LETTERS}+)*"
_NUMBER = r"\d+(?:[\"',.\u066b]\d+)*"
# A number led by a currency sign, '#' or '.' is one token that starts with neither a letter nor
# a digit, so Spark drops it whole; words and numbers that touch form one token; a number may
# end with '%' and the like.
_TOKENS = re.compile(
    rf"(?P<drop>[$#.^\u00a2-\u00a5\u20a0-\u20bf]{_NUMBER}(?:{_WORD}|{_NUMBER})*[%&\u066a\u2030\u2031]?)"
    rf"|(?P<keep>(?:{_WORD}|{_NUMBER})*{_NUMBER}[%&\u00a2\u066a\u2030\u2031]|(?:{_WORD}|{_NUMBER})+)"
)


def _sentence_spans(text: str) -> Iterator[str]:
    """The sentences of `text`: a '!' or '?' always ends one; a period ends one when whitespace
    follows and the next character is not a lowercase letter or digit (``Mr. Smith`` splits,
    ``p.m. today`` and ``3.5`` do not)."""
    n, start, i = len(text), 0, 0
    while i < n:
        c = text[i]
        if c in _TERMINATORS or c in _PERIODS:
            j = i + 1
            while j < n and (
                text[j] in _PERIODS or text[j] in _CLOSERS or (c in _TERMINATORS and text[j] in _TERMINATORS)
            ):
                j += 1
            ends = c in _TERMINATORS
            if not ends and j < n and text[j].isspace():
                after = text[j + 1] if j + 1 < n else ""
                ends = not (after.islower() or after.isdigit())
            if ends:
                while j < n and text[j].isspace():
                    j += 1
                yield text[start:j]
                start = j
            i = j
        else:
            i += 1
    if start < n:
        yield text[start:]


def sentences_of(text: str) -> list[list[str]]:
    """`text` split into sentences of words (punctuation and tokens not led by a letter or
    digit dropped)."""
    return [[m.group("keep") for m in _TOKENS.finditer(s) if m.group("keep")] for s in _sentence_spans(text)]


def _per_value(values: list[object], fn: Callable[..., object]) -> list[object]:
    """`fn` over each distinct non-null value (a tuple of arguments) once; null stays null."""
    seen: dict[object, object] = {}
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        if v not in seen:
            seen[v] = fn(*v) if isinstance(v, tuple) else fn(v)
        out.append(seen[v])
    return out


@kernel("sentences")
def _sentences(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Spark ignores the language and country (its BreakIterator rules are the same for all)."""
    (s,), scalar = broadcast(args[:1])
    return finish(pa.array(_per_value(s.to_pylist(), sentences_of), pa.list_(pa.list_(pa.string()))), scalar)


# --- jaro_winkler_similarity ----------------------------------------------------------------


def jaro_winkler(a: str, b: str) -> float:
    """Jaro similarity over code points, raised by 0.1 per common leading character (up to 4):
    matches lie within half the longer length minus one of each other, the shorter string
    searching the longer; both empty count as equal."""
    if a == b:
        return 1.0
    short, long_ = (b, a) if len(a) > len(b) else (a, b)
    reach = max(len(long_) // 2 - 1, 0)
    taken = [False] * len(long_)
    short_hits: list[str] = []
    for i, ch in enumerate(short):
        for j in range(max(i - reach, 0), min(i + reach + 1, len(long_))):
            if not taken[j] and long_[j] == ch:
                taken[j] = True
                short_hits.append(ch)
                break
    m = len(short_hits)
    if m == 0:
        return 0.0
    long_hits = [ch for ch, t in zip(long_, taken) if t]
    half_transpositions = sum(x != y for x, y in zip(short_hits, long_hits)) / 2
    jaro = (m / len(a) + m / len(b) + (m - half_transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + 0.1 * prefix * (1 - jaro)


@kernel("jaro_winkler_similarity")
def _jaro_winkler(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b), scalar = broadcast(args)
    pairs = [None if x is None or y is None else (x, y) for x, y in zip(a.to_pylist(), b.to_pylist())]
    return finish(pa.array(_per_value(pairs, jaro_winkler), pa.float64()), scalar)
