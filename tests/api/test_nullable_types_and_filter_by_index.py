"""DataType.toNullable (PySpark 4) and ``df[condition]`` as a filter (expected values from PySpark 4.3)."""

from __future__ import annotations

from engine.types import ArrayType, IntegerType, LongType, MapType, StringType, StructField, StructType


def test_to_nullable_sets_every_nested_nullability_flag_and_keeps_names_and_metadata():
    inner = StructType([StructField("x", LongType(), False, {"k": 1})])
    t = StructType([StructField("a", ArrayType(inner, False), False), StructField("m", MapType(StringType(), inner, False))])
    out = t.toNullable()
    nullable_inner = StructType([StructField("x", LongType(), True, {"k": 1})])
    assert out == StructType([
        StructField("a", ArrayType(nullable_inner, True), True),
        StructField("m", MapType(StringType(), nullable_inner, True), True),
    ])  # fmt: skip
    assert t["a"].nullable is False  # the original is unchanged
    assert repr(ArrayType(IntegerType(), False).toNullable()) == "ArrayType(IntegerType(), True)"
    assert repr(MapType(IntegerType(), StringType(), False).toNullable()) == "MapType(IntegerType(), StringType(), True)"


def test_indexing_a_frame_by_a_boolean_column_filters_it(spark):
    df = spark.createDataFrame([(1, "a"), (5, "b"), (7, "c")], "n int, s string")
    assert [r.n for r in df[df.n > 3].collect()] == [5, 7]
    assert [r.s for r in df[df.s.isin("a", "c")].collect()] == ["a", "c"]
    assert [r.s for r in df[~df.s.isin(["a", "c"])].collect()] == ["b"]
    assert [r.n for r in df[df[0] < 5].collect()] == [1]
