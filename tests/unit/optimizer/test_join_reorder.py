"""Inner joins are reordered so a small filtered input joins before a big one: the same rows in
the same columns, fewer rows carried from join to join."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.api.execution import optimized_plan
from engine.api.explain import explain_string
from engine.logical import nodes as L


@pytest.fixture()
def tables(spark: Any, tmp_path: Path) -> None:
    """suppliers (100, 25 per nation), lines (5,000 over the suppliers), nations (4, one of them chosen)."""
    pq.write_table(
        pa.table(
            {
                "s_id": pa.array(range(100), pa.int64()),
                "s_nation": pa.array([i % 4 for i in range(100)], pa.int64()),
            }
        ),
        tmp_path / "suppliers.parquet",
    )
    pq.write_table(
        pa.table(
            {"l_supp": pa.array([i % 100 for i in range(5000)], pa.int64()), "l_qty": list(range(5000))}
        ),
        tmp_path / "lines.parquet",
    )
    pq.write_table(
        pa.table({"n_id": pa.array(range(4), pa.int64()), "n_name": ["A", "B", "C", "D"]}),
        tmp_path / "nations.parquet",
    )
    for name in ("suppliers", "lines", "nations"):
        spark.read.parquet(str(tmp_path / f"{name}.parquet")).createOrReplaceTempView(name)


QUERY = """
    SELECT * FROM suppliers, lines, nations
    WHERE s_id = l_supp AND s_nation = n_id AND n_name = 'C'
"""


def _joins(plan: L.LogicalPlan) -> list[L.Join]:
    found = [plan] if isinstance(plan, L.Join) else []
    return found + [j for k in L.children(plan) for j in _joins(k)]


def test_a_small_filtered_input_joins_first_and_the_answer_keeps_its_columns(
    spark: Any, tables: None
) -> None:
    df = spark.sql(QUERY)
    deepest = _joins(optimized_plan(spark, df._plan))[-1]  # the first join to run
    scans = {a.name for a in L.output(deepest)}
    assert "n_name" in scans and "l_qty" not in scans  # suppliers meet their nation before the lines
    spark.conf.set("spark.sql.optimizer.excludedRules", "reorder_joins")
    try:
        written = df.collect()
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    reordered = df.collect()
    assert df.columns == ["s_id", "s_nation", "l_supp", "l_qty", "n_id", "n_name"]
    assert sorted(map(tuple, reordered)) == sorted(map(tuple, written)) and len(written) == 1250


def test_a_branch_of_small_inputs_that_filters_its_biggest_joins_before_the_fact(
    spark: Any, tables: None
) -> None:
    """TPC-H q11's shape, the fact written first: the suppliers of one nation (25 of 100) are
    found first and the lines probe them once, instead of all 5,000 lines meeting all suppliers
    and the 5,000 matches then meeting the nation."""
    df = spark.sql(
        """SELECT l_qty, s_id FROM lines, suppliers, nations
           WHERE l_supp = s_id AND s_nation = n_id AND n_name = 'C'"""
    )
    deepest = _joins(optimized_plan(spark, df._plan))[-1]  # the first join to run
    assert {a.name for a in L.output(deepest)} >= {"s_id"} and "l_qty" not in {a.name for a in L.output(deepest)}
    spark.conf.set("spark.sql.optimizer.excludedRules", "reorder_joins")
    try:
        deepest = _joins(optimized_plan(spark, df._plan))[-1]
        assert "l_qty" in {a.name for a in L.output(deepest)}  # as written: lines meet suppliers first
        written = sorted(map(tuple, df.collect()))
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    assert sorted(map(tuple, df.collect())) == written and len(written) == 1250


def test_small_inputs_that_filter_nothing_keep_the_written_order(spark: Any, tables: None) -> None:
    """Every supplier has a nation: joining them first would only add a join over all of them."""
    df = spark.sql("SELECT l_qty, n_name FROM lines, suppliers, nations WHERE l_supp = s_id AND s_nation = n_id")
    deepest = _joins(optimized_plan(spark, df._plan))[-1]
    assert "l_qty" in {a.name for a in L.output(deepest)}


@pytest.fixture()
def customers(spark: Any, tmp_path: Path, tables: None) -> None:
    """customers (400, 100 per nation) and their orders (4,000), beside the tables above."""
    pq.write_table(
        pa.table(
            {
                "c_id": pa.array(range(400), pa.int64()),
                "c_nation": pa.array([i % 4 for i in range(400)], pa.int64()),
            }
        ),
        tmp_path / "customers.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "o_id": pa.array(range(5000), pa.int64()),
                "o_cust": pa.array([i % 400 for i in range(5000)], pa.int64()),
            }
        ),
        tmp_path / "orders.parquet",
    )
    for name in ("customers", "orders"):
        spark.read.parquet(str(tmp_path / f"{name}.parquet")).createOrReplaceTempView(name)


def test_a_tiny_input_equated_through_another_joins_early_by_the_implied_key(
    spark: Any, customers: None
) -> None:
    """TPC-H q05's shape: customers and suppliers of one nation. No condition relates customers to
    nations; `c_nation = s_nation AND s_nation = n_id` implies `c_nation = n_id`, so customers
    meet the chosen nation before their orders. The answer is the query's as written."""
    df = spark.sql(
        """SELECT c_id, o_id, s_id, n_name FROM customers, orders, lines, suppliers, nations
           WHERE c_id = o_cust AND o_id = l_qty AND l_supp = s_id AND c_nation = s_nation
             AND s_nation = n_id AND n_name = 'C'"""
    )
    deepest = _joins(optimized_plan(spark, df._plan))[-1]  # the first join to run
    assert {a.name for a in L.output(deepest)} >= {"c_id", "n_name"}
    spark.conf.set("spark.sql.optimizer.excludedRules", "reorder_joins")
    try:
        written = sorted(map(tuple, df.collect()))
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    assert sorted(map(tuple, df.collect())) == written
    # order i has customer i % 400 and line i's supplier i % 100: nations i % 4 and i % 4, all 'C' ones
    assert len(written) == 1250 and {r[3] for r in written} == {"C"}


