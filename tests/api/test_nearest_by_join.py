"""``df.nearestByJoin`` (PySpark 4.2): each left row with its best-ranked right rows (expected rows
and errors from PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture
def sides(spark):
    points = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0)], ["pid", "x"])
    sites = spark.createDataFrame([("A", 11.0), ("B", 22.0), ("C", 5.0), ("D", None)], ["site", "y"])
    return points, sites


def test_similarity_keeps_the_largest_ranking_per_left_row(sides):
    points, sites = sides
    out = points.nearestByJoin(sites, -F.abs(points.x - sites.y), 1, "exact", "similarity")
    assert out.columns == ["pid", "x", "site", "y"]
    assert sorted((r.pid, r.site) for r in out.collect()) == [(1, "A"), (2, "B"), (3, "B")]


def test_distance_keeps_the_smallest_and_never_matches_a_null_ranking(sides):
    points, sites = sides
    two = points.nearestByJoin(sites, F.abs(points.x - sites.y), 2, "approx", "distance")
    assert sorted((r.pid, r.site) for r in two.collect()) == [
        (1, "A"),
        (1, "C"),
        (2, "A"),
        (2, "B"),
        (3, "A"),
        (3, "B"),
    ]
    four = points.nearestByJoin(sites, F.abs(points.x - sites.y), 4, "exact", "distance")
    assert sorted({r.site for r in four.collect()}) == ["A", "B", "C"]  # D's ranking is null


def test_left_outer_keeps_unmatched_left_rows_with_nulls(sides):
    points, sites = sides
    none = sites.limit(0)
    out = points.nearestByJoin(
        none, -F.abs(points.x - none.y), 1, "exact", "similarity", joinType="leftouter"
    )
    assert sorted(tuple(r) for r in out.collect()) == [
        (1, 10.0, None, None),
        (2, 20.0, None, None),
        (3, 30.0, None, None),
    ]
    assert points.nearestByJoin(none, -F.abs(points.x - none.y), 1, "exact", "similarity").count() == 0


@pytest.mark.parametrize(
    ("args", "error_class"),
    [
        ((1, "fast", "similarity", "inner"), "NEAREST_BY_JOIN.UNSUPPORTED_MODE"),
        ((1, "exact", "up", "inner"), "NEAREST_BY_JOIN.UNSUPPORTED_DIRECTION"),
        ((0, "exact", "similarity", "inner"), "NEAREST_BY_JOIN.NUM_RESULTS_OUT_OF_RANGE"),
        ((100001, "exact", "similarity", "inner"), "NEAREST_BY_JOIN.NUM_RESULTS_OUT_OF_RANGE"),
        ((1, "exact", "similarity", "right"), "NEAREST_BY_JOIN.UNSUPPORTED_JOIN_TYPE"),
    ],
)
def test_arguments_outside_their_sets_are_nearest_by_join_errors(sides, args, error_class):
    points, sites = sides
    n, mode, direction, how = args
    with pytest.raises(AnalysisException) as info:
        points.nearestByJoin(sites, F.abs(points.x - sites.y), n, mode, direction, joinType=how)
    assert info.value.getErrorClass() == error_class
    assert str(info.value).startswith(f"[{error_class}] Invalid nearest-by join.")
