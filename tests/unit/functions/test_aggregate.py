"""The hash aggregate: Spark's answers per group, and partial-then-final equal to complete."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.api.column import Column
from engine.compute.aggregate import AggSpec, aggregate, supports_partial
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.resolve import Scope, resolve

CTX = EvalContext()

DATA = pa.table({
    "k": ["a", "b", "a", None, "a", "b"],
    "x": pa.array([1, 2, 3, 4, None, 6], pa.int32()),
    "y": [3.0, 1.0, 2.0, 0.5, 7.0, None],
    "d": pa.array([Decimal("1.50"), Decimal("2.50"), None, Decimal("1.00"), Decimal("3.25"), None], pa.decimal128(5, 2)),
})  # fmt: skip


def specs_for(table: pa.Table, columns: list[Column]) -> tuple[pa.Table, list[AggSpec]]:
    """Resolve aggregate columns over `table` and name the table's columns by attribute key."""
    attrs = tuple(n.Attribute(f.name, T.from_arrow(f.type), True, n.new_id()) for f in table.schema)
    keyed = pa.table({a.key: table.column(a.name) for a in attrs})
    specs = []
    for i, c in enumerate(columns):
        call = resolve(c.expr, Scope(attrs))
        keys = []
        for j, arg in enumerate(call.args):
            if isinstance(arg, n.Attribute):
                keys.append(arg.key)
            else:  # an expression argument: project it as a column, as the planner does
                batch = pa.RecordBatch.from_pydict(keyed.to_pydict(), schema=keyed.schema)
                keyed = keyed.append_column(f"arg{i}_{j}", evaluate_array(arg, batch, CTX))
                keys.append(f"arg{i}_{j}")
        specs.append(AggSpec(call, tuple(keys), None, sql_name(call)))
    return keyed, specs


def key_of(table: pa.Table, name: str) -> list[str]:
    return [c for c in table.column_names if c.split("#")[0] == name]


def run(columns: list[Column], by: list[str], table: pa.Table = DATA) -> dict[str, list[Any]]:
    keyed, specs = specs_for(table, columns)
    keys = [k for name in by for k in key_of(keyed, name)]
    out = aggregate(keyed, keys, specs, "complete", CTX)
    return {name.split("#")[0]: out.column(name).to_pylist() for name in out.column_names}


def run_in_parts(columns: list[Column], by: list[str], parts: int) -> dict[str, list[Any]]:
    keyed, specs = specs_for(DATA, columns)
    keys = [k for name in by for k in key_of(keyed, name)]
    size = math.ceil(keyed.num_rows / parts)
    partials = [aggregate(keyed.slice(i * size, size), keys, specs, "partial", CTX) for i in range(parts)]
    out = aggregate(pa.concat_tables(partials), keys, specs, "final", CTX)
    return {name.split("#")[0]: out.column(name).to_pylist() for name in out.column_names}


def test_grouped_basics_with_null_keys_as_their_own_group():
    out = run([F.count("*"), F.count("x"), F.sum("x"), F.avg("x"), F.min("y"), F.max("y")], ["k"])
    assert out == {
        "k": ["a", "b", None],
        "count(1)": [3, 2, 1], "count(x)": [2, 2, 1], "sum(x)": [4, 8, 4], "avg(x)": [2.0, 4.0, 4.0],
        "min(y)": [2.0, 1.0, 0.5], "max(y)": [7.0, 1.0, 0.5],
    }  # fmt: skip


def test_global_aggregate_of_an_empty_input_has_one_row():
    empty = DATA.slice(0, 0)
    out = run([F.count("*"), F.sum("x"), F.avg("x"), F.collect_list("x"), F.stddev("y")], [], empty)
    assert out == {
        "count(1)": [0],
        "sum(x)": [None],
        "avg(x)": [None],
        "collect_list(x)": [[]],
        "stddev(y)": [None],
    }


def test_decimal_sum_and_avg_types_and_values():
    out = run([F.sum("d"), F.avg("d")], [])
    assert out == {"sum(d)": [Decimal("8.25")], "avg(d)": [Decimal("2.062500")]}
    keyed, specs = specs_for(DATA, [F.sum("d"), F.avg("d")])
    assert [s.call.dtype for s in specs] == [T.DecimalType(15, 2), T.DecimalType(9, 6)]


def test_first_and_last_respect_ignorenulls():
    out = run([F.first("y"), F.last("y"), F.last("y", ignorenulls=True)], [])
    assert out["first(y)"] == [3.0]
    keyed, specs = specs_for(DATA, [F.last("y"), F.last("y", ignorenulls=True)])
    out = aggregate(
        keyed, [], [AggSpec(s.call, s.arg_keys, None, f"c{i}") for i, s in enumerate(specs)], "complete", CTX
    )
    assert out.to_pydict() == {"c0": [None], "c1": [7.0]}