@pytest.fixture()
def star(spark: Any, tmp_path: Path) -> None:
    """A fact of 1M lines over 700k orders (neither small enough to broadcast: 16 and 11 MB),
    800 customers of 8 nations."""
    lines = 1_000_000
    pq.write_table(
        pa.table(
            {
                "l_order": pa.array([i * 7 % 700_000 for i in range(lines)], pa.int64()),
                "l_qty": pa.array(range(lines), pa.int64()),
            }
        ),
        tmp_path / "lines.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "o_id": pa.array(range(700_000), pa.int64()),
                "o_cust": pa.array([i % 800 for i in range(700_000)], pa.int64()),
            }
        ),
        tmp_path / "orders.parquet",
    )
    pq.write_table(
        pa.table({"c_id": pa.array(range(800), pa.int64()), "c_nation": [i % 8 for i in range(800)]}),
        tmp_path / "customers.parquet",
    )
    pq.write_table(
        pa.table({"n_id": pa.array(range(8), pa.int64()), "n_name": list("ABCDEFGH")}),
        tmp_path / "nations.parquet",
    )
    for name in ("lines", "orders", "customers", "nations"):
        spark.read.parquet(str(tmp_path / f"{name}.parquet")).createOrReplaceTempView(name)


def test_a_big_input_meets_its_filtering_branch_before_the_fact_so_nothing_is_shuffled(
    spark: Any, star: None
) -> None:
    """TPC-H q07's shape: orders reach the fact only through their customers of one nation. The
    orders join customers and that nation first (87.5k orders: broadcastable) and the lines
    probe the result, instead of 1M lines and 700k orders shuffled to meet."""
    df = spark.sql(
        """SELECT l_order, l_qty, n_name FROM lines, orders, customers, nations
           WHERE l_order = o_id AND o_cust = c_id AND c_nation = n_id AND n_name = 'C'"""
    )
    joined = [{a.name for a in L.output(j)} for j in _joins(optimized_plan(spark, df._plan))]
    assert any(names >= {"o_id", "n_name"} and "l_order" not in names for names in joined)
    assert "ShuffledHashJoin" not in explain_string(df, "simple")
    spark.conf.set("spark.sql.optimizer.excludedRules", "reorder_joins")
    try:
        assert "ShuffledHashJoin" in explain_string(df, "simple")
        written = sorted(map(tuple, df.collect()))
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    assert sorted(map(tuple, df.collect())) == written
    # line i has order 7i mod 700k, whose customer is (7i mod 700k) mod 800, of nation that mod 8
    assert len(written) == 125_000 and {r[2] for r in written} == {"C"}
