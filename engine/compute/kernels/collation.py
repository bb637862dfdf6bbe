"""Kernels of collate, collation and collation_key: how a collation compares strings.

A collation key is a plain string whose binary order and equality are the collation's, so
comparisons, joins, grouping and sorts need no collation of their own:

- UTF8_LCASE: the lower-cased string (Spark compares ``lower(a)`` with ``lower(b)``).
- UNICODE_CI / UNICODE: an approximation of ICU's root collation built from Python's
  unicodedata (engine has no ICU): per character a class (space and punctuation, then
  digits, then letters) and the lower-cased base letter, then the accents, then (UNICODE
  only) the case with lower case first, then the string itself so that only equal strings
  tie. Letters, digits and accents order as ICU orders them; ICU's finer order among
  punctuation and symbols and its contractions (``ß`` against ``ss``) are not reproduced.
"""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.expr.nodes import Call, Literal


@kernel("collate")
def _collate(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return args[0]  # the type changes, not the data


@kernel("collation")
def _collation(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    from engine.expr.typing import dtype_of

    t = dtype_of(call.args[0])
    name = getattr(t, "collation", "UTF8_BINARY")
    return pa.scalar(f"SYSTEM.BUILTIN.{name}", pa.string())


@kernel("collation_key")
def _collation_key(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    value = args[0]
    arg = call.args[1]
    collation = arg.value if isinstance(arg, Literal) else "UTF8_BINARY"
    mode = call.args[2].value if len(call.args) > 2 and isinstance(call.args[2], Literal) else None
    if mode == "regex":  # a pattern of RLIKE under UTF8_LCASE: Java's CASE_INSENSITIVE flag
        return pc.binary_join_element_wise("(?i)", value, "")
    if collation == "UTF8_LCASE" or (mode == "in_place" and collation == "UNICODE_CI"):
        return pc.utf8_lower(value)  # in place: for contains / startswith / endswith
    if collation in ("UNICODE", "UNICODE_CI"):
        return _unicode_keys(value, case_sensitive=collation == "UNICODE")
    return value


def _unicode_keys(value: Value, case_sensitive: bool) -> Value:
    """ICU-like keys, computed once per distinct string (dictionary-encoded) and spread back."""
    if isinstance(value, pa.Scalar):
        return pa.scalar(None if not value.is_valid else unicode_key(value.as_py(), case_sensitive), pa.string())
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    encoded = pc.dictionary_encode(value)
    keys = pa.array([unicode_key(s, case_sensitive) for s in encoded.dictionary.to_pylist()], pa.string())
    return keys.take(encoded.indices)


def unicode_key(s: str, case_sensitive: bool) -> str:
    """The key of one string: primary (class, base letter), accents, then case (see the module)."""
    primary: list[str] = []
    accents: list[str] = []
    cases: list[str] = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.combining(ch):
            if accents:
                accents[-1] += ch
            continue
        base = ch.lower()
        kind = "\x03" if ch.isalpha() else "\x02" if ch.isdigit() else "\x01"
        primary.append(kind + base)
        accents.append("\x01")
        cases.append("\x01" if ch == base else "\x02")
    key = "".join(primary) + "\x00" + "".join(accents)
    return key + "\x00" + "".join(cases) + "\x00" + s if case_sensitive else key
