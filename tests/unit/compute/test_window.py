"""Window functions checked against DuckDB (an independent engine) on the same small table."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
import pytest

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.window import window
from engine.expr import nodes as n
from engine.physical.nodes import MemoryExec, WindowExec

CTX = EvalContext()
ID = n.Attribute("id", T.LongType(), False, 1)
G = n.Attribute("g", T.StringType(), True, 2)
ORD = n.Attribute("o", T.LongType(), True, 3)
V = n.Attribute("v", T.LongType(), True, 4)
F = n.Attribute("f", T.DoubleType(), True, 5)
DATA = {
    "id": list(range(14)),
    "g": ["a", "a", "a", "a", "a", "b", "b", "b", None, None, "c", "c", "c", "c"],
    "o": [1, 2, 2, None, 5, 3, 3, 3, 1, 2, 10, 20, 20, 40],
    "v": [5, None, 7, 1, 2, 3, None, 4, 8, 9, None, None, 6, 1],
    "f": [0.1, 0.2, None, 0.3, 1e10, 0.5, 0.25, None, 1.5, 2.5, 0.7, 0.1, 0.2, None],
}
TABLE = pa.table(
    {
        f"{k}#{i}": pa.array(v, pa.string() if k == "g" else None)
        for i, (k, v) in enumerate(DATA.items(), start=1)
    }
)


def engine_values(
    fn: n.Expr,
    dtype: T.DataType,
    frame: n.Frame | None = None,
    order: tuple[n.SortOrder, ...] = (n.SortOrder(ORD),),
) -> dict[int, Any]:
    expr = n.WindowExpr(fn, n.WindowSpecDef((G,), order, frame), dtype)
    alias = n.Alias(expr, "w", 99)
    out = window(
        TABLE.take([3, 1, 0, 13, 5, 8, 2, 12, 4, 9, 6, 7, 10, 11]),
        WindowExec(MemoryExec(()), (alias,), (G,), order),
        CTX,
    )
    return dict(zip(out.column("id#1").to_pylist(), out.column("w#99").to_pylist()))


def duck_values(sql: str) -> dict[int, Any]:
    rel = duckdb.sql(f"SELECT id, {sql} AS w FROM t ORDER BY id", connection=_conn())
    return dict(rel.fetchall())


_CONN: list[duckdb.DuckDBPyConnection] = []


def _conn() -> duckdb.DuckDBPyConnection:
    if not _CONN:
        con = duckdb.connect()
        con.register("t", pa.table(DATA))
        _CONN.append(con)
    return _CONN[0]


OVER = "OVER (PARTITION BY g ORDER BY o ASC NULLS FIRST"


def close(a: dict[int, Any], b: dict[int, Any]) -> bool:
    return a.keys() == b.keys() and all(
        (x is None and y is None) or (x is not None and y is not None and abs(x - y) <= 1e-9 * max(1, abs(y)))
        for x, y in ((a[k], b[k]) for k in a)
    )


@pytest.mark.parametrize(
    "name, dtype",
    [
        ("row_number", T.IntegerType()),
        ("rank", T.IntegerType()),
        ("dense_rank", T.IntegerType()),
        ("percent_rank", T.DoubleType()),
        ("cume_dist", T.DoubleType()),
    ],
)
def test_ranking(name: str, dtype: T.DataType) -> None:
    if name in ("row_number",):
        got = engine_values(n.Call(name, (), dtype), dtype, order=(n.SortOrder(ORD), n.SortOrder(ID)))
        assert got == duck_values(f"{name}() {OVER}, id)")
    else:
        assert close(engine_values(n.Call(name, (), dtype), dtype), duck_values(f"{name}() {OVER})"))


def test_ntile() -> None:
    order = (n.SortOrder(ORD), n.SortOrder(ID))
    got = engine_values(
        n.Call("ntile", (n.Literal(3, T.IntegerType()),), T.IntegerType()), T.IntegerType(), order=order
    )
    assert got == duck_values(f"ntile(3) {OVER}, id)")


def lit(v: Any) -> n.Literal:
    return n.Literal(v, T.LongType() if isinstance(v, int) and not isinstance(v, bool) else T.BooleanType())


@pytest.mark.parametrize(
    "name, args, sql",
    [
        ("lag", (V,), "lag(v)"),
        ("lead", (V, lit(2)), "lead(v, 2)"),
        ("lag", (V, lit(1), lit(-1)), "lag(v, 1, -1)"),
        ("lead", (V, lit(1), lit(0), lit(True)), "lead(v, 1, 0 IGNORE NULLS)"),
        ("lag", (V, lit(2), lit(None), lit(True)), "lag(v, 2 IGNORE NULLS)"),
    ],
)
def test_lag_lead(name: str, args: tuple[n.Expr, ...], sql: str) -> None:
    order = (n.SortOrder(ORD), n.SortOrder(ID))
    got = engine_values(n.Call(name, args, T.LongType()), T.LongType(), order=order)
    assert got == duck_values(f"{sql} OVER (PARTITION BY g ORDER BY o ASC NULLS FIRST, id)")


FRAMES = [
    (None, ""),
    (n.Frame("rows", None, 0), "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"),
    (n.Frame("rows", -1, 1), "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING"),
    (n.Frame("rows", 1, 2), "ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING"),
    (n.Frame("rows", 0, None), "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"),
    (n.Frame("range", None, None), "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"),
    (n.Frame("range", -1, 0), "RANGE BETWEEN 1 PRECEDING AND CURRENT ROW"),
    (n.Frame("range", -10, 5), "RANGE BETWEEN 10 PRECEDING AND 5 FOLLOWING"),
]
AGGS = [
    ("sum", V, T.LongType()),
    ("count", V, T.LongType()),
    ("avg", V, T.DoubleType()),
    ("min", V, T.LongType()),
    ("max", V, T.LongType()),
    ("sum", F, T.DoubleType()),
    ("max", F, T.DoubleType()),
    ("stddev_samp", F, T.DoubleType()),
]


@pytest.mark.parametrize("frame, frame_sql", FRAMES)
@pytest.mark.parametrize("name, arg, dtype", AGGS)
def test_framed_aggregates(
    frame: n.Frame | None, frame_sql: str, name: str, arg: n.Attribute, dtype: T.DataType
) -> None:
    order, over = _order_for(frame)
    got = engine_values(n.AggCall(name, (arg,), dtype), dtype, frame, order)
    want = duck_values(f"{name}({arg.name}) {over} {frame_sql})")
    assert close(got, want), (got, want)


def _order_for(frame: n.Frame | None) -> tuple[tuple[n.SortOrder, ...], str]:
    """ROWS frames need a total order (ties would make the answer depend on row order)."""
    if frame is not None and frame.kind == "rows":
        return (n.SortOrder(ORD), n.SortOrder(ID)), OVER + ", id"
    return (n.SortOrder(ORD),), OVER


@pytest.mark.parametrize("frame, frame_sql", FRAMES[:6])
def test_first_last_nth(frame: n.Frame | None, frame_sql: str) -> None:
    for fn, sql in (
        (n.Call("first_value", (V,), T.LongType()), "first_value(v)"),
        (n.Call("last_value", (V,), T.LongType()), "last_value(v)"),
        (n.AggCall("last", (V,), T.LongType(), ignore_nulls=True), "last_value(v IGNORE NULLS)"),
        (n.Call("nth_value", (V, lit(2)), T.LongType()), "nth_value(v, 2)"),
    ):
        order = (n.SortOrder(ORD), n.SortOrder(ID))
        got = engine_values(fn, T.LongType(), frame, order)
        assert got == duck_values(f"{sql} {OVER}, id {frame_sql})"), sql


def test_no_order_is_whole_partition_and_collect_list() -> None:
    got = engine_values(n.AggCall("sum", (V,), T.LongType()), T.LongType(), order=())
    assert got == duck_values("sum(v) OVER (PARTITION BY g)")
    lists = engine_values(
        n.AggCall("collect_list", (V,), T.ArrayType(T.LongType())),
        T.ArrayType(T.LongType()),
        n.Frame("rows", -1, 0),
        (n.SortOrder(ORD), n.SortOrder(ID)),
    )
    assert lists[0] == [1, 5] and lists[2] == [7] and lists[10] == [] and lists[12] == [6]


def test_descending_range_frame() -> None:
    order = (n.SortOrder(ORD, False),)
    got = engine_values(n.AggCall("sum", (V,), T.LongType()), T.LongType(), n.Frame("range", -1, 0), order)
    want = duck_values(
        "sum(v) OVER (PARTITION BY g ORDER BY o DESC NULLS LAST RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)"
    )
    assert got == want
