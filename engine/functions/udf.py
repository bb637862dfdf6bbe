"""``F.udf`` and ``F.pandas_udf``: Python functions as column expressions (`UDFCall` nodes)."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from engine import types as T
from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import PySparkTypeError, PySparkValueError
from engine.expr import nodes as n

__all__ = ["udf", "pandas_udf", "PandasUDFType", "UserDefinedFunction"]


class PythonEvalType:
    """PySpark's evaluation-type codes, reported by a UDF's ``evalType``."""

    SQL_BATCHED_UDF = 100
    SQL_ARROW_BATCHED_UDF = 101
    SQL_SCALAR_PANDAS_UDF = 200
    SQL_GROUPED_MAP_PANDAS_UDF = 201
    SQL_GROUPED_AGG_PANDAS_UDF = 202
    SQL_SCALAR_PANDAS_ITER_UDF = 204
    SQL_SCALAR_ARROW_UDF = 250
    SQL_SCALAR_ARROW_ITER_UDF = 251
    SQL_GROUPED_AGG_ARROW_UDF = 252
    SQL_GROUPED_AGG_ARROW_ITER_UDF = 254


class PandasUDFType:
    """The legacy ``functionType`` constants of ``pandas_udf``."""

    SCALAR = PythonEvalType.SQL_SCALAR_PANDAS_UDF
    SCALAR_ITER = PythonEvalType.SQL_SCALAR_PANDAS_ITER_UDF
    GROUPED_MAP = PythonEvalType.SQL_GROUPED_MAP_PANDAS_UDF
    GROUPED_AGG = PythonEvalType.SQL_GROUPED_AGG_PANDAS_UDF


UDF_KINDS = {
    PythonEvalType.SQL_BATCHED_UDF: "row",
    PythonEvalType.SQL_ARROW_BATCHED_UDF: "row",
    PythonEvalType.SQL_SCALAR_PANDAS_UDF: "pandas",
    PythonEvalType.SQL_SCALAR_PANDAS_ITER_UDF: "pandas_iter",
    PythonEvalType.SQL_GROUPED_AGG_PANDAS_UDF: "pandas_agg",
    # arrow_udf's functions are adapted (engine.functions.arrow_udfs) to these two runners
    PythonEvalType.SQL_SCALAR_ARROW_UDF: "arrow",
    PythonEvalType.SQL_SCALAR_ARROW_ITER_UDF: "arrow",
    PythonEvalType.SQL_GROUPED_AGG_ARROW_UDF: "pandas_agg",
    PythonEvalType.SQL_GROUPED_AGG_ARROW_ITER_UDF: "pandas_agg",
}


def return_type(value: Any) -> T.DataType:
    """A UDF's declared result type from a DataType or a DDL string (``"array<int>"``)."""
    if isinstance(value, T.DataType):
        return value
    if isinstance(value, str):
        return T.parse_ddl(value)
    raise PySparkTypeError(
        f"[NOT_EXPECTED_TYPE] Argument `returnType` should be DataType or str, got {type(value).__name__}.",
        "NOT_EXPECTED_TYPE",
    )


class UserDefinedFunction:
    """A Python function plus its result type; calling it on columns builds a `UDFCall` column."""

    def __init__(
        self, func: Callable[..., Any], returnType: Any, name: str | None = None,  # noqa: N803
        evalType: int = PythonEvalType.SQL_ARROW_BATCHED_UDF, deterministic: bool = True,  # noqa: N803
    ) -> None:
        if not callable(func):
            raise PySparkTypeError(
                f"[NOT_CALLABLE] Argument `func` should be a callable, got {type(func).__name__}.", "NOT_CALLABLE"
            )
        self.func = func
        self.returnType = return_type(returnType)  # noqa: N815 - PySpark name
        self.evalType = evalType  # noqa: N815 - PySpark name
        self.deterministic = deterministic
        self._name: str = name or str(getattr(func, "__name__", type(func).__name__))
        functools.update_wrapper(self, func, assigned=("__module__", "__doc__"), updated=())

    @property
    def __name__(self) -> str:  # noqa: PLW3201 - functions carry one; so does PySpark's wrapper
        return self._name

    def __call__(self, *cols: ColumnOrName, **kwcols: ColumnOrName) -> Column:
        if kwcols:  # ``f(b=col("x"), a=...)``: PySpark passes them to the function by name
            return _call_with_names(self, cols, kwcols)
        args = tuple(to_expr(c) for c in cols)
        if self.evalType == PythonEvalType.SQL_GROUPED_MAP_PANDAS_UDF:
            raise PySparkTypeError(
                f"[INVALID_UDF_EVAL_TYPE] The GROUPED_MAP pandas UDF {self._name!r} maps whole groups, not "
                "columns: call df.groupBy(...).apply(udf), or applyInPandas(func, schema).",
                "INVALID_UDF_EVAL_TYPE",
            )
        kind = UDF_KINDS[self.evalType]
        if kind == "pandas_agg":
            return _grouped_agg_call(self, args)
        return Column(n.UDFCall(self._name, self.func, args, self.returnType, kind, self.deterministic))

    def asNondeterministic(self) -> UserDefinedFunction:  # noqa: N802
        """The same UDF, marked so the optimizer never folds, reorders or deduplicates its calls."""
        return UserDefinedFunction(self.func, self.returnType, self._name, self.evalType, False)

    def _renamed(self, name: str) -> UserDefinedFunction:
        return UserDefinedFunction(self.func, self.returnType, name, self.evalType, self.deterministic)


