"""``spark.udtf.register`` and UDTF calls from the DataFrame API (``MyUDTF(lit(1))``,
``MyUDTF(df.asTable().partitionBy("k"))``); registered UDTFs live in `engine.expr.resolve.SESSION_UDTFS`
by lower-cased name, beside the scalar UDFs."""

from __future__ import annotations

from typing import Any

from engine import types as T
from engine.api.column import Column, to_expr
from engine.errors import PySparkTypeError
from engine.expr import nodes as n
from engine.expr.resolve import SESSION_UDTFS
from engine.logical import nodes as L
from engine.logical.udtf import TableArgument, plan_udtf


def lookup_udtf(name: str) -> Any:
    """The UDTF registered as `name` (any case), or None."""
    return SESSION_UDTFS.get(name.lower())


class UDTFRegistration:
    """PySpark's ``UDTFRegistration``: ``spark.udtf.register("name", MyUDTF)``."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def register(self, name: str, f: Any) -> Any:
        """Makes `f` (from ``udtf``) callable as ``SELECT * FROM name(...)``; returns it so named."""
        from engine.functions.udtf import UserDefinedTableFunction

        if not isinstance(f, UserDefinedTableFunction):
            raise PySparkTypeError(
                f"[CANNOT_REGISTER_UDTF] Cannot register the UDTF '{name}': expected a 'UserDefinedTableFunction'. "
                "Please make sure the UDTF is correctly defined as a class, and then either wrap it in the `udtf()` "
                "function or annotate it with `@udtf(...)`.",
                "CANNOT_REGISTER_UDTF",
            )
        registered = f._renamed(name)
        SESSION_UDTFS[name.lower()] = registered
        return registered


class TableArg:
    """``df.asTable()``: a DataFrame passed whole to a UDTF, optionally partitioned and ordered."""

    def __init__(self, df: Any, arg: TableArgument | None = None) -> None:
        self._df = df
        self._arg = arg or TableArgument(df._plan)

    def partitionBy(self, *cols: Any) -> TableArg:  # noqa: N802 - PySpark name
        keys = tuple(to_expr(c) for c in _flat(cols))
        return TableArg(self._df, TableArgument(self._arg.plan, keys, self._arg.order_by, False))

    def orderBy(self, *cols: Any) -> TableArg:  # noqa: N802 - PySpark name
        orders = tuple(_sort_order(to_expr(c)) for c in _flat(cols))
        return TableArg(self._df, TableArgument(self._arg.plan, self._arg.partition_by, orders, self._arg.single))

    def withSinglePartition(self) -> TableArg:  # noqa: N802 - PySpark name
        return TableArg(self._df, TableArgument(self._arg.plan, (), self._arg.order_by, True))


def _flat(cols: tuple[Any, ...]) -> list[Any]:
    return [c for x in cols for c in (x if isinstance(x, (list, tuple)) else [x])]


def _sort_order(e: n.Expr) -> n.SortOrder:
    return e if isinstance(e, n.SortOrder) else n.SortOrder(e, True, None)


def one_row() -> L.LogicalPlan:
    """One row of no visible columns: what a UDTF call without a TABLE argument runs over."""
    return L.Range(0, 1, 1, 1, n.Attribute("__one_row", T.LongType(), False, n.new_id(), hidden=True))


def udtf_frame(session: Any, udtf: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The DataFrame of `udtf` called with columns (or one `TableArg`)."""
    from engine.api.dataframe import DataFrame
    from sql import to_expr as sql_expr

    def arg(a: Any) -> Any:
        if isinstance(a, TableArg):
            return a._arg
        if isinstance(a, (Column, str)):
            return to_expr(a)
        raise PySparkTypeError(
            f"[NOT_COLUMN_OR_STR] Argument `{udtf._name}` should be a Column or str, got {type(a).__name__}.",
            "NOT_COLUMN_OR_STR",
        )

    cs = session.conf.get_bool("spark.sql.caseSensitive", False)
    plan = plan_udtf(udtf, one_row(), [arg(a) for a in args], {k: arg(v) for k, v in kwargs.items()}, cs, sql_expr)
    return DataFrame(session, plan)


def lateral_udtf_join(left: Any, right: Any, on: Column | None, how: str) -> Any:
    """``df.lateralJoin(MyUDTF(col("a").outer()))``: the UDTF run over `left`'s rows, each joined
    with the rows it yields (``how="left"`` keeps rows it yields none for); None when `right` is
    not such a call."""
    from engine.logical.builder import filter_, join_type
    from engine.logical.udtf import outer_call
    from sql import to_expr as sql_expr

    call = outer_call(right._plan)
    kind = join_type(how)
    if call is None or kind not in ("inner", "cross", "left"):
        return None
    udtf, args, kwargs = call
    cs = left._cs()
    plan = plan_udtf(udtf, left._plan, list(args), kwargs, cs, sql_expr, lateral=True, outer=kind == "left")
    if on is not None:
        if kind == "left":
            return None  # the general lateral join decides (and explains) what it supports
        plan = filter_(plan, to_expr(on), cs)
    return left._new(plan)
