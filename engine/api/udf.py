"""``spark.udf``: registers Python functions under a name so SQL text can call them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import PySparkNotImplementedError, PySparkTypeError
from engine.expr import nodes as n
from engine.expr.resolve import SESSION_UDFS
from engine.functions.udf import UDF_KINDS, UserDefinedFunction


class UDFRegistration:
    """PySpark's ``UDFRegistration``: ``spark.udf.register("name", f, "int")``."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def register(self, name: str, f: Callable[..., Any] | UserDefinedFunction, returnType: Any = None) -> UserDefinedFunction:  # noqa: N803
        """Makes `f` callable as ``name(...)`` in SQL and returns it as a UDF named `name`.

        `f` is a plain function (result type `returnType`, string by default) or a UDF from
        ``udf``/``pandas_udf``, whose own result type is used (passing one is an error).
        """
        if isinstance(f, UserDefinedFunction):
            if returnType is not None:
                raise PySparkTypeError(
                    "[CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF] returnType can not be specified when `f` is a "
                    f"user-defined function, but got {returnType}.",
                    "CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF",
                )
            registered = f._renamed(name)
        else:
            registered = UserDefinedFunction(f, returnType if returnType is not None else "string", name)
        kind = UDF_KINDS[registered.evalType]
        SESSION_UDFS[name.lower()] = n.UDFCall(
            name, registered.func, (), registered.returnType, kind, registered.deterministic
        )
        return registered

    def registerJavaFunction(self, name: str, javaClassName: str, returnType: Any = None) -> None:  # noqa: N802, N803
        raise PySparkNotImplementedError(
            "[NOT_IMPLEMENTED] Java UDFs need a JVM; engine has none. Register a Python function instead.",
            "NOT_IMPLEMENTED",
        )

    def registerJavaUDAF(self, name: str, javaClassName: str) -> None:  # noqa: N802, N803
        self.registerJavaFunction(name, javaClassName)