def _call_with_names(f: UserDefinedFunction, cols: tuple[Any, ...], kwcols: dict[str, Any]) -> Column:
    """A call with keyword arguments: the function gets the positional values then the named
    ones by name, and the column is named as Spark names it, ``f(a, b => (x * 10))``."""
    from engine.expr.display import sql_name

    func, names, positional = f.func, tuple(kwcols), len(cols)

    def by_name(*values: Any) -> Any:
        return func(*values[:positional], **dict(zip(names, values[positional:], strict=True)))

    inner = UserDefinedFunction(by_name, f.returnType, f.__name__, f.evalType, f.deterministic)
    call = inner(*cols, *kwcols.values())
    shown = [sql_name(to_expr(c)) for c in cols] + [f"{k} => {sql_name(to_expr(v))}" for k, v in kwcols.items()]
    expr = call.expr.child if isinstance(call.expr, n.Alias) else call.expr
    return Column(n.Alias(expr, f"{f.__name__}({', '.join(shown)})"))


def _grouped_agg_call(f: UserDefinedFunction, args: tuple[n.Expr, ...]) -> Column:
    """``Series -> scalar`` over a group: the UDF runs on ``collect_list(struct(args))``.

    Collecting one struct per row keeps the rows of several arguments aligned and keeps
    their nulls, which the UDF sees as missing values, as in PySpark.
    """
    from engine.expr.display import sql_name

    rows = n.UnresolvedFunction("struct", args)
    collected = n.UnresolvedFunction("collect_list", (rows,))
    call = n.UDFCall(f.__name__, f.func, (collected,), f.returnType, "pandas_agg", f.deterministic)
    return Column(n.Alias(call, f"{f.__name__}({', '.join(sql_name(a) for a in args)})"))


def udf(f: Any = None, returnType: Any = None, *, useArrow: bool | None = None) -> Any:  # noqa: N803
    """A row-at-a-time Python UDF; ``@udf``, ``@udf("int")``, ``@udf(returnType=...)`` or ``udf(f, t)``.

    The result type defaults to string. ``useArrow`` is accepted for compatibility: engine
    always exchanges data with UDFs through Arrow. Without ``useArrow``, a function whose
    arguments are all hinted as pandas Series (or pyarrow Arrays) is a pandas (or Arrow) UDF,
    as PySpark 4.1 infers it from the hints.
    """
    if f is None or isinstance(f, (str, T.DataType)):
        rt = f if f is not None else returnType
        return lambda func: _plain_or_vectorized(func, rt, useArrow)
    return _plain_or_vectorized(f, returnType, useArrow)


def _plain_or_vectorized(func: Callable[..., Any], rt: Any, use_arrow: bool | None) -> UserDefinedFunction:
    """A row UDF, or the pandas / Arrow UDF its type hints ask for (only when ``useArrow`` is unset)."""
    rt = rt if rt is not None else T.StringType()
    hinted = _vectorized_hints(func) if use_arrow is None else None
    if hinted == "pandas":
        return _make_pandas_udf(func, rt, None)
    if hinted == "arrow":
        from engine.functions.arrow_udfs import arrow_udf

        return arrow_udf(func, rt)  # type: ignore[no-any-return]
    if use_arrow is False:  # PySpark's pickled row UDF (its evalType; engine runs both the same way)
        return UserDefinedFunction(func, rt, evalType=PythonEvalType.SQL_BATCHED_UDF)
    return UserDefinedFunction(func, rt)


def _vectorized_hints(func: Callable[..., Any]) -> str | None:
    """"pandas" when every parameter is hinted as a pandas Series/DataFrame (or an iterator of
    them), "arrow" when every one is a pyarrow Array (or an iterator of them), else None."""
    if not getattr(func, "__annotations__", None):
        return None
    try:
        hints = typing.get_type_hints(func)
        params = list(inspect.signature(func).parameters)
    except (NameError, TypeError, ValueError):
        return None
    if not params or any(p not in hints for p in params):
        return None
    kinds = set()
    for p in params:
        hint = hints[p]
        if _is_iterator(hint):
            args = typing.get_args(hint)
            hint = args[0] if args else None
            if typing.get_origin(hint) is tuple:  # Iterator[Tuple[pd.Series, ...]]
                hint = typing.get_args(hint)[0]
        if _is_pandas(hint):
            kinds.add("pandas")
        elif isinstance(hint, type) and getattr(hint, "__module__", "").startswith("pyarrow") and hint.__name__ == "Array":
            kinds.add("arrow")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None


