"""``F.arrow_udf`` (PySpark 4.1): Python functions over pyarrow Arrays as column expressions.

The kind comes from `functionType` or from the type hints, as in PySpark:
``pa.Array, ... -> pa.Array`` (scalar), ``Iterator[pa.Array] -> Iterator[pa.Array]`` (scalar
iterator; a tuple of Arrays per batch for several arguments), ``pa.Array, ... -> scalar``
(grouped aggregate, also over a window) and ``Iterator[pa.Array] -> scalar`` (its iterator
form). Each is adapted to the runner of the matching pandas UDF kind: the scalar kinds get
the Arrow batches themselves, the aggregates a group's values as Arrays.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from engine import types as T
from engine.errors import PySparkValueError
from engine.functions.udf import PythonEvalType, UserDefinedFunction

__all__ = ["arrow_udf", "ArrowUDFType"]


class ArrowUDFType:
    """The ``functionType`` constants of ``arrow_udf``."""

    SCALAR = PythonEvalType.SQL_SCALAR_ARROW_UDF
    SCALAR_ITER = PythonEvalType.SQL_SCALAR_ARROW_ITER_UDF
    GROUPED_AGG = PythonEvalType.SQL_GROUPED_AGG_ARROW_UDF
    GROUPED_AGG_ITER = PythonEvalType.SQL_GROUPED_AGG_ARROW_ITER_UDF


def arrow_udf(f: Any = None, returnType: Any = None, functionType: int | None = None) -> Any:  # noqa: N803
    """An Arrow UDF, as a decorator (``@arrow_udf("long")``) or a function (``arrow_udf(f, "long")``)."""
    if f is None or isinstance(f, (str, T.DataType)):
        if isinstance(returnType, int) and f is not None:  # ``@arrow_udf("long", ArrowUDFType.SCALAR)``
            returnType, functionType = None, returnType
        rt = f if f is not None else returnType
        return lambda func: _make(func, rt, functionType)
    return _make(f, returnType, functionType)


def _make(func: Callable[..., Any], rt: Any, function_type: int | None) -> UserDefinedFunction:
    if rt is None:
        raise PySparkValueError("[CANNOT_BE_NONE] Argument `returnType` can not be None.", "CANNOT_BE_NONE")
    eval_type = function_type if function_type is not None else _infer_eval_type(func)
    adapters: dict[int, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
        ArrowUDFType.SCALAR: lambda g: g,
        ArrowUDFType.SCALAR_ITER: _batches_to_array,
        ArrowUDFType.GROUPED_AGG: _series_to_arrays,
        ArrowUDFType.GROUPED_AGG_ITER: lambda g: _series_to_arrays(_batches_to_value(g)),
    }
    if eval_type not in adapters:
        msg = f"[INVALID_PANDAS_UDF_TYPE] Unsupported functionType {eval_type} for arrow_udf."
        raise PySparkValueError(msg, "INVALID_PANDAS_UDF_TYPE")
    name = str(getattr(func, "__name__", type(func).__name__))
    return UserDefinedFunction(_named(adapters[eval_type](func), name), rt, name, eval_type)


def _infer_eval_type(func: Callable[..., Any]) -> int:
    """PySpark's kind from the hints; a function without hints is a scalar Arrow UDF."""
    try:
        hints = typing.get_type_hints(func)
    except (NameError, TypeError):
        hints = {}
    params = list(inspect.signature(func).parameters)
    ret = hints.get("return")
    if len(params) == 1 and _is_iterator(hints.get(params[0])):
        return ArrowUDFType.SCALAR_ITER if _is_iterator(ret) else ArrowUDFType.GROUPED_AGG_ITER
    if ret is None or (isinstance(ret, type) and issubclass(ret, pa.Array)):
        return ArrowUDFType.SCALAR
    return ArrowUDFType.GROUPED_AGG


def _is_iterator(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    return origin is not None and getattr(origin, "__name__", "") in ("Iterator", "Iterable")


def _named(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    func.__name__ = name
    return func


def _batches_to_array(func: Callable[..., Any]) -> Callable[..., Any]:
    """The scalar iterator form over one batch: its Arrays (a tuple of them for several
    arguments) as an iterator of one item, the Arrays it yields joined into one."""

    def scalar(*arrays: pa.Array) -> pa.Array:
        outputs = [
            out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out
            for out in func(iter([arrays[0] if len(arrays) == 1 else tuple(arrays)]))
        ]
        return pa.concat_arrays(outputs) if outputs else pa.array([])

    return scalar


def _batches_to_value(func: Callable[..., Any]) -> Callable[..., Any]:
    """The aggregate iterator form as an aggregate of Arrays: a group's Arrays come as one batch."""

    def aggregate(*arrays: pa.Array) -> Any:
        return func(iter([arrays[0] if len(arrays) == 1 else tuple(arrays)]))

    return aggregate


def _series_to_arrays(func: Callable[..., Any]) -> Callable[..., Any]:
    """An aggregate of Arrays run by the grouped pandas runner: each Series (a group's values of
    one argument) becomes an Array, a pyarrow Scalar result its Python value."""

    def aggregate(*series: Any, **named: Any) -> Any:  # named: ``f(w=df.w, v=df.v)``
        arrays = {k: pa.Array.from_pandas(s) for k, s in named.items()}
        result = func(*[pa.Array.from_pandas(s) for s in series], **arrays)
        return result.as_py() if isinstance(result, pa.Scalar) else result

    return aggregate
