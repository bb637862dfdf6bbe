"""Hash and nested-loop joins: Spark's null, outer and residual semantics on small tables."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine import types as T
from engine.compute import kernels
from engine.compute.context import EvalContext
from engine.compute.join import hash_join, nested_loop_join
from engine.expr import nodes as n
from engine.physical.nodes import HashJoinExec, MemoryExec, NestedLoopJoinExec

CTX = EvalContext()
SRC = MemoryExec(())


@pytest.fixture(autouse=True)
def _gt_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in ``>`` kernel so residual conditions can compare both sides."""
    kernels.get_kernel("x")
    monkeypatch.setitem(kernels.KERNELS, "test_gt", lambda args, call, ctx: pc.greater(args[0], args[1]))


def gt(a: str, b: str) -> n.Call:
    return n.Call(
        "test_gt",
        (
            n.Attribute(a.split("#")[0], T.LongType(), True, int(a.split("#")[1])),
            n.Attribute(b.split("#")[0], T.LongType(), True, int(b.split("#")[1])),
        ),
        T.BooleanType(),
    )


LEFT = pa.table({"k#1": pa.array([1, 2, 2, None, 3], pa.int64()), "a#2": [10, 20, 21, 30, 40]})
RIGHT = pa.table({"k#3": pa.array([2, 2, None, 4, 1], pa.int64()), "b#4": [200, 201, 300, 400, 100]})


def rows(t: pa.Table) -> list[tuple[Any, ...]]:
    return sorted((tuple(r.values()) for r in t.to_pylist()), key=repr)


def hj(
    how: str,
    null_safe: bool = False,
    residual: n.Expr | None = None,
    left: pa.Table = LEFT,
    right: pa.Table = RIGHT,
) -> pa.Table:
    semi = how in ("left_semi", "left_anti")
    op = HashJoinExec(
        SRC,
        SRC,
        how,
        ("k#1",),
        ("k#3",),
        (null_safe,),
        residual,
        ("k#1", "a#2"),
        () if semi else ("k#3", "b#4"),
    )
    return hash_join(left, right, op, CTX)


def test_inner_keeps_duplicates_and_drops_null_keys() -> None:
    assert rows(hj("inner")) == rows(
        pa.table(
            {
                "k": [1, 2, 2, 2, 2],
                "a": [10, 20, 20, 21, 21],
                "k2": [1, 2, 2, 2, 2],
                "b": [100, 200, 201, 200, 201],
            }
        )
    )


def test_null_safe_matches_nulls() -> None:
    out = hj("inner", null_safe=True)
    assert (None, 30, None, 300) in rows(out)
    assert out.num_rows == 6


def test_left_right_full() -> None:
    assert (3, 40, None, None) in rows(hj("left")) and (None, 30, None, None) in rows(hj("left"))
    assert hj("left").num_rows == 7
    right = rows(hj("right"))
    assert (None, None, 4, 400) in right and (None, None, None, 300) in right and len(right) == 7
    assert hj("full").num_rows == 9


def test_semi_anti() -> None:
    assert rows(hj("left_semi")) == [(1, 10), (2, 20), (2, 21)]
    assert rows(hj("left_anti")) == rows(pa.table({"k": [None, 3], "a": [30, 40]}))
    assert hj("left_semi").column_names == ["k#1", "a#2"]


def test_residual_in_on_clause_for_outer_join() -> None:
    # b > a holds for every match except none; make it fail for a=21 by comparing a > b.
    cond = gt("b#4", "a#2")
    assert hj("inner", residual=cond).num_rows == 5
    cond = gt("a#2", "b#4")  # never true: every left row appears once with nulls
    out = hj("left", residual=cond)
    assert out.num_rows == 5
    assert out.column("b#4").null_count == 5
    assert hj("full", residual=cond).num_rows == 10
    assert hj("left_anti", residual=cond).num_rows == 5


def test_nested_types_and_empty_sides_survive() -> None:
    left = pa.table(
        {"k#1": pa.array([1, 2], pa.int64()), "a#2": pa.array([[1, 2], None], pa.list_(pa.int64()))}
    )
    right = pa.table(
        {"k#3": pa.array([2], pa.int64()), "b#4": pa.array([{"x": 1}], pa.struct([("x", pa.int64())]))}
    )
    out = hj("left", left=left, right=right)
    assert out.schema.field("a#2").type == pa.list_(pa.int64())
    assert out.schema.field("b#4").type == pa.struct([("x", pa.int64())])
    assert sorted(out.to_pylist(), key=lambda r: r["k#1"]) == [
        {"k#1": 1, "a#2": [1, 2], "k#3": None, "b#4": None},
        {"k#1": 2, "a#2": None, "k#3": 2, "b#4": {"x": 1}},
    ]
    empty = right.slice(0, 0)
    assert hj("full", left=left, right=empty).num_rows == 2
    assert hj("inner", left=left.slice(0, 0), right=right).num_rows == 0


