"""Calling functions by name: call_function (builtins and registered UDFs) and call_udf."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["call_function", "call_udf"]


def call_function(funcName: str, *cols: ColumnOrName) -> Column:  # noqa: N803
    """``funcName(cols...)``, resolved as SQL resolves a call: a built-in function or a UDF
    registered with ``spark.udf.register``; an unknown name is UNRESOLVED_ROUTINE."""
    return call(funcName, *cols)


def call_udf(udfName: str, *cols: ColumnOrName) -> Column:  # noqa: N803
    """The UDF registered as `udfName`, applied to `cols`."""
    return call(udfName, *cols)
