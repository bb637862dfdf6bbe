"""``F.udtf``: Python classes as table-valued functions (PySpark's ``UserDefinedTableFunction``).

A UDTF class has an ``eval`` method that yields output rows (tuples, lists or dicts) for each
call, an optional ``terminate`` that yields more rows at the end of each partition, and an
optional ``cleanup``. Its output schema is the declared ``returnType`` or, when none is given,
what its static ``analyze`` method returns (`AnalyzeResult`) for the call's arguments.
Calling one with columns gives a DataFrame; ``spark.udtf.register`` makes it callable in SQL.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine import types as T
from engine.errors import PySparkAttributeError, PySparkTypeError
from engine.logical.udtf import SQL_ARROW_UDTF, SQL_TABLE_UDF

__all__ = [
    "AnalyzeArgument", "AnalyzeResult", "OrderingColumn", "PartitioningColumn", "SelectedColumn",
    "SkipRestOfInputTableException", "UserDefinedTableFunction", "arrow_udtf", "udtf",
]

SQL_ARROW_TABLE_UDF = 301


@dataclass(frozen=True)
class AnalyzeArgument:
    """One argument as ``analyze`` sees it: its type, its value when it is a constant, and
    whether it is a TABLE argument."""

    dataType: T.DataType  # noqa: N815 - PySpark name
    value: Any
    isTable: bool  # noqa: N815
    isConstantExpression: bool  # noqa: N815


@dataclass(frozen=True)
class PartitioningColumn:
    """A column (or SQL expression) of the TABLE argument to partition its rows by."""

    name: str


@dataclass(frozen=True)
class OrderingColumn:
    """A column (or SQL expression) of the TABLE argument to sort each partition by."""

    name: str
    ascending: bool = True
    overrideNullsFirst: bool | None = None  # noqa: N815


@dataclass(frozen=True)
class SelectedColumn:
    """A column (or aliased SQL expression) of the TABLE argument that ``eval`` receives."""

    name: str
    alias: str = ""


@dataclass
class AnalyzeResult:
    """What ``analyze`` returns: the output schema and how the TABLE argument is to be laid out
    (one partition, or partitioned and ordered by columns), and which of its columns to pass."""

    schema: T.StructType
    withSinglePartition: bool = False  # noqa: N815
    partitionBy: Sequence[PartitioningColumn] = field(default_factory=tuple)  # noqa: N815
    orderBy: Sequence[OrderingColumn] = field(default_factory=tuple)  # noqa: N815
    select: Sequence[SelectedColumn] = field(default_factory=tuple)


class SkipRestOfInputTableException(Exception):  # noqa: N818 - PySpark name
    """Raised by ``eval`` when it needs no more rows of the current partition; ``terminate`` runs."""


def _validate(cls: Any, return_type: Any) -> None:
    """PySpark's checks of a UDTF class, made when it is wrapped."""
    if not isinstance(cls, type):
        raise PySparkTypeError(
            f"[INVALID_UDTF_HANDLER_TYPE] The UDTF is invalid. The function handler must be a class, but got "
            f"'{type(cls).__name__}'. Please provide a class as the function handler.",
            "INVALID_UDTF_HANDLER_TYPE",
        )
    name = cls.__name__
    if not hasattr(cls, "eval"):
        raise PySparkAttributeError(
            f"[INVALID_UDTF_NO_EVAL] The UDTF '{name}' is invalid. It does not implement the required 'eval' "
            f"method. Please implement the 'eval' method in '{name}' and try again.",
            "INVALID_UDTF_NO_EVAL",
        )
    has_analyze = hasattr(cls, "analyze")
    static_analyze = has_analyze and isinstance(inspect.getattr_static(cls, "analyze"), staticmethod)
    if return_type is None and not static_analyze:
        raise PySparkAttributeError(
            f"[INVALID_UDTF_RETURN_TYPE] The UDTF '{name}' is invalid. It does not specify its return type or "
            "implement the required 'analyze' static method. Please specify the return type or implement the "
            f"'analyze' static method in '{name}' and try again.",
            "INVALID_UDTF_RETURN_TYPE",
        )
    if return_type is not None and has_analyze:
        raise PySparkAttributeError(
            f"[INVALID_UDTF_BOTH_RETURN_TYPE_AND_ANALYZE] The UDTF '{name}' is invalid. It has both its return "
            "type and an 'analyze' attribute. Please make it have one of either the return type or the "
            f"'analyze' static method in '{name}' and try again.",
            "INVALID_UDTF_BOTH_RETURN_TYPE_AND_ANALYZE",
        )