def test_matches_come_in_the_order_of_the_larger_streamed_side() -> None:
    big = pa.table({"k#1": pa.array([3, 1, 2, 1, 3, 2], pa.int64()), "a#2": [0, 1, 2, 3, 4, 5]})
    small = pa.table({"k#3": pa.array([2, 1, 3], pa.int64()), "b#4": [20, 10, 30]})
    assert hj("inner", left=big, right=small).column("a#2").to_pylist() == [0, 1, 2, 3, 4, 5]
    assert hj(
        "inner", left=small.rename_columns(["k#1", "a#2"]), right=big.rename_columns(["k#3", "b#4"])
    ).column("b#4").to_pylist() == [0, 1, 2, 3, 4, 5]


def test_sides_of_equal_size_come_out_in_left_order_as_in_spark() -> None:
    left = pa.table({"k#1": pa.array([3, 1, 2], pa.int64()), "a#2": [0, 1, 2]})
    right = pa.table({"k#3": pa.array([2, 3, 1], pa.int64()), "b#4": [20, 30, 10]})
    assert hj("inner", left=left, right=right).column("a#2").to_pylist() == [0, 1, 2]


def test_semi_join_keeps_each_left_row_once_whatever_the_right_duplicates() -> None:
    right = pa.table({"k#3": pa.array([2] * 1000 + [1], pa.int64()), "b#4": list(range(1001))})
    assert hj("left_semi", right=right).column("a#2").to_pylist() == [10, 20, 21]
    assert hj("left_anti", right=right).column("a#2").to_pylist() == [30, 40]


def test_a_semi_join_against_a_larger_right_side_probes_it_through_the_left_rows() -> None:
    left = pa.table({"k#1": pa.array([1.5, float("nan"), -0.0, None, 7.0]), "a#2": [1, 2, 3, 4, 5]})
    keys = [0.0, float("nan"), None] * 400 + [1.5, 9.0]  # float keys take the pairs path
    right = pa.table({"k#3": pa.array(keys), "b#4": list(range(len(keys)))})
    assert hj("left_semi", left=left, right=right).column("a#2").to_pylist() == [1, 2, 3]
    assert hj("left_anti", left=left, right=right).column("a#2").to_pylist() == [4, 5]


def test_float_keys_nan_and_negative_zero_match() -> None:
    left = pa.table({"k#1": [float("nan"), -0.0], "a#2": [1, 2]})
    right = pa.table({"k#3": [float("nan"), 0.0], "b#4": [3, 4]})
    assert rows(hj("inner", left=left, right=right))[0][1::2] in ((1, 3), (2, 4))
    assert hj("inner", left=left, right=right).num_rows == 2


def test_nested_loop_join_cross_and_condition() -> None:
    def nlj(how: str, cond: n.Expr | None) -> pa.Table:
        semi = how in ("left_semi", "left_anti")
        op = NestedLoopJoinExec(SRC, SRC, how, cond, ("k#1", "a#2"), () if semi else ("k#3", "b#4"))
        return nested_loop_join(LEFT, RIGHT, op, CTX)

    assert nlj("inner", None).num_rows == 25
    cond = gt("a#2", "k#3")  # a in 10..40 > k in {2,2,1,4}; null k never
    assert nlj("inner", cond).num_rows == 20
    assert nlj("left", cond).num_rows == 20
    assert nlj("full", cond).num_rows == 21
    assert nlj("right", cond).num_rows == 21
    assert nlj("left_semi", cond).num_rows == 5
    assert nlj("left_anti", gt("k#3", "a#2")).num_rows == 5


UNIQUE_RIGHT = pa.table({"k#3": pa.array([2, None, 4, 1, None], pa.int64()), "b#4": [200, 300, 400, 100, 500]})
ALWAYS = n.Literal(True, T.BooleanType())  # a residual that keeps every pair: forces the pairs path


@pytest.mark.parametrize("how", ["inner", "left", "right", "full", "left_semi", "left_anti"])
def test_a_side_with_unique_keys_gives_the_rows_the_pairs_path_gives(how: str) -> None:
    for left, right in ((LEFT, UNIQUE_RIGHT), (UNIQUE_RIGHT.rename_columns(["k#1", "a#2"]), RIGHT)):
        looked_up = hj(how, left=left, right=right)
        paired = hj(how, residual=ALWAYS, left=left, right=right)
        assert looked_up.schema == paired.schema
        assert rows(looked_up) == rows(paired)


