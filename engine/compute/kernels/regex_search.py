"""Kernels of the regex search functions: regexp_count, regexp_instr, regexp_substr.

Each runs RE2 over the whole column once per distinct pattern (`by_scalar`); positions
come back from RE2 as byte offsets and are turned into Spark's 1-based character positions.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import by_scalar, byte_to_char_index, char_counts, java_regex
from engine.compute.kernels._util import broadcast, finish, np_values
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call

_MARK = "\x1e"  # marks a found match in regexp_substr; assumed absent from the input


def checked_pattern(p: pa.Scalar, fn: str) -> str:
    """The RE2 form of Spark's (Java) pattern `p`, checked so a bad one names the function."""
    regex = java_regex(p.as_py())
    try:
        pc.match_substring_regex(pa.array([""]), regex)
    except pa.ArrowInvalid as e:
        raise SparkRuntimeException(
            f"[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `{fn}` is invalid: "
            f"'{p.as_py()}'. SQLSTATE: 22023",
            "INVALID_PARAMETER_VALUE.PATTERN",
        ) from e
    return regex


def _search(args: list[Value], fn: str, run: object, out_type: pa.DataType) -> Value:
    """`run(strings, regex)` per distinct pattern; null where the string or the pattern is null."""
    (s, pattern), scalar = broadcast(args[:2])

    def each(v: pa.Array, p: pa.Scalar) -> pa.Array:
        return run(v, checked_pattern(p, fn))  # type: ignore[operator]

    out = by_scalar(s, args[1] if isinstance(args[1], pa.Scalar) else pattern, each, out_type)
    return finish(out, scalar)


@kernel("regexp_count")
def _regexp_count(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """How many times the pattern matches (non-overlapping, as Java's ``find`` loop counts)."""

    def run(v: pa.Array, regex: str) -> pa.Array:
        if regex == "":  # Java: one empty match per character boundary (RE2 counts bytes)
            return pc.if_else(v.is_null(), pa.scalar(None, pa.int32()), pa.array(char_counts(v) + 1, pa.int32()))
        return pc.count_substring_regex(v, regex).cast(pa.int32())

    # Spark 4 runs regexp_count as size(regexp_extract_all(...)): its errors name the latter
    return _search(args, "regexp_extract_all", run, pa.int32())


@kernel("regexp_instr")
def _regexp_instr(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """1-based character position of the first match, 0 when none. Spark ignores `idx`: the
    position is always the whole match's (checked against Spark 4)."""

    def run(v: pa.Array, regex: str) -> pa.Array:
        found = pc.find_substring_regex(v, regex)
        pos = byte_to_char_index(v, np_values(found, -1).astype(np.int64))
        return pa.array(pos + 1, pa.int32(), mask=np.asarray(v.is_null()))

    return _search(args, "regexp_instr", run, pa.int32())


@kernel("regexp_substr")
def _regexp_substr(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The first match; null when nothing (or only the empty string) matches."""

    def run(v: pa.Array, regex: str) -> pa.Array:
        marked = pc.replace_substring_regex(v, f"^(?s:.*?)({regex})(?s:.*)$", f"{_MARK}\\1", max_replacements=1)
        hit = pc.and_(pc.starts_with(marked, _MARK), pc.greater(pc.utf8_length(marked), 1))
        return pc.if_else(hit, pc.utf8_slice_codeunits(marked, 1), pa.scalar(None, pa.string()))

    return _search(args, "regexp_substr", run, pa.string())
