"""PySpark 4 answers for the RDD calls DataFrame programs still write: sc.parallelize, df.rdd
map/filter/reduceByKey glue, and DataFrames built back from an RDD."""

from __future__ import annotations

import engine
from engine import Row


def test_parallelized_tuples_become_a_dataframe_with_inferred_bigints(spark: engine.SparkSession) -> None:
    sc = spark.sparkContext
    named = sc.parallelize([(1, "a"), (2, "b")]).toDF(["id", "name"])
    assert named.schema.simpleString() == "struct<id:bigint,name:string>"
    assert sc.parallelize([(1, "a")]).toDF().columns == ["_1", "_2"]
    typed = spark.createDataFrame(sc.parallelize([(1, "x")]), "a int, b string")
    assert typed.schema.simpleString() == "struct<a:int,b:string>"
    assert typed.collect() == [Row(a=1, b="x")]


def test_rows_mapped_through_df_rdd_come_back_as_a_dataframe(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], ["id", "name"])
    doubled = df.rdd.map(lambda r: (r.id * 2, r.name.upper())).toDF()
    assert doubled.collect() == [Row(_1=2, _2="A"), Row(_1=4, _2="B"), Row(_1=6, _2="C")]
    assert df.rdd.map(lambda r: Row(k=r.id, v=r.name)).toDF().columns == ["k", "v"]
    assert spark.createDataFrame(df.rdd, df.schema).collect() == df.collect()


def test_pair_rdd_calls_answer_as_pyspark(spark: engine.SparkSession) -> None:
    sc = spark.sparkContext
    pairs = sc.parallelize([("a", 1), ("b", 2), ("a", 3)])
    assert pairs.reduceByKey(lambda x, y: x + y).sortByKey().collect() == [("a", 4), ("b", 2)]
    assert sorted((k, sorted(v)) for k, v in pairs.groupByKey().collect()) == [("a", [1, 3]), ("b", [2])]
    assert pairs.mapValues(lambda v: v * 10).values().sum() == 60
    assert pairs.countByKey() == {"a": 2, "b": 1}
    assert sorted(pairs.join(sc.parallelize([("a", "x")])).collect()) == [("a", (1, "x")), ("a", (3, "x"))]


def test_rdd_actions_and_partitions(spark: engine.SparkSession) -> None:
    sc = spark.sparkContext
    nums = sc.parallelize(range(10), 3)
    assert nums.getNumPartitions() == 3
    assert nums.glom().collect() == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    assert nums.filter(lambda x: x % 2).reduce(lambda a, b: a + b) == 25
    assert (nums.max(), nums.mean(), nums.first(), nums.take(2)) == (9, 4.5, 0, [0, 1])
    assert sc.range(3).collect() == [0, 1, 2]
    assert spark.range(10).repartition(3).rdd.getNumPartitions() == 3


def test_accumulators_and_broadcasts_seen_by_foreach(spark: engine.SparkSession) -> None:
    sc = spark.sparkContext
    total = sc.accumulator(0)
    lookup = sc.broadcast({1: "one"})
    df = spark.createDataFrame([(1,), (2,), (3,)], ["id"])
    df.foreach(lambda r: total.add(r.id))
    assert total.value == 6
    assert df.rdd.map(lambda r: lookup.value.get(r.id)).collect() == ["one", None, None]


def test_json_strings_in_an_rdd_are_read_as_rows(spark: engine.SparkSession) -> None:
    rdd = spark.sparkContext.parallelize(['{"a": 1, "b": "x"}', '{"a": 2}'])
    assert spark.read.json(rdd).collect() == [Row(a=1, b="x"), Row(a=2, b=None)]
