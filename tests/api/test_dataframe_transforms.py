"""DataFrame transformations: projections, filters, ordering, deduplication and set operations.

Expected rows come from pandas / plain Python over the same data, never from engine.
"""

from __future__ import annotations

import pytest
from apihelpers import null_first_key, sorted_tuples, tuples

from engine import functions as F
from engine.errors import AnalysisException

PEOPLE = [(1, "ann", 30, "nl"), (2, "bob", None, "be"), (3, "cid", 25, "nl"), (4, None, 41, None), (5, "eve", 25, "be")]


@pytest.fixture(scope="module")
def people(spark):
    return spark.createDataFrame(PEOPLE, "id long, name string, age int, country string")


def test_select_by_name_column_and_expression(people):
    out = people.select("id", F.col("name"), (people.age + 1).alias("next"), people["country"])
    assert out.columns == ["id", "name", "next", "country"]
    assert tuples(out) == [(i, n, None if a is None else a + 1, c) for i, n, a, c in PEOPLE]


def test_select_star_and_list(people):
    assert tuples(people.select("*")) == PEOPLE
    assert tuples(people.select(["id", "age"])) == [(i, a) for i, _, a, _ in PEOPLE]


def test_unaliased_expressions_are_named_like_spark(people):
    out = people.select(people.age + 1, F.col("id") * 2, people.age.isNull(), (people.id > 2) & (people.age < 30))
    assert out.columns == ["(age + 1)", "(id * 2)", "(age IS NULL)", "((id > 2) AND (age < 30))"]


def test_select_expr(people):
    out = people.selectExpr("id * 10 AS x", "upper(name)")
    assert out.columns == ["x", "upper(name)"]
    assert tuples(out) == [(i * 10, None if n is None else n.upper()) for i, n, _, _ in PEOPLE]


def test_with_column_adds_or_replaces_in_place(people):
    added = people.withColumn("twice", F.col("id") * 2)
    assert added.columns == ["id", "name", "age", "country", "twice"]
    replaced = people.withColumn("age", F.col("age") * 10)
    assert replaced.columns == people.columns
    assert [r.age for r in replaced.collect()] == [None if a is None else a * 10 for _, _, a, _ in PEOPLE]
    both = people.withColumns({"a": F.lit(1), "id": F.col("id") + 100})
    assert tuples(both.select("id", "a")) == [(i + 100, 1) for i, _, _, _ in PEOPLE]


def test_with_column_renamed_and_drop(people):
    renamed = people.withColumnRenamed("name", "who").withColumnRenamed("missing", "x")
    assert renamed.columns == ["id", "who", "age", "country"]
    assert people.drop("age", "country").columns == ["id", "name"]
    assert people.drop(people.name).columns == ["id", "age", "country"]
    assert people.drop("nope").columns == people.columns  # dropping a missing name is a no-op


def test_alias_qualifies_columns(people):
    a = people.alias("p")
    assert tuples(a.select("p.id").limit(2)) == [(1,), (2,)]


def test_filter_with_column_drops_null_conditions(people):
    expected = [r for r in PEOPLE if r[2] is not None and r[2] > 26]
    assert tuples(people.filter(people.age > 26)) == expected
    assert tuples(people.filter((F.col("country") == "nl") | F.col("name").isNull())) == [PEOPLE[0], PEOPLE[2], PEOPLE[3]]


def test_filter_with_sql_string(people):
    assert tuples(people.where("age > 26")) == [r for r in PEOPLE if r[2] is not None and r[2] > 26]


def test_filter_to_nothing_and_on_empty_input(spark, people):
    assert people.filter(F.lit(False)).collect() == []
    empty = spark.createDataFrame([], "a int")
    assert empty.filter(F.col("a") > 1).count() == 0


def test_order_by_default_puts_nulls_first_ascending_and_last_descending(people):
    assert [r.age for r in people.orderBy("age").collect()] == [None, 25, 25, 30, 41]
    assert [r.age for r in people.orderBy(F.desc("age")).collect()] == [41, 30, 25, 25, None]
    assert [r.age for r in people.sort(people.age.asc_nulls_last()).collect()] == [25, 25, 30, 41, None]
    assert [r.age for r in people.sort(people.age.desc_nulls_first()).collect()] == [None, 41, 30, 25, 25]


def test_order_by_several_keys_and_ascending_flags(people):
    out = people.orderBy(["age", "id"], ascending=[False, True])
    expected = sorted(PEOPLE, key=lambda r: r[0])
    expected = sorted(expected, key=lambda r: (r[2] is not None, r[2] or 0), reverse=True)
    assert [r.id for r in out.collect()] == [r[0] for r in expected]


def test_order_by_over_many_partitions(spark):
    df = spark.range(0, 1000, numPartitions=50).select(((F.col("id") * 7919) % 1000).alias("v"))
    assert [r.v for r in df.orderBy("v").collect()] == list(range(1000))
    assert [r.v for r in df.orderBy(F.desc("v")).limit(3).collect()] == [999, 998, 997]


def test_limit_distinct_and_drop_duplicates(people):
    assert people.limit(2).count() == 2
    assert people.limit(0).collect() == []
    assert sorted_tuples(people.select("age").distinct()) == [(None,), (25,), (30,), (41,)]
    deduped = people.dropDuplicates(["country"])
    assert sorted(r.country or "" for r in deduped.collect()) == ["", "be", "nl"]
    assert people.union(people).dropDuplicates().count() == len(PEOPLE)


def test_union_keeps_duplicates_and_union_by_name_matches_columns(spark):
    a = spark.createDataFrame([(1, "x")], ["k", "v"])
    b = spark.createDataFrame([("y", 2)], ["v", "k"])
    assert tuples(a.union(a)) == [(1, "x"), (1, "x")]
    assert tuples(a.unionAll(a)) == [(1, "x"), (1, "x")]
    assert tuples(a.unionByName(b)) == [(1, "x"), (2, "y")]
    c = spark.createDataFrame([(3,)], ["k"])
    assert tuples(a.unionByName(c, allowMissingColumns=True)) == [(1, "x"), (3, None)]
    with pytest.raises(AnalysisException):
        a.unionByName(c)


def test_intersect_subtract_and_except_all(spark):
    a = spark.createDataFrame([(1,), (1,), (2,), (3,), (None,)], ["v"])
    b = spark.createDataFrame([(1,), (3,), (4,), (None,)], ["v"])
    assert sorted_tuples(a.intersect(b)) == [(None,), (1,), (3,)]
    assert sorted_tuples(a.subtract(b)) == [(2,)]
    assert sorted_tuples(a.exceptAll(b)) == [(1,), (2,)]
    assert sorted_tuples(a.intersectAll(a)) == sorted([(1,), (1,), (2,), (3,), (None,)], key=null_first_key)


def test_set_operations_on_many_partitions(spark):
    a = spark.range(0, 1000, numPartitions=50)
    b = spark.range(500, 1500, numPartitions=7)
    assert a.intersect(b).count() == 500
    assert a.subtract(b).count() == 500
    assert a.union(b).distinct().count() == 1500


def test_repartition_and_coalesce_keep_every_row(spark):
    rows = [(i, i % 7) for i in range(300)]
    df = spark.createDataFrame(rows, ["id", "k"]).repartition(50)
    assert sorted_tuples(df) == rows
    assert sorted_tuples(df.repartition(5, "k")) == rows
    assert sorted_tuples(df.repartition("k")) == rows
    assert sorted_tuples(df.coalesce(1)) == rows
    assert df.coalesce(1).rdd.getNumPartitions() == 1
