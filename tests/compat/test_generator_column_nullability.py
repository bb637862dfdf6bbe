"""explode / posexplode / inline columns are typed non-null where PySpark 4 types them so: ``pos``,
a map's key, and an element or value of a collection that holds no nulls; ``_outer`` forms are
nullable throughout."""

from __future__ import annotations

import engine
from engine import functions as F
from engine import types as T


def _nullable(df: engine.DataFrame) -> list[bool]:
    return [f.nullable for f in df.schema.fields]


def test_generators_over_collections_without_nulls(spark: engine.SparkSession) -> None:
    schema = T.StructType([
        T.StructField("arr", T.ArrayType(T.IntegerType(), False)),
        T.StructField("m", T.MapType(T.StringType(), T.IntegerType(), False)),
    ])  # fmt: skip
    df = spark.createDataFrame([([1, 2], {"a": 1})], schema)
    assert _nullable(df.select(F.explode("arr"))) == [False]
    assert _nullable(df.select(F.explode("m"))) == [False, False]
    assert _nullable(df.select(F.posexplode("arr"))) == [False, False]
    assert _nullable(df.select(F.posexplode("m"))) == [False, False, False]
    assert _nullable(df.select(F.explode_outer("m"))) == [True, True]
    assert _nullable(df.select(F.posexplode_outer("arr"))) == [True, True]


def test_generators_over_collections_with_nulls(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, None], {"a": None})], "arr array<int>, m map<string,int>")
    assert _nullable(df.select(F.explode("arr"))) == [True]
    assert _nullable(df.select(F.explode("m"))) == [False, True]
    assert _nullable(df.select(F.posexplode("arr"))) == [False, True]
    assert _nullable(df.select(F.posexplode("m"))) == [False, False, True]


def test_explode_of_built_arrays(spark: engine.SparkSession) -> None:
    df = spark.range(1)
    assert _nullable(df.select(F.explode(F.array(F.lit(1), F.lit(2))))) == [False]
    assert _nullable(df.select(F.explode(F.split(F.lit("a,b"), ",")))) == [False]


def test_inline_keeps_field_nullability_unless_elements_may_be_null(spark: engine.SparkSession) -> None:
    struct = T.StructType([T.StructField("x", T.IntegerType(), False), T.StructField("y", T.StringType())])
    strict = T.StructType([T.StructField("a", T.ArrayType(struct, False))])
    loose = T.StructType([T.StructField("a", T.ArrayType(struct, True))])
    assert _nullable(spark.createDataFrame([([(1, "a")],)], strict).select(F.inline("a"))) == [False, True]
    assert _nullable(spark.createDataFrame([([(1, "a")],)], strict).select(F.inline_outer("a"))) == [
        True,
        True,
    ]
    assert _nullable(spark.createDataFrame([([(1, "a")],)], loose).select(F.inline("a"))) == [True, True]
