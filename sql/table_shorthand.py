"""Spark's ``TABLE t`` query (all of table ``t``), which sqlglot reads as a column alias: written
as ``SELECT * FROM t`` before parsing, where a query may start (the statement's start, after a
``(`` that opens no call, after a set operator; ``f(TABLE t)`` is a table argument), so
``TABLE t |> WHERE ...`` and ``TABLE a UNION TABLE b`` work too."""

from __future__ import annotations

import re

_TABLE_QUERY = re.compile(
    r"(^\s*|(?<![\w`])\(\s*|\b(?:UNION|EXCEPT|INTERSECT|MINUS)(?:\s+(?:ALL|DISTINCT))?\s+)TABLE\s+((?:`[^`]*`|\w+)(?:\.(?:`[^`]*`|\w+))*)",
    re.I,
)


def expand_table_queries(text: str) -> str:
    """`text` with each ``TABLE name`` query written ``SELECT * FROM name`` (string literals kept)."""

    def expanded(m: re.Match[str]) -> str:
        if text[: m.start()].count("'") % 2:
            return m.group(0)  # inside a string literal
        return f"{m.group(1)}SELECT * FROM {m.group(2)}"

    return _TABLE_QUERY.sub(expanded, text)
