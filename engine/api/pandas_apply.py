"""``groupBy().applyInPandas``, ``mapInPandas`` and ``mapInArrow``: whole frames through Python.

Each is built from existing plan pieces, so it runs distributed like any query:
applyInPandas collects every group's rows as ``collect_list(struct(*))`` in a hash
aggregate, a `UDFCall` turns each group into the function's output rows
(``array<struct<schema>>``), and ``explode`` expands them. mapInPandas/mapInArrow run the
function once per Arrow batch of each partition, with the same expansion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine import types as T
from engine.errors import PySparkTypeError
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.logical import builder as B
from engine.logical.nodes import output


def struct_schema(schema: Any) -> T.StructType:
    st = T.parse_ddl(schema) if isinstance(schema, str) else schema
    if not isinstance(st, T.StructType):
        raise PySparkTypeError(
            f"[NOT_STRUCT] Argument `schema` should be a StructType or a DDL string of one, got {schema!r}.",
            "NOT_STRUCT",
        )
    return st


def check_callable(func: Any) -> None:
    if not callable(func):
        raise PySparkTypeError(
            f"[NOT_CALLABLE] Argument `func` should be a callable, got {type(func).__name__}.", "NOT_CALLABLE"
        )


def _all_rows(df: Any) -> n.Expr:
    """``struct(*)`` of every column of `df`, under its own name."""
    return n.UnresolvedFunction("struct", tuple(output(df._plan)))


def expand_rows(df: Any, plan: Any, call: n.UDFCall, schema: T.StructType) -> Any:
    """One output row per struct the function produced, with the fields of `schema` as columns."""
    rows = B.project(plan, [n.Alias(n.UnresolvedFunction("explode", (call,)), "__row")], df._cs())
    row = output(rows)[0]
    fields = [n.Alias(n.UnresolvedExtract(row, literal(f.name)), f.name) for f in schema.fields]
    return df._new(B.project(rows, fields, df._cs()))


def apply_in_pandas(df: Any, keys: list[n.Expr], func: Callable[..., Any], schema: Any, kind: str = "grouped_map") -> Any:
    """Runs ``func(pdf)`` (or ``func(key, pdf)``) on each group of `df` as a pandas DataFrame
    (`kind` "grouped_map"; a pyarrow Table for "grouped_map_arrow", ``applyInArrow``);
    the frames it returns, with columns per `schema`, become the rows of the result."""
    check_callable(func)
    st = struct_schema(schema)
    grouped, rows, key_attrs = grouped_rows(df, keys, "")
    if kind == "grouped_map" and takes_frame_iterator(func):
        func = frames_to_frame(func, [f.name for f in st.fields])
    call = n.UDFCall(udf_name(func), func, (rows, *key_attrs), T.ArrayType(st, False), kind, False)
    return expand_rows(df, grouped, call, st)


def takes_frame_iterator(func: Callable[..., Any]) -> bool:
    """Whether `func` is typed ``Iterator[pd.DataFrame] -> Iterator[pd.DataFrame]`` (with the key
    tuple first or not): PySpark 4.1's iterator form of applyInPandas, told apart by type hints."""
    import collections.abc
    import inspect
    import typing

    try:
        hints = typing.get_type_hints(func)
        params = list(inspect.signature(func).parameters)
    except (NameError, TypeError, ValueError):
        return False
    if not params or len(params) > 2:
        return False

    def is_iterator(hint: Any) -> bool:
        return typing.get_origin(hint) in (collections.abc.Iterator, collections.abc.Iterable)

    return is_iterator(hints.get(params[-1])) and is_iterator(hints.get("return"))


def frames_to_frame(func: Callable[..., Any], columns: list[str]) -> Callable[..., Any]:
    """`func` of the iterator form as a function of one group frame (and its key), returning
    the frames it yields as one (an empty one with the schema's columns when it yields none)."""
    import inspect

    import pandas as pd

    def concat(frames: list[Any]) -> Any:
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({c: [] for c in columns})

    if len(inspect.signature(func).parameters) == 2:

        def with_key(key: Any, frame: Any) -> Any:
            return concat(list(func(key, iter([frame]))))

        with_key.__name__ = udf_name(func)
        return with_key

    def without_key(frame: Any) -> Any:
        return concat(list(func(iter([frame]))))

    without_key.__name__ = udf_name(func)
    return without_key


def grouped_rows(df: Any, keys: list[n.Expr], tag: str) -> tuple[Any, n.Attribute, list[n.Attribute]]:
    """A hash aggregate of `df` by `keys`: one row per group with its rows as a list of structs,
    and the key values; returns the plan and the attributes of the rows and of the keys."""
    rows = n.Alias(n.UnresolvedFunction("collect_list", (_all_rows(df),)), f"__{tag}rows")
    key_names = [n.Alias(k, f"__{tag}key{i}") for i, k in enumerate(keys)]
    grouped = B.aggregate(df._plan, keys, [rows, *key_names], None, df._cs())
    attrs = output(grouped)
    return grouped, attrs[0], list(attrs[1:])


def map_in_batches(df: Any, func: Callable[..., Any], schema: Any, kind: str) -> Any:
    """``mapInPandas`` (`kind` "map_pandas") / ``mapInArrow`` ("map_arrow"): `func` maps an
    iterator of pandas DataFrames (Arrow record batches) to an iterator of them."""
    check_callable(func)
    st = struct_schema(schema)
    call = n.UDFCall(udf_name(func), func, (_all_rows(df),), T.ArrayType(st, False), kind, False)
    return expand_rows(df, df._plan, call, st)


def udf_name(func: Callable[..., Any]) -> str:
    return getattr(func, "__name__", type(func).__name__)