def test_a_lookup_join_keeps_the_streamed_sides_order_and_reads_string_view_keys() -> None:
    left = pa.table({"k#1": pa.array(["c", "a", None, "b", "a"], pa.string_view()), "a#2": [1, 2, 3, 4, 5]})
    right = pa.table({"k#3": pa.array(["a", "b", "z"], pa.string()), "b#4": [10, 20, 30]})
    op = HashJoinExec(SRC, SRC, "left", ("k#1",), ("k#3",), (False,), None, ("k#1", "a#2"), ("b#4",))
    out = hash_join(left, right, op, CTX)
    assert out.column("a#2").to_pylist() == [1, 2, 3, 4, 5]
    assert out.column("b#4").to_pylist() == [None, 10, None, 20, 10]


def test_a_null_aware_anti_join_keeps_what_not_in_keeps() -> None:
    def not_in(right: pa.Table) -> list[int]:
        op = HashJoinExec(SRC, SRC, "left_anti", ("k#1",), ("k#3",), (False,), None, ("a#2",), (), null_aware=True)
        return sorted(hash_join(LEFT, right, op, CTX).column("a#2").to_pylist())

    assert not_in(pa.table({"k#3": pa.array([2, 9], pa.int64())})) == [10, 40]  # a null key is not kept
    assert not_in(pa.table({"k#3": pa.array([9, None], pa.int64())})) == []  # x NOT IN (..., NULL) is never true
    assert not_in(pa.table({"k#3": pa.array([], pa.int64())})) == [10, 20, 21, 30, 40]  # NOT IN () keeps all


def test_not_in_a_subquery_plans_a_null_aware_broadcast_hash_join(spark: Any) -> None:
    from engine.api.execution import physical_stages

    spark.createDataFrame([(1,), (2,), (None,), (4,)], "x int").createOrReplaceTempView("na_left")
    spark.createDataFrame([(1,), (3,)], "y int").createOrReplaceTempView("na_right")
    df = spark.sql("SELECT x FROM na_left WHERE x NOT IN (SELECT y FROM na_right)")
    _, stages = physical_stages(spark, df._plan)
    joins = [op for s in stages for op in _ops(s.root) if isinstance(op, HashJoinExec)]
    assert [j.null_aware for j in joins] == [True]
    assert sorted(r.x for r in df.collect()) == [2, 4]


def _ops(op: Any) -> list[Any]:
    from engine.physical.planner import op_children

    return [op, *(o for c in op_children(op) for o in _ops(c))]


@pytest.mark.parametrize("how", ["left_semi", "left_anti", "inner", "left"])
@pytest.mark.parametrize("keys", ["dense", "sparse"])
def test_a_probe_filter_joins_only_the_left_rows_it_holds_for(how: str, keys: str) -> None:
    """Dense keys are looked up and filtered in one pass; keys too sparse to address are
    filtered first and joined by hash. A null condition keeps no row, as a filter's does."""
    scale = 1 if keys == "dense" else 10**12
    left = pa.table(
        {"k#1": pa.array([1, 2, 2, None, 3, 1], pa.int64()) * scale, "a#2": pa.array([10, 20, 21, 30, 40, None], pa.int64())}
    )
    right = pa.table({"k#3": pa.array([2, 2, None, 4, 1], pa.int64()) * scale, "b#4": [200, 201, 300, 400, 100]})
    holds = gt("a#2", "b#9")  # a > 15, with b#9 a constant column of 15
    left_b = left.append_column("b#9", pa.array([15] * left.num_rows, pa.int64()))
    semi = how in ("left_semi", "left_anti")
    op = HashJoinExec(
        SRC, SRC, how, ("k#1",), ("k#3",), (False,), None, ("k#1", "a#2"), () if semi else ("k#3", "b#4"),
        probe_filter=holds,
    )
    filtered = left_b.filter(pc.fill_null(pc.greater(left_b["a#2"], left_b["b#9"]), False))
    plain = HashJoinExec(
        SRC, SRC, how, ("k#1",), ("k#3",), (False,), None, ("k#1", "a#2"), () if semi else ("k#3", "b#4")
    )
    got = hash_join(left_b, right, op, CTX)
    assert rows(got) == rows(hash_join(filtered, right, plain, CTX))
    assert got.column_names == (["k#1", "a#2"] if semi else ["k#1", "a#2", "k#3", "b#4"])
