"""After a join on column names (USING), each side's own key column still reads that side's
value, as in PySpark 4: ``l.id`` is null where the left side found no match, ``r.id`` where
the right side found none, while ``*``, ``columns`` and ``schema`` show the one merged key.
Expected values are what PySpark 4.0 returns for the same calls."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F


@pytest.fixture
def sides(spark: engine.SparkSession) -> tuple[engine.DataFrame, engine.DataFrame]:
    left = spark.createDataFrame([(1, "a"), (2, "b")], "id int, x string")
    right = spark.createDataFrame([(2, "c"), (3, "d")], "id int, y string")
    return left, right


def _rows(df: engine.DataFrame) -> list[tuple]:
    return sorted((tuple(r) for r in df.collect()), key=repr)


# rows of select(l.id, r.id, "id", "x", "y") for each join type
_SELECTED = {
    "inner": [(2, 2, 2, "b", "c")],
    "left": [(1, None, 1, "a", None), (2, 2, 2, "b", "c")],
    "right": [(2, 2, 2, "b", "c"), (None, 3, 3, None, "d")],
    "full": [(1, None, 1, "a", None), (2, 2, 2, "b", "c"), (None, 3, 3, None, "d")],
    "outer": [(1, None, 1, "a", None), (2, 2, 2, "b", "c"), (None, 3, 3, None, "d")],
}


@pytest.mark.parametrize("how", list(_SELECTED))
def test_each_sides_key_reads_its_own_value(sides, how: str) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", how)
    assert _rows(joined.select(left.id, right.id, "id", "x", "y")) == _SELECTED[how]
    assert _rows(joined.select(left["id"], right["id"])) == [r[:2] for r in _SELECTED[how]]


@pytest.mark.parametrize("how", list(_SELECTED))
def test_hidden_keys_stay_out_of_the_frames_columns(sides, how: str) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", how)
    assert joined.columns == ["id", "x", "y"]
    assert [f.name for f in joined.schema.fields] == ["id", "x", "y"]
    assert joined.select("*").columns == ["id", "x", "y"]
    assert list(joined.toPandas().columns) == ["id", "x", "y"]
    assert _rows(joined.select("*")) == [(r[2], r[3], r[4]) for r in _SELECTED[how]]


def test_filter_sort_and_group_by_a_sides_key(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", "full")
    assert _rows(joined.where(right.id.isNull())) == [(1, "a", None)]
    assert _rows(joined.where(left.id.isNull())) == [(3, None, "d")]
    ordered = joined.orderBy(right.id.desc_nulls_last(), left.id.desc_nulls_last())
    assert [tuple(r) for r in ordered.collect()] == [(3, None, "d"), (2, "b", "c"), (1, "a", None)]
    assert ordered.columns == ["id", "x", "y"]
    assert _rows(joined.groupBy(right.id).count()) == [(2, 1), (3, 1), (None, 1)]
    assert _rows(joined.agg(F.max(right.id), F.max(left.id))) == [(3, 2)]


def test_a_key_after_with_column_select_and_filter(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", "right")
    widened = joined.withColumn("rid", right.id).withColumn("lid", left.id)
    assert widened.columns == ["id", "x", "y", "rid", "lid"]
    assert _rows(widened) == [(2, "b", "c", 2, 2), (3, None, "d", 3, None)]
    assert _rows(joined.withColumn("k", F.lit(1)).select(right.id, left.id, "k")) == [(2, 2, 1), (3, None, 1)]
    # the filter names a column the select dropped: it is read below the select, as in Spark
    assert _rows(joined.select(left.id).where(right.id.isNotNull())) == [(2,), (None,)]
    assert _rows(joined.select(left.id).where(left.id.isNotNull())) == [(2,)]


def test_dropping_a_sides_key_drops_only_the_column_it_shows(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    assert left.join(right, "id", "inner").drop(right.id).columns == ["id", "x", "y"]
    assert left.join(right, "id", "inner").drop(left.id).columns == ["x", "y"]
    assert left.join(right, "id", "right").drop(right.id).columns == ["x", "y"]
    assert left.join(right, "id", "right").drop(left.id).columns == ["id", "x", "y"]
    assert left.join(right, "id", "full").drop(right.id).drop(left.id).columns == ["id", "x", "y"]


def test_chained_joins_keep_every_sides_key(spark, sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    third = spark.createDataFrame([(2, 7.0), (3, 8.0), (4, 9.0)], "id int, z double")
    joined = left.join(right, "id", "full").join(third, "id", "full")
    assert joined.columns == ["id", "x", "y", "z"]
    assert _rows(joined.select("id", left.id, right.id, third.id)) == [
        (1, 1, None, None),
        (2, 2, 2, 2),
        (3, None, 3, 3),
        (4, None, None, 4),
    ]
    inner = left.join(right, "id").join(third, "id")
    assert _rows(inner.select("*", left.id, right.id, third.id)) == [(2, "b", "c", 7.0, 2, 2, 2)]


def test_later_unions_and_joins_see_only_the_shown_columns(spark, sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, "id", "full")
    assert _rows(joined.union(joined)) == sorted(
        [(1, "a", None), (2, "b", "c"), (3, None, "d")] * 2, key=repr
    )
    third = spark.createDataFrame([(2, 7.0), (3, 8.0)], "id int, z double")
    again = joined.join(third, joined.id == third.id, "left")
    assert again.columns == ["id", "x", "y", "id", "z"]
    assert _rows(again) == [(1, "a", None, None, None), (2, "b", "c", 2, 7.0), (3, None, "d", 3, 8.0)]


def test_a_filter_or_sort_reads_a_column_the_select_left_out(sides) -> None:  # type: ignore[no-untyped-def]
    left, _ = sides
    assert _rows(left.select("x").where(left.id > 1)) == [("b",)]
    assert [tuple(r) for r in left.select("x").orderBy(left.id.desc()).collect()] == [("b",), ("a",)]