def pandas_udf(f: Any = None, returnType: Any = None, functionType: int | None = None) -> Any:  # noqa: N803
    """A vectorized UDF over pandas Series, as a decorator or a function.

    The kind comes from `functionType` or, as PySpark prefers, from the type hints:
    ``Series -> Series`` (scalar), ``Iterator[Series] -> Iterator[Series]`` (scalar iterator),
    ``Series -> scalar`` (grouped aggregate, used in ``groupBy().agg``).
    """
    if f is None or isinstance(f, (str, T.DataType)):
        if isinstance(returnType, int) and f is not None:  # ``@pandas_udf("schema", PandasUDFType.X)``
            returnType, functionType = None, returnType
        rt = f if f is not None else returnType
        return lambda func: _make_pandas_udf(func, rt, functionType)
    return _make_pandas_udf(f, returnType, functionType)


def _make_pandas_udf(func: Callable[..., Any], rt: Any, function_type: int | None) -> UserDefinedFunction:
    if rt is None:
        raise PySparkValueError("[CANNOT_BE_NONE] Argument `returnType` can not be None.", "CANNOT_BE_NONE")
    eval_type = function_type if function_type is not None else _infer_eval_type(func)
    if eval_type == PythonEvalType.SQL_GROUPED_MAP_PANDAS_UDF:  # for ``groupBy().apply(udf)``
        grouped = UserDefinedFunction(func, rt, evalType=eval_type)
        if not isinstance(grouped.returnType, T.StructType):
            raise PySparkTypeError(
                "[INVALID_RETURN_TYPE_FOR_PANDAS_UDF] Pandas UDF should return StructType for "
                "SQL_GROUPED_MAP_PANDAS_UDF or SQL_GROUPED_MAP_PANDAS_ITER_UDF or "
                f"SQL_GROUPED_MAP_PANDAS_UDF_WITH_STATE, got {grouped.returnType!r}.",
                "INVALID_RETURN_TYPE_FOR_PANDAS_UDF",
            )
        return grouped
    if function_type is None and _is_iterator_aggregate(func):
        return UserDefinedFunction(_batches_to_series(func), rt, _udf_name(func), PythonEvalType.SQL_GROUPED_AGG_PANDAS_UDF)
    if eval_type not in UDF_KINDS:
        raise PySparkValueError(f"[INVALID_PANDAS_UDF_TYPE] Unsupported functionType {eval_type}.", "INVALID_PANDAS_UDF_TYPE")
    return UserDefinedFunction(func, rt, evalType=eval_type)


def _udf_name(func: Callable[..., Any]) -> str:
    return str(getattr(func, "__name__", type(func).__name__))


def _is_iterator_aggregate(func: Callable[..., Any]) -> bool:
    """``Iterator[pd.Series] -> scalar`` or ``Iterator[Tuple[pd.Series, ...]] -> scalar``: PySpark
    4.1's iterator form of a grouped aggregate pandas UDF."""
    try:
        hints = typing.get_type_hints(func)
    except (NameError, TypeError):
        return False
    params = list(inspect.signature(func).parameters)
    ret = hints.get("return")
    return (
        len(params) == 1 and _is_iterator(hints.get(params[0])) and ret is not None
        and not _is_iterator(ret) and not _is_pandas(ret)
    )  # fmt: skip


def _batches_to_series(func: Callable[..., Any]) -> Callable[..., Any]:
    """The iterator form as a ``Series... -> scalar`` function: a group's Series (a tuple of them
    for several arguments) come to `func` as an iterator of one batch."""

    def aggregate(*series: Any) -> Any:
        return func(iter([series[0] if len(series) == 1 else tuple(series)]))

    aggregate.__name__ = _udf_name(func)
    return aggregate


def _infer_eval_type(func: Callable[..., Any]) -> int:
    """PySpark's choice of pandas UDF kind from the function's type hints; a function with no
    annotations at all (a lambda) is a scalar UDF, PySpark's default."""
    if not getattr(func, "__annotations__", None):
        return PythonEvalType.SQL_SCALAR_PANDAS_UDF
    try:
        hints = typing.get_type_hints(func)
    except (NameError, TypeError):
        hints = {}
    params = [p for p in inspect.signature(func).parameters if p in hints]
    ret = hints.get("return")
    if ret is None or not params:
        raise PySparkValueError(
            "[INVALID_PANDAS_UDF] Invalid function: the type hints of a pandas UDF are required "
            "(e.g. `def f(s: pd.Series) -> pd.Series`), or pass functionType.",
            "INVALID_PANDAS_UDF",
        )
    if _is_iterator(ret):
        return PythonEvalType.SQL_SCALAR_PANDAS_ITER_UDF
    if _is_pandas(ret):
        return PythonEvalType.SQL_SCALAR_PANDAS_UDF
    return PythonEvalType.SQL_GROUPED_AGG_PANDAS_UDF


def _is_iterator(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    return origin is not None and getattr(origin, "__name__", "") in ("Iterator", "Iterable")


def _is_pandas(hint: Any) -> bool:
    return getattr(hint, "__module__", "").startswith("pandas") and getattr(hint, "__name__", "") in (
        "Series", "DataFrame",
    )  # fmt: skip
