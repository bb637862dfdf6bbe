"""``F.dayname``, ``F.monthname``, ``F.array_size`` and the session-information functions."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = [
    "dayname", "monthname", "array_size", "current_database", "current_schema", "current_catalog",
    "current_path", "current_user", "user", "session_user", "version",
]  # fmt: skip


def dayname(col: ColumnOrName) -> Column:
    """The three-letter day name of a date (``Mon``)."""
    return call("dayname", col)


def monthname(col: ColumnOrName) -> Column:
    """The three-letter month name of a date (``Jan``)."""
    return call("monthname", col)


def array_size(col: ColumnOrName) -> Column:
    """The number of elements of an array (null for a null array)."""
    return call("array_size", col)


def current_database() -> Column:
    return call("current_database")


def current_schema() -> Column:
    return call("current_schema")


def current_catalog() -> Column:
    return call("current_catalog")


def current_path() -> Column:
    """The path Spark searches for unqualified functions: ``system.builtin,system.session,<catalog>.<schema>``."""
    return call("current_path")


def current_user() -> Column:
    return call("current_user")


def user() -> Column:
    return call("user")


def session_user() -> Column:
    return call("session_user")


def version() -> Column:
    """The Spark version engine follows and engine's own build, as Spark's "<version> <revision>"."""
    return call("version")
