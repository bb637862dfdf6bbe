"""collect_union (Spark 4): the distinct non-null elements of a group's arrays. Expected
values came from PySpark 4.3; Spark orders the elements as its collect_set does (by hash),
so the elements are compared as sets, as engine's collect_set order is first-seen."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException


def test_collect_union_merges_the_arrays_without_nulls_or_duplicates(spark: engine.SparkSession) -> None:
    df = spark.sql("select collect_union(a) from values (array('b','a')), (array('c', null)), (cast(null as array<string>)) t(a)")
    assert df.schema == T.StructType([T.StructField("collect_union(a)", T.ArrayType(T.StringType(), False), False)])
    assert sorted(df.first()[0]) == ["a", "b", "c"]  # Spark: ['a', 'c', 'b']


def test_collect_union_per_group_and_of_no_rows(spark: engine.SparkSession) -> None:
    rows = spark.sql(
        "select k, collect_union(a) from values (1, array(3,1,2)), (1, array(2,3,4)), (2, array()) t(k, a) "
        "group by k order by k"
    ).collect()
    assert [(r[0], sorted(r[1])) for r in rows] == [(1, [1, 2, 3, 4]), (2, [])]
    assert spark.sql("select collect_union(a) from values (array(1)) t(a) where false").first()[0] == []
    nested = spark.sql("select collect_union(a) from values (array(array(1), array(2))), (array(array(1))) t(a)")
    assert sorted(nested.first()[0]) == [[1], [2]]


def test_collect_union_across_partitions(spark: engine.SparkSession) -> None:
    df = spark.range(100, numPartitions=4).select((F.col("id") % 7).alias("k"), F.array(F.col("id") % 5, F.lit(9)).alias("a"))
    out = df.groupBy("k").agg(F.sort_array(F.collect_union("a")).alias("u")).orderBy("k")
    assert [r.u for r in out.collect()] == [[0, 1, 2, 3, 4, 9]] * 7
    assert spark.range(1).select(F.collect_union(F.array(F.lit(1)))).columns == ["collect_union(array(1))"]


def test_collect_union_needs_arrays(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("select collect_union(1)").collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert 'The first parameter requires the "ARRAY" type, however "1" has the type "INT".' in str(info.value)
