"""Java's word boundary ``\\b`` next to non-ASCII letters, which RE2 cannot express.

Java (the JDK Spark runs on) tests ``\\b`` with ``Character.isLetterOrDigit``: ``é`` is a
word character there, so ``\\b(\\w)`` finds no boundary between ``É`` and ``L`` in ``ÉLODIE``,
while its ``\\w`` stays ASCII (``[a-zA-Z_0-9]``). RE2 makes both ASCII. The rows that can
differ are the non-ASCII ones of a pattern holding ``\\b`` or ``\\B``: the kernels keep RE2's
answer for every other row and compute these few with Python's ``re``, whose ``\\b`` is
Unicode like Java's, after spelling Java's ASCII classes out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.kernels._text import java_regex

_BOUNDARY = re.compile(r"(?<!\\)(?:\\\\)*\\[bB]")
# Java's predefined classes (ASCII unless UNICODE_CHARACTER_CLASS), outside and inside [...]
_OUTSIDE = {"w": "[a-zA-Z0-9_]", "W": "[^a-zA-Z0-9_]", "d": "[0-9]", "D": "[^0-9]",
            "s": "[ \\t\\n\\x0b\\f\\r]", "S": "[^ \\t\\n\\x0b\\f\\r]"}  # fmt: skip
_INSIDE = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\n\\x0b\\f\\r"}


@lru_cache(maxsize=256)
def python_regex(pattern: str) -> re.Pattern[str] | None:
    """Python's form of Java regex `pattern` when it has a word boundary to get right; None
    when it has none, or uses what this translation does not spell (``\\p{L}``, ``[\\W]``)."""
    if not _BOUNDARY.search(pattern):
        return None
    text = java_regex(pattern).replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    out: list[str] = []
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in "pP" or (depth and nxt in "WDS"):
                return None
            out.append((_INSIDE if depth else _OUTSIDE).get(nxt, c + nxt))
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        out.append(c)
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None


def with_java_boundaries(
    v: pa.Array, pattern: str, answer: pa.Array, fn: Callable[[re.Pattern[str], str], Any]
) -> pa.Array:
    """`answer` (RE2's, one per row of `v`) with its non-ASCII rows recomputed as
    ``fn(python regex, text)`` when `pattern` has a word boundary; otherwise `answer` itself."""
    rx = python_regex(pattern)
    if rx is None or len(v) == 0:
        return answer
    rows = np.asarray(pc.fill_null(pc.invert(pc.string_is_ascii(v)), False).to_numpy(zero_copy_only=False), bool)
    if not rows.any():
        return answer
    idx = np.flatnonzero(rows)
    fixed = pa.array([fn(rx, t) for t in v.take(pa.array(idx)).to_pylist()], answer.type)
    order = np.arange(len(answer))
    order[idx] = len(answer) + np.arange(len(idx))
    return pa.concat_arrays([answer, fixed]).take(pa.array(order))
