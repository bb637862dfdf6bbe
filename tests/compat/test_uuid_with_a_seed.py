"""uuid(seed) (Spark 4.1) gives Spark's own UUIDs: commons-math's MersenneTwister seeded with
seed + partition index, two longs per UUID with the version-4 bits set; the column is named
uuid() with or without a seed. Expected values come from PySpark 4.3."""

from __future__ import annotations

import engine
from engine import functions as F


def test_a_seed_gives_sparks_sequence_in_each_partition(spark: engine.SparkSession) -> None:
    df = spark.range(0, 6, 1, 2).select("id", F.uuid(seed=7).alias("u"), F.spark_partition_id().alias("p"))
    assert [tuple(r) for r in df.orderBy("id").collect()] == [
        (0, "cee40aac-b68a-440d-b75a-41718652cb36", 0),
        (1, "50fe06d6-e030-43ea-9ff6-ff3a773b207a", 0),
        (2, "9bf20e3c-97d1-45bc-8959-2e07ee8cb0f7", 0),
        (3, "6c186627-616a-45dd-85c2-ac0fd2cf712d", 1),
        (4, "57eb05c8-7dfb-4f3c-8c90-54cb6d4902b1", 1),
        (5, "e593bb6b-070f-48c1-b5d1-2fe7477a08e6", 1),
    ]


def test_a_negative_seed_and_the_column_name(spark: engine.SparkSession) -> None:
    out = spark.range(0, 3, 1, 1).select(F.uuid(-5))
    assert out.columns == ["uuid()"]
    assert [r[0] for r in out.collect()] == [
        "e338c8ff-0ff5-447d-95a9-d0fbf8bc6331", "1c01a525-76f6-4e73-b003-ecff815a57f0", "60e643d9-d2f9-4baf-ac24-95daaf7adaef",
    ]  # fmt: skip


def test_without_a_seed_each_row_gets_a_distinct_version_4_uuid(spark: engine.SparkSession) -> None:
    values = [r[0] for r in spark.range(50).select(F.uuid()).collect()]
    assert len(set(values)) == 50
    assert all(len(v) == 36 and v[14] == "4" and v[19] in "89ab" for v in values)
