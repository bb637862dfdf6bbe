"""Type rules of quote, sentences and jaro_winkler_similarity."""

from __future__ import annotations

from engine import types as T
from engine.expr.signatures.strings import fixed, register_all

S = T.StringType()


def _sentences_name(name: str, args: list[str]) -> str:
    """Spark names ``sentences(s)`` with its empty language and country: ``sentences(s, , )``."""
    return f"{name}({', '.join(args + [''] * (3 - len(args)))})"


register_all(["quote"], fixed(S, S), 1, 1)
register_all(
    ["sentences"],
    fixed(T.ArrayType(T.ArrayType(S, False), False), S, S, S, nullable=True),
    1,
    3,
    pretty=_sentences_name,
)
register_all(["jaro_winkler_similarity"], fixed(T.DoubleType(), S, S), 2, 2)
