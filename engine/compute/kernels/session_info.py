"""Kernels of day/month names, array_size and the session-information functions."""

from __future__ import annotations

import getpass

import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.expr.nodes import Call


def _date_format(value: Value, pattern: str) -> Value:
    """English names via strftime in the C locale (dates carry no time zone)."""
    if isinstance(value, pa.Scalar):
        return _date_format(pa.array([value.as_py()], value.type), pattern)[0]
    return pc.strftime(value.cast(pa.timestamp("s")), format=pattern, locale="C")


# The PySpark release whose behaviour engine follows.
SPARK_VERSION = "4.3.0"


@kernel("dayname")
def _dayname(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _date_format(args[0], "%a")


@kernel("monthname")
def _monthname(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _date_format(args[0], "%b")


@kernel("array_size")
def _array_size(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    a = args[0]
    if isinstance(a, pa.Scalar):
        return pa.scalar(None if not a.is_valid else len(a.as_py()), pa.int32())
    return pc.list_value_length(a).cast(pa.int32())


@kernel("current_database", "current_schema")
def _current_schema(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar("default", pa.string())


@kernel("current_catalog")
def _current_catalog(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar("spark_catalog", pa.string())


@kernel("current_path")
def _current_path(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The SQL path Spark resolves unqualified functions on: builtins, session, current schema."""
    return pa.scalar("system.builtin,system.session,spark_catalog.default", pa.string())


@kernel("current_user", "user", "session_user")
def _current_user(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar(getpass.getuser(), pa.string())


@kernel("version")
def _version(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Spark answers "4.3.0 <git revision>"; engine names the Spark version it follows and its own."""
    from engine import __version__

    return pa.scalar(f"{SPARK_VERSION} engine-{__version__}", pa.string())
