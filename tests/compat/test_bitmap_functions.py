"""Bitmap functions (bitmap_bucket_number, bitmap_bit_position, bitmap_count and the
construct / or / and aggregates). Every expected value below came from PySpark 4.3; the
aggregates' bytes are compared whole (4096 bytes each)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, ArrayIndexOutOfBoundsException

BYTES = 4096


def bitmap(prefix: bytes, fill: int = 0) -> bytes:
    """A 4096-byte bitmap that starts with `prefix` and is `fill` bytes after it."""
    return prefix + bytes([fill]) * (BYTES - len(prefix))


def test_bucket_number_and_bit_position_follow_javas_truncating_division(spark: engine.SparkSession) -> None:
    values = [1, 2, 3, 32768, 32769, 0, -1, -32768, None]
    df = spark.createDataFrame([(v,) for v in values], "v long")
    out = df.select("v", F.bitmap_bucket_number("v"), F.bitmap_bit_position("v"))
    assert out.columns == ["v", "bitmap_bucket_number(v)", "bitmap_bit_position(v)"]
    assert out.schema.fields[1].dataType == T.LongType()
    assert [tuple(r) for r in out.collect()] == [
        (1, 1, 0), (2, 1, 1), (3, 1, 2), (32768, 1, 32767), (32769, 2, 0), (0, 0, 0), (-1, 0, 1), (-32768, -1, 0),
        (None, None, None),
    ]  # fmt: skip


def test_bucket_and_position_at_the_long_bounds_and_of_cast_arguments(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "select bitmap_bucket_number(9223372036854775807), bitmap_bit_position(9223372036854775807), "
        "bitmap_bucket_number(-9223372036854775808), bitmap_bit_position(-9223372036854775808), "
        "bitmap_bit_position(5.7), bitmap_bit_position('5')"
    ).first()
    assert tuple(row) == (281474976710656, 32766, -281474976710656, 0, 4, 4)


def test_construct_agg_sets_each_groups_bits_and_count_counts_them(spark: engine.SparkSession) -> None:
    g = spark.createDataFrame([(1, 1), (1, 2), (1, 3), (2, 100), (2, 32767), (3, None)], "k int, v int")
    built = g.groupBy("k").agg(F.bitmap_construct_agg(F.bitmap_bit_position("v")).alias("b")).orderBy("k")
    assert built.schema.fields[1] == T.StructField("b", T.BinaryType(), False)
    rows = built.collect()
    assert [r.b for r in rows] == [
        bitmap(b"\x07"), bitmap(b"\x00" * 12 + b"\x08" + b"\x00" * 4082 + b"\x40"), bitmap(b""),
    ]  # fmt: skip
    counted = built.select("k", F.bitmap_count("b"))
    assert counted.columns == ["k", "bitmap_count(b)"]
    assert [tuple(r) for r in counted.collect()] == [(1, 3), (2, 2), (3, 0)]
    combined = built.agg(F.bitmap_or_agg("b").alias("o"), F.bitmap_and_agg("b").alias("a")).first()
    assert combined.o == bitmap(b"\x07" + b"\x00" * 11 + b"\x08" + b"\x00" * 4082 + b"\x40")
    assert combined.a == bitmap(b"")


def test_or_and_and_pad_short_bitmaps_with_zero_bytes(spark: engine.SparkSession) -> None:
    row = spark.sql("select bitmap_or_agg(b), bitmap_and_agg(b) from values (X'0F'),(X'0301') t(b)").first()
    assert tuple(row) == (bitmap(b"\x0f\x01"), bitmap(b"\x03"))
    # bytes past 4096 are ignored: 4096 bytes of 'a' (0x61) have 3 bits each
    assert spark.sql("select bitmap_count(bitmap_or_agg(cast(repeat('a', 5000) as binary)))").first()[0] == 12288


def test_aggregates_of_no_values(spark: engine.SparkSession) -> None:
    nulls = spark.sql("select bitmap_and_agg(b), bitmap_or_agg(b) from values (cast(null as binary)) t(b)").first()
    assert tuple(nulls) == (bitmap(b"", 0xFF), bitmap(b""))
    empty = spark.sql(
        "select bitmap_or_agg(b), bitmap_and_agg(b), bitmap_construct_agg(length(b)) from values (X'01') t(b) where false"
    ).first()
    assert tuple(empty) == (bitmap(b""), bitmap(b"", 0xFF), bitmap(b""))


def test_bitmap_count(spark: engine.SparkSession) -> None:
    assert tuple(spark.sql("select bitmap_count(X'0F01'), bitmap_count(X''), bitmap_count(X'FF')").first()) == (5, 0, 8)


def test_construct_agg_rejects_positions_outside_the_bitmap(spark: engine.SparkSession) -> None:
    for bad in ("32768L", "-1L"):
        with pytest.raises(ArrayIndexOutOfBoundsException) as info:
            spark.sql(f"select bitmap_construct_agg(b) from values ({bad}) t(b)").collect()
        assert info.value.getCondition() == "INVALID_BITMAP_POSITION"
        assert f"The 0-indexed bitmap position {bad[:-1]} is out of bounds. The bitmap has 32768 bits (4096 bytes)." in str(
            info.value
        )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("select bitmap_count(1)", 'The first parameter requires the "BINARY" type, however "1" has the type "INT".'),
        (
            "select bitmap_bit_position(true)",
            'The first parameter requires the "BIGINT" type, however "true" has the type "BOOLEAN".',
        ),
        (
            "select bitmap_or_agg(b) from values ('a') t(b)",
            'The first parameter requires the "BINARY" type, however "b" has the type "STRING".',
        ),
    ],
)
def test_argument_types(spark: engine.SparkSession, query: str, message: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert message in str(info.value)


def test_bitmaps_count_distinct_values_across_partitions(spark: engine.SparkSession) -> None:
    df = spark.range(100000, numPartitions=4).select(
        F.bitmap_bucket_number("id").alias("k"), F.bitmap_bit_position("id").alias("p")
    )
    out = df.groupBy("k").agg(F.bitmap_count(F.bitmap_construct_agg("p")).alias("c")).orderBy("k")
    assert [tuple(r) for r in out.collect()] == [(0, 1), (1, 32768), (2, 32768), (3, 32768), (4, 1695)]
