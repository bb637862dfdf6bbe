"""count_min_sketch(x, eps, confidence, seed) gives Spark's serialized CountMinSketch byte for
byte: the same width and depth, hash multipliers drawn as java.util.Random draws them, Spark's
hashes of integers and of string/binary bytes, nulls left out. Expected bytes come from
PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException

_HEAD = "00000001"  # version 1


def test_integers_strings_and_binaries_hash_as_spark(spark: engine.SparkSession) -> None:
    rows = [(i, f"k{i % 4}", bytes([i % 3])) for i in range(10)]
    df = spark.createDataFrame(rows, "i int, s string, b binary")
    out = df.select(*[F.hex(F.count_min_sketch(c, 0.5, 0.9, 7)) for c in "isb"])
    assert out.columns == [f"hex(count_min_sketch({c}, 0.5, 0.9, 7))" for c in "isb"]
    multipliers = "000000005D878BCC0000000051BB9A0C000000005FE4CA2D00000000013B859C"
    head = _HEAD + "000000000000000A" + "00000004" + "00000004" + multipliers
    counts = [
        [3, 3, 3, 1, 4, 3, 3, 0, 4, 3, 3, 0, 10, 0, 0, 0],
        [5, 3, 0, 2, 2, 5, 0, 3, 0, 0, 5, 5, 0, 3, 2, 5],
        [0, 0, 4, 6, 6, 4, 0, 0, 4, 3, 0, 3, 0, 4, 6, 0],
    ]
    assert list(out.first()) == [head + "".join(f"{c:016X}" for c in row) for row in counts]


def test_nulls_are_skipped_and_an_empty_input_gives_an_empty_sketch(spark: engine.SparkSession) -> None:
    one = spark.createDataFrame([(None,), (3,)], "i int").select(F.hex(F.count_min_sketch("i", 0.9, 0.5, 1)))
    assert one.first()[0] == _HEAD + "0000000000000001" + "00000001" + "00000003" + "000000005D8D6AB9" + "0" * 15 + "1" + "0" * 32
    empty = spark.range(0).select(F.count_min_sketch("id", 0.9, 0.5, 1))
    assert empty.schema.fields[0].dataType.simpleString() == "binary"
    assert empty.first()[0].hex().upper() == _HEAD + "0" * 16 + "00000001" + "00000003" + "000000005D8D6AB9" + "0" * 48


def test_a_long_seed_keeps_its_low_32_bits_and_groups_get_their_own_sketch(spark: engine.SparkSession) -> None:
    out = spark.range(6).select(F.hex(F.count_min_sketch("id", F.lit(1.5), 0.2, 1111111111111111111)))
    assert out.first()[0][40:56] == "0000000044078BA1"  # java.util.Random(734294471).nextInt(2^31 - 1)
    grouped = spark.range(10).groupBy((F.col("id") % 2).alias("g")).agg(F.hex(F.count_min_sketch("id", 0.9, 0.5, 1)))
    sketch = _HEAD + "0000000000000005" + "00000001" + "00000003" + "000000005D8D6AB9" + f"{3:016X}{2:016X}{0:016X}"
    assert [tuple(r) for r in grouped.orderBy("g").collect()] == [(0, sketch), (1, sketch)]


def test_only_integers_strings_and_binaries_with_eps_above_zero(spark: engine.SparkSession) -> None:
    df = spark.range(5)
    with pytest.raises(AnalysisException, match=r'requires the \("INTEGRAL" or "STRING" or "BINARY"\) type'):
        df.select(F.count_min_sketch(F.col("id").cast("double"), 0.9, 0.5, 1)).collect()
    with pytest.raises(AnalysisException, match=r"The eps must be between \(0.0, 1.7976931348623157E308\] \(current value = -0.1D\)"):
        df.select(F.count_min_sketch("id", -0.1, 0.5, 1)).collect()


def test_eps_and_confidence_must_be_doubles_and_confidence_at_most_one(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException, match=r'The second parameter requires the "DOUBLE" type, however "1" has the type "INT"'):
        spark.sql("SELECT count_min_sketch(id, 1, 0.5D, 1) FROM range(3)").collect()
    with pytest.raises(AnalysisException, match=r"The confidence must be between \(0.0, 1.0\] \(current value = 1.5D\)"):
        spark.range(5).select(F.count_min_sketch("id", 0.5, 1.5, 1)).collect()