def test_statistics_match_spark():
    out = run([F.stddev("x"), F.var_pop("x"), F.skewness("x"), F.kurtosis("x"), F.corr("x", "x")], [])
    assert out["stddev(x)"] == [pytest.approx(1.9235384061671346)]
    assert out["var_pop(x)"] == [pytest.approx(2.96)]
    assert out["corr(x, x)"] == [pytest.approx(1.0)]
    single = run([F.stddev("x"), F.var_samp("x")], [], DATA.slice(0, 1))
    assert single == {"stddev(x)": [None], "var_samp(x)": [None]}


def test_count_distinct_counts_rows_where_all_arguments_are_set():
    table = pa.table({"x": [1, 1, 2, 1], "y": [None, 2, 2, 2]})
    out = run([F.countDistinct("x", "y"), F.count_distinct("x"), F.sum_distinct("x")], [], table)
    assert out == {"count(DISTINCT x, y)": [2], "count(DISTINCT x)": [2], "sum(DISTINCT x)": [3]}


def test_collections_skip_nulls():
    out = run([F.collect_list("x"), F.collect_set("k")], [])
    assert out["collect_list(x)"] == [[1, 2, 3, 4, 6]]
    assert sorted(out["collect_set(k)"][0]) == ["a", "b"]


def test_percentiles_median_and_mode():
    table = pa.table({"x": [1, 2, 3, 4, 4]})
    out = run(
        [F.median("x"), F.percentile("x", 0.5), F.percentile_approx("x", [0.25, 0.75]), F.mode("x")],
        [],
        table,
    )
    assert out == {
        "median(x)": [3.0], "percentile(x, 0.5, 1)": [3.0],
        "percentile_approx(x, array(0.25, 0.75), 10000)": [[2, 4]], "mode(x)": [4],
    }  # fmt: skip


def test_max_by_min_by_bool_aggregates_and_count_if():
    out = run(
        [F.max_by("k", "y"), F.min_by("k", "y"), F.bool_and(F.col("y") > 0), F.count_if(F.col("x") > 2)], []
    )
    assert out["max_by(k, y)"] == ["a"] and out["min_by(k, y)"] == [None]
    assert out["bool_and((y > 0))"] == [True] and out["count_if((x > 2))"] == [3]


@pytest.mark.parametrize("parts", [2, 3, 6])
def test_partial_then_final_equals_complete(parts):
    columns = [
        F.count("*"), F.sum("x"), F.avg("x"), F.sum("d"), F.avg("d"), F.min("y"), F.max("k"), F.first("x"),
        F.stddev("y"), F.var_pop("x"), F.skewness("y"), F.kurtosis("y"), F.covar_samp("x", "y"), F.corr("x", "y"),
        F.collect_list("x"), F.median("y"), F.max_by("x", "y"), F.product("x"), F.bool_or(F.col("x") > 3),
    ]  # fmt: skip
    complete = run(columns, ["k"])
    merged = run_in_parts(columns, ["k"], parts)
    for name, expected in complete.items():
        got = merged[name]
        assert [pytest.approx(v) if isinstance(v, float) else v for v in got] == expected, name


def test_distinct_aggregates_do_not_run_in_two_phases():
    keyed, specs = specs_for(DATA, [F.countDistinct("x"), F.sum("x")])
    assert [supports_partial(s.call) for s in specs] == [False, True]


ONE_PASS = [F.count("*"), F.count("x"), F.sum("x"), F.avg("x"), F.sum("d"), F.avg("d"), F.min("d"), F.max("x"),
            F.first("y"), F.last("y", ignorenulls=True), F.sum("y"), F.avg("y"), F.min("k")]  # fmt: skip


@pytest.mark.parametrize("mode", ["complete", "partial", "final"])
def test_one_acero_pass_gives_the_per_group_id_answers_and_types(mode, monkeypatch):
    """The single group-by for plain aggregates agrees with the general path, state types included
    (partitions of one stage may take different paths and their states are concatenated)."""
    import engine.compute.aggregate as agg

    keyed, specs = specs_for(DATA, ONE_PASS)
    keys = key_of(keyed, "k")
    if mode == "final":
        keyed = aggregate(keyed, keys, specs, "partial", CTX)
    fast = aggregate(keyed, keys, specs, mode, CTX)
    assert agg._one_pass(keyed, keys, specs, mode, CTX) is not None
    monkeypatch.setattr(agg, "_one_pass", lambda *a: None)
    slow = aggregate(keyed, keys, specs, mode, CTX)
    assert fast.schema == slow.schema
    assert fast.to_pylist() == slow.to_pylist()


def test_sums_that_could_overflow_int64_are_still_exact():
    big = pa.table({"k": [1, 1, 2], "x": pa.array([2**62, 2**62, -(2**62)], pa.int64())})
    partial = run([F.try_sum("x")], ["k"], big)
    assert partial == {"k": [1, 2], "try_sum(x)": [None, -(2**62)]}  # 2**63 overflows bigint: try_sum is null
    with pytest.raises(Exception, match="ARITHMETIC_OVERFLOW"):
        run([F.sum("x")], ["k"], big)
    dec = pa.table({"k": [1, 1], "d": pa.array([Decimal("9" * 18), Decimal("9" * 18)], pa.decimal128(18, 0))})
    assert run([F.sum("d")], ["k"], dec)["sum(d)"] == [Decimal("1" + "9" * 17 + "8")]
