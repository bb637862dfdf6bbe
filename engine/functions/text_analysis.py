"""Text analysis functions of ``F``: quote, sentences, jaro_winkler_similarity."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call
from engine.functions.core import lit

__all__ = ["quote", "sentences", "jaro_winkler_similarity"]


def quote(col: ColumnOrName) -> Column:
    """`col` as a SQL string literal: in single quotes, inner quotes escaped as ``\\'``."""
    return call("quote", col)


def sentences(string: ColumnOrName, language: Column | None = None, country: Column | None = None) -> Column:
    """`string` split into sentences, each an array of its words (punctuation dropped).

    `language` and `country` are accepted as Spark accepts them; its rules are the same for
    every locale."""
    blank = lit("")
    return call(
        "sentences", string, blank if language is None else language, blank if country is None else country
    )


def jaro_winkler_similarity(left: ColumnOrName, right: ColumnOrName) -> Column:
    """The Jaro-Winkler similarity of two strings, between 0.0 and 1.0 (1.0: equal)."""
    return call("jaro_winkler_similarity", left, right)