class UserDefinedTableFunction:
    """A UDTF class with its output schema; calling it on columns (or a table argument from
    ``df.asTable()``) gives the DataFrame of the rows it yields."""

    def __init__(
        self, func: type, returnType: Any = None, name: str | None = None,  # noqa: N803
        evalType: int = SQL_ARROW_TABLE_UDF, deterministic: bool = False,  # noqa: N803
    ) -> None:
        _validate(func, returnType)
        self.func = func
        self._returnType = returnType
        self._name: str = name or func.__name__
        self.evalType = evalType  # noqa: N815 - PySpark name
        self.deterministic = deterministic

    @property
    def returnType(self) -> T.StructType | None:  # noqa: N802 - PySpark name
        """The declared schema (None when ``analyze`` decides it per call)."""
        if self._returnType is None:
            return None
        parsed = T.parse_ddl(self._returnType) if isinstance(self._returnType, str) else self._returnType
        if not isinstance(parsed, T.StructType):
            raise PySparkTypeError(
                f"[UDTF_RETURN_TYPE_MISMATCH] Mismatch in return type for the UDTF '{self._name}'. Expected a "
                f"'StructType', but got '{parsed}'. Please ensure the return type is a correctly formatted "
                "StructType.",
                "UDTF_RETURN_TYPE_MISMATCH",
            )
        return parsed

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from engine.api.session import Session
        from engine.api.udtf import udtf_frame

        session = Session.getActiveSession() or Session.builder.getOrCreate()
        return udtf_frame(session, self, args, kwargs)

    def asDeterministic(self) -> UserDefinedTableFunction:  # noqa: N802 - PySpark name
        """Marks the UDTF deterministic (its calls may then be reordered or deduplicated)."""
        self.deterministic = True
        return self

    def _renamed(self, name: str) -> UserDefinedTableFunction:
        return UserDefinedTableFunction(self.func, self._returnType, name, self.evalType, self.deterministic)


def udtf(
    cls: type | None = None, *, returnType: Any = None, useArrow: bool | None = None  # noqa: N803
) -> UserDefinedTableFunction | Callable[[type], UserDefinedTableFunction]:
    """Wraps a UDTF class: ``@udtf(returnType="a int, b int")`` over ``class F: def eval(...)``,
    or ``udtf(F, returnType=...)``. `useArrow` picks PySpark's path for the rows (see
    `engine.compute.udtf_rows`); by default ``spark.sql.execution.pythonUDTF.arrow.enabled``
    (true) of the active session decides."""
    arrow = _arrow_by_default() if useArrow is None else useArrow
    eval_type = SQL_ARROW_TABLE_UDF if arrow else SQL_TABLE_UDF
    if cls is None:
        return lambda c: UserDefinedTableFunction(c, returnType, evalType=eval_type)
    return UserDefinedTableFunction(cls, returnType, evalType=eval_type)


def _arrow_by_default() -> bool:
    from engine.api.session import Session

    session = Session.getActiveSession()
    value = session.conf.get("spark.sql.execution.pythonUDTF.arrow.enabled", None) if session else None
    return value is None or str(value).lower() == "true"


def arrow_udtf(
    cls: type | None = None, *, returnType: Any = None  # noqa: N803
) -> UserDefinedTableFunction | Callable[[type], UserDefinedTableFunction]:
    """A PyArrow-native UDTF: ``eval`` receives Arrow arrays (a TABLE argument as a RecordBatch)
    and yields Arrow tables or record batches; its schema is `returnType` (no ``analyze``)."""

    def make(c: type) -> UserDefinedTableFunction:
        _validate(c, returnType)
        if hasattr(c, "analyze"):
            raise PySparkAttributeError(
                f"[INVALID_ARROW_UDTF_WITH_ANALYZE] The arrow UDTF '{c.__name__}' is invalid. Arrow UDTFs do not "
                f"support the 'analyze' method. Please remove the 'analyze' method from '{c.__name__}' and specify "
                "a returnType instead.",
                "INVALID_ARROW_UDTF_WITH_ANALYZE",
            )
        return UserDefinedTableFunction(c, returnType, evalType=SQL_ARROW_UDTF)

    return make if cls is None else make(cls)
