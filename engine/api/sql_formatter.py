"""``spark.sql(text, **kwargs)``'s ``{name}`` placeholders, filled as PySpark fills them.

PySpark formats the text with a ``string.Formatter`` that looks each field up first
(``{df.A}``, ``{df[B]}`` and ``{t[0]}`` reach into the argument) and converts the value it
finds: a DataFrame becomes a temporary view's name, a plain column reference its SQL name,
a str a quoted SQL string literal, anything else its ``str()``.
"""

from __future__ import annotations

import re
import string
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from engine.errors import PySparkValueError
from engine.expr import nodes as n

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _quote_if_needed(part: str) -> str:
    """Spark's quoteIfNeeded: a name part backquoted unless it is a plain identifier."""
    return part if _PLAIN_NAME.fullmatch(part) else "`" + part.replace("`", "``") + "`"


def lit_sql(text: str) -> str:
    """A str as the SQL string literal Spark's ``lit(text).expr().sql()`` prints."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class SQLStringFormatter(string.Formatter):
    """Fills one query's placeholders; `views` lists the temporary views it registered, which
    the caller drops once the query is analysed (`drop_views`)."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self.views: list[tuple[Any, str]] = []

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        obj, first = super().get_field(field_name, args, kwargs)
        return self._convert(obj, field_name), first

    def _convert(self, value: Any, field_name: str) -> Any:
        from engine.api.column import Column
        from engine.api.dataframe import DataFrame

        if isinstance(value, Column):
            return _column_sql(value, field_name)
        if isinstance(value, DataFrame):
            for frame, name in self.views:
                if frame is value:
                    return name
            name = "_pyspark_" + uuid.uuid4().hex
            self._session.register_view(name, value._plan)
            self.views.append((value, name))
            return name
        if isinstance(value, str):
            return lit_sql(value)
        return value

    def drop_views(self) -> None:
        for _, name in self.views:
            self._session.drop_view(name)
        self.views = []


def _column_sql(column: Any, field_name: str) -> str:
    """A plain column reference's SQL name (``A``, ```a b```, ``t.x``); any other expression is
    refused with PySpark's VALUE_NOT_PLAIN_COLUMN_REFERENCE."""
    expr = column.expr
    if isinstance(expr, n.UnresolvedColumn):
        return ".".join(_quote_if_needed(p) for p in expr.parts)
    if isinstance(expr, n.Attribute):
        return _quote_if_needed(expr.name)
    msg = (
        f"[VALUE_NOT_PLAIN_COLUMN_REFERENCE] Value `{column}` in `{field_name}` should be a plain column "
        f"reference such as `df.col` or `col('column')`."
    )
    raise PySparkValueError(
        msg, "VALUE_NOT_PLAIN_COLUMN_REFERENCE", {"val": str(column), "field_name": field_name}
    )
