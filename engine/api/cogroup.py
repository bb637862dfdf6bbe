"""``df1.groupBy(k).cogroup(df2.groupBy(k)).applyInPandas / applyInArrow``.

Built from existing plan pieces so it runs distributed like any query: each side's groups
are gathered by a hash aggregate (``collect_list(struct(*))`` per key), the two are
full-outer-joined on the keys with null-safe equality (a null key is a group of its own, as
in Spark), and a `UDFCall` runs the function once per key on both sides' rows; ``explode``
expands the frames it returns into rows. A key present on one side only gives the other
side an empty frame with that side's columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine import types as T
from engine.errors import IllegalArgumentException
from engine.expr import nodes as n
from engine.logical import builder as B


class PandasCogroupedOps:
    """Two grouped DataFrames, cogrouped by their keys (PySpark's ``PandasCogroupedOps``)."""

    def __init__(self, left: Any, right: Any) -> None:
        self._left = left
        self._right = right

    def applyInPandas(self, func: Callable[..., Any], schema: Any) -> Any:  # noqa: N802
        """``func(left_pdf, right_pdf)`` (or ``func(key, left_pdf, right_pdf)``) per key."""
        return cogroup_apply(self._left, self._right, func, schema, "cogrouped_map")

    def applyInArrow(self, func: Callable[..., Any], schema: Any) -> Any:  # noqa: N802
        """``func(left_table, right_table)`` (or with the key first, as pyarrow scalars) per key."""
        return cogroup_apply(self._left, self._right, func, schema, "cogrouped_map_arrow")


def cogroup_apply(left: Any, right: Any, func: Callable[..., Any], schema: Any, kind: str) -> Any:
    from engine.api.pandas_apply import check_callable, expand_rows, grouped_rows, struct_schema, udf_name

    check_callable(func)
    st = struct_schema(schema)
    if len(left._keys) != len(right._keys):
        raise IllegalArgumentException(
            f"requirement failed: Cogroup keys must have same size: {len(left._keys)} != {len(right._keys)}"
        )
    df = left._df
    lplan, lrows, lkeys = grouped_rows(left._df, left._keys, "l")
    rplan, rrows, rkeys = grouped_rows(right._df, right._keys, "r")
    cond: n.Expr | None = None
    for lk, rk in zip(lkeys, rkeys):
        eq = n.UnresolvedFunction("<=>", (lk, rk))
        cond = eq if cond is None else n.UnresolvedFunction("and", (cond, eq))
    joined = B.join(lplan, rplan, "full" if cond is not None else "cross", cond, df._cs())
    keys = [n.UnresolvedFunction("coalesce", (lk, rk)) for lk, rk in zip(lkeys, rkeys)]
    call = n.UDFCall(udf_name(func), func, (lrows, rrows, *keys), T.ArrayType(st, False), kind, False)
    return expand_rows(df, joined, call, st)
