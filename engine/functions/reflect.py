"""``F.reflect``, ``F.java_method`` and ``F.try_reflect``: a Java static method by class and name
(the methods engine carries: see engine.expr.java_methods)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["java_method", "reflect", "try_reflect"]


def reflect(*cols: ColumnOrName) -> Column:
    """``reflect(class, method, args...)``: the method's result as a string (class and method
    are literal strings: ``F.lit("java.lang.Math")``)."""
    return call("reflect", *cols)


def java_method(*cols: ColumnOrName) -> Column:
    """`reflect` under its other name."""
    return call("java_method", *cols)


def try_reflect(*cols: ColumnOrName) -> Column:
    """`reflect`, null where the method throws."""
    return call("try_reflect", *cols)
