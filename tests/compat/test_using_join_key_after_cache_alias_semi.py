"""A side's own key after a USING join, through a cache, an alias and a semi or anti join, as in
PySpark 4: a cached join's ``r.id`` still reads the right side's value (the plan is computed
again, as Spark's cache no longer matches it), while after ``alias`` or a semi/anti join the
merged-away key is gone and naming it fails with MISSING_ATTRIBUTES instead of reading the
visible ``id``. Expected values are what PySpark 4.0 returns for the same calls."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture
def sides(spark: engine.SparkSession) -> tuple[engine.DataFrame, engine.DataFrame]:
    left = spark.createDataFrame([(1, "a"), (2, "b")], ["id", "x"])
    right = spark.createDataFrame([(1, "p"), (3, "q")], ["id", "y"])
    return left, right


def _rows(df: engine.DataFrame) -> list[tuple]:
    return sorted((tuple(r) for r in df.collect()), key=repr)


def test_cached_full_join_keeps_each_sides_key(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", "full").cache()
    assert _rows(joined.select(left.id, right.id)) == [(1, 1), (2, None), (None, 3)]
    assert _rows(joined.where(right.id.isNull()).select("id", "x")) == [(2, "b")]
    assert _rows(joined.orderBy(right.id).select("x")) == [("a",), ("b",), (None,)]


def test_cached_left_join_reads_the_right_key_after_a_job(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", "left")
    joined.persist()
    assert joined.count() == 2
    assert _rows(joined.select(right.id, "x")) == [(1, "a"), (None, "b")]
    assert _rows(joined.withColumn("r", right.id).select("r")) == [(1,), (None,)]
    assert _rows(joined.select("id", "x", "y")) == [(1, "a", "p"), (2, "b", None)]


@pytest.mark.parametrize(
    "build",
    [
        lambda left, right: left.join(right, "id", "left").alias("a").select(right.id),
        lambda left, right: left.join(right, "id", "left_anti").select(right.id),
        lambda left, right: left.join(right, "id", "left_semi").where(right.id > 0),
        lambda left, right: left.join(right, "id", "full").groupBy("id").count().select(right.id),
    ],
)
def test_a_merged_away_key_out_of_reach_is_missing(sides, build) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    with pytest.raises(AnalysisException) as caught:
        build(left, right).collect()
    assert caught.value.getCondition() == "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION"


def test_the_left_key_after_an_anti_join_or_alias_is_the_shown_one(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    assert _rows(left.join(right, "id", "left_anti").select(left.id)) == [(2,)]
    assert _rows(left.join(right, "id", "left").alias("a").select(left.id, F.col("a.x"))) == [
        (1, "a"),
        (2, "b"),
    ]


def test_a_local_checkpoint_keeps_no_merged_away_key(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    checkpointed = left.join(right, "id", "left").localCheckpoint()
    assert _rows(checkpointed.select("id", "y")) == [(1, "p"), (2, None)]
    with pytest.raises(AnalysisException) as caught:
        checkpointed.select(right.id).collect()
    assert caught.value.getCondition() == "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION"
