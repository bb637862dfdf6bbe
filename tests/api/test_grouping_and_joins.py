"""Aggregations (groupBy, rollup, cube, pivot) and joins of every kind, checked against DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from apihelpers import sorted_tuples, tuples

from engine import functions as F

SALES = [("a", "x", 1, 10.0), ("a", "y", 2, None), ("b", "x", 3, 5.5), ("b", "x", None, 1.0), (None, "y", 5, 2.0)]
SALES_COLUMNS = ["k", "c", "n", "v"]


@pytest.fixture(scope="module")
def sales(spark):
    return spark.createDataFrame(SALES, "k string, c string, n int, v double")


def duck(sql: str, **frames: list[tuple]) -> list[tuple]:
    """`sql` run by DuckDB over the given tables (name -> rows with SALES-like columns)."""
    con = duckdb.connect()
    for name, (rows, columns) in frames.items():
        con.register(name, pd.DataFrame(rows, columns=columns))
    return sorted(con.execute(sql).fetchall(), key=lambda r: tuple((v is not None, v or 0) for v in r))


def test_group_by_agg_matches_duckdb(sales):
    out = sales.groupBy("k").agg(F.count("*").alias("cnt"), F.sum("n").alias("sn"), F.avg("v").alias("av"),
                                 F.min("v").alias("mi"), F.max("n").alias("ma"))  # fmt: skip
    expected = duck("SELECT k, count(*), sum(n), avg(v), min(v), max(n) FROM t GROUP BY k", t=(SALES, SALES_COLUMNS))
    assert sorted_tuples(out) == expected


def test_grouped_data_shortcuts_name_columns_like_spark(sales):
    assert sales.groupBy("k").count().columns == ["k", "count"]
    assert sales.groupBy("k").sum("n").columns == ["k", "sum(n)"]
    assert sales.groupBy("k").avg("n", "v").columns == ["k", "avg(n)", "avg(v)"]
    assert sales.groupby("k").mean("v").columns == ["k", "avg(v)"]
    assert sales.groupBy("k").min().columns == ["k", "min(n)", "min(v)"]  # every numeric column
    assert sorted_tuples(sales.groupBy("k").max("n")) == duck("SELECT k, max(n) FROM t GROUP BY k", t=(SALES, SALES_COLUMNS))


def test_agg_with_a_dict_and_global_agg(sales):
    by_dict = sales.groupBy("c").agg({"n": "sum", "v": "max"})
    assert by_dict.columns == ["c", "max(v)", "sum(n)"]  # PySpark passes the dict on as a java.util.HashMap
    assert sorted_tuples(by_dict.select("c", "sum(n)", "max(v)")) == duck(
        "SELECT c, sum(n), max(v) FROM t GROUP BY c", t=(SALES, SALES_COLUMNS)
    )
    assert tuples(sales.agg(F.sum("n"), F.count("v"))) == [(11, 4)]


def test_global_aggregate_of_an_empty_frame_is_one_row(spark):
    empty = spark.createDataFrame([], "n int")
    assert tuples(empty.agg(F.count("*"), F.sum("n"))) == [(0, None)]
    assert empty.groupBy("n").count().collect() == []


def test_group_by_over_many_partitions(spark):
    df = spark.range(0, 1000, numPartitions=50).withColumn("k", F.col("id") % 10)
    out = df.groupBy("k").agg(F.sum("id").alias("s"), F.count("*").alias("c"))
    assert sorted_tuples(out) == [(k, sum(range(k, 1000, 10)), 100) for k in range(10)]


def test_rollup_and_cube_match_duckdb(sales):
    rolled = sales.rollup("k", "c").agg(F.sum("n").alias("s"))
    assert sorted_tuples(rolled) == duck("SELECT k, c, sum(n) FROM t GROUP BY ROLLUP (k, c)", t=(SALES, SALES_COLUMNS))
    cubed = sales.cube("k", "c").agg(F.count("*").alias("cnt"))
    assert sorted_tuples(cubed) == duck("SELECT k, c, count(*) FROM t GROUP BY CUBE (k, c)", t=(SALES, SALES_COLUMNS))


def test_pivot_with_and_without_values(sales):
    out = sales.groupBy("k").pivot("c", ["x", "y"]).agg(F.sum("n"))
    assert out.columns == ["k", "x", "y"]
    assert sorted_tuples(out) == duck(
        "SELECT k, sum(n) FILTER (WHERE c = 'x'), sum(n) FILTER (WHERE c = 'y') FROM t GROUP BY k",
        t=(SALES, SALES_COLUMNS),
    )
    assert sales.groupBy("k").pivot("c").sum("n").columns == ["k", "x", "y"]


LEFT = [(1, "a"), (2, "b"), (2, "bb"), (3, "c"), (None, "n")]
RIGHT = [(2, "X"), (3, "Y"), (3, "YY"), (4, "Z"), (None, "N")]


@pytest.fixture(scope="module")
def sides(spark):
    return (spark.createDataFrame(LEFT, "id int, l string"), spark.createDataFrame(RIGHT, "id int, r string"))


@pytest.mark.parametrize(
    "how, sql_join",
    [("inner", "INNER"), ("left", "LEFT"), ("right", "RIGHT"), ("full", "FULL"), ("left_outer", "LEFT"),
     ("outer", "FULL"), ("fullouter", "FULL")],
)  # fmt: skip
def test_join_on_a_condition_matches_duckdb(sides, how, sql_join):
    left, right = sides
    out = left.join(right, left.id == right.id, how).select(left.id, "l", right.id, "r")
    expected = duck(
        f"SELECT a.id, a.l, b.id, b.r FROM a {sql_join} JOIN b ON a.id = b.id",
        a=(LEFT, ["id", "l"]), b=(RIGHT, ["id", "r"]),
    )
    assert sorted_tuples(out) == expected


def test_join_using_column_names_merges_the_key(sides):
    left, right = sides
    inner = left.join(right, "id")
    assert inner.columns == ["id", "l", "r"]
    assert sorted_tuples(inner) == [(2, "b", "X"), (2, "bb", "X"), (3, "c", "Y"), (3, "c", "YY")]
    full = left.join(right, ["id"], "full")
    expected = duck("SELECT id, a.l, b.r FROM a FULL JOIN b USING (id)", a=(LEFT, ["id", "l"]), b=(RIGHT, ["id", "r"]))
    assert sorted_tuples(full) == expected


def test_semi_and_anti_joins_keep_left_columns_only(sides):
    left, right = sides
    semi = left.join(right, "id", "left_semi")
    assert semi.columns == ["id", "l"]
    assert sorted_tuples(semi) == [(2, "b"), (2, "bb"), (3, "c")]
    assert sorted_tuples(left.join(right, "id", "left_anti")) == [(None, "n"), (1, "a")]


def test_cross_join_and_cross_how(sides):
    left, right = sides
    assert left.crossJoin(right).count() == len(LEFT) * len(RIGHT)
    assert left.join(right, how="cross").count() == len(LEFT) * len(RIGHT)


def test_join_on_a_list_of_columns_and_expression(spark):
    a = spark.createDataFrame([(1, 1, "p"), (1, 2, "q")], ["x", "y", "a"])
    b = spark.createDataFrame([(1, 2, "r"), (1, 3, "s")], ["x", "y", "b"])
    assert tuples(a.join(b, ["x", "y"])) == [(1, 2, "q", "r")]
    assert tuples(a.join(b, [a.x == b.x, a.y < b.y]).select("a", "b").orderBy("a", "b")) == [
        ("p", "r"), ("p", "s"), ("q", "s"),
    ]  # fmt: skip


def test_join_over_many_partitions_and_an_empty_side(spark):
    big = spark.range(0, 1000, numPartitions=50)
    other = spark.range(0, 1000, 3, numPartitions=7).withColumnRenamed("id", "k")
    assert big.join(other, big.id == other.k).count() == len(range(0, 1000, 3))
    empty = spark.createDataFrame([], "k long")
    assert big.join(empty, big.id == empty.k).count() == 0
    assert big.join(empty, big.id == empty.k, "left").count() == 1000
