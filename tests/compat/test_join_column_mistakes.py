"""Mistakes with column names after a join fail as PySpark 4 fails them: sorting by a name
both sides have is an unknown column (Spark's Sort leaves it unresolved), suggestions tie-break
alphabetically, a bad USING column lists the side's columns sorted, and a column of another
DataFrame is MISSING_FROM_INPUT unless a column of that name is there."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture
def sides(spark: engine.SparkSession) -> tuple[engine.DataFrame, engine.DataFrame]:
    left = spark.createDataFrame([(1, "a", 10), (2, "b", 20)], ["id", "name", "v"])
    right = spark.createDataFrame([(1, "x", 100), (3, "y", 300)], ["id", "code", "v"])
    return left, right


def _error(build) -> AnalysisException:  # type: ignore[no-untyped-def]
    with pytest.raises(AnalysisException) as info:
        build()
    return info.value


def test_sorting_by_a_name_both_sides_have_is_an_unknown_column(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    joined = left.join(right, left.id == right.id)
    for build in (
        lambda: joined.orderBy("id"),
        lambda: joined.orderBy(F.desc("id")),
        lambda: joined.orderBy(F.col("id") + 1),
        lambda: joined.sortWithinPartitions("id"),
    ):
        err = _error(build)
        assert err.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
        assert err.getMessageParameters() == {
            "objectName": "`id`",
            "proposal": "`id`, `id`, `v`, `v`, `code`",
        }
    err = _error(lambda: left.join(right, ["id"]).orderBy("v"))
    assert err.getMessageParameters() == {"objectName": "`v`", "proposal": "`v`, `v`, `id`, `code`, `name`"}
    err = _error(lambda: joined.select(left.id, right.id).orderBy("id"))
    assert err.getMessageParameters() == {"objectName": "`id`", "proposal": "`id`, `id`"}


def test_selecting_or_filtering_by_that_name_stays_ambiguous(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    assert _error(lambda: left.join(right, ["id"]).select("v")).getCondition() == "AMBIGUOUS_REFERENCE"
    assert [tuple(r) for r in left.join(right, ["id"], "left").orderBy("id").collect()] == [
        (1, "a", 10, "x", 100),
        (2, "b", 20, None, None),
    ]


def test_suggestions_at_the_same_distance_are_in_alphabetical_order(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a", 1, 2.5)], ["k", "i", "d"])
    assert _error(lambda: df.select("zz")).getMessageParameters() == {
        "objectName": "`zz`",
        "proposal": "`d`, `i`, `k`",
    }


def test_unknown_using_column_lists_that_sides_columns_sorted(sides, spark: engine.SparkSession) -> None:  # type: ignore[no-untyped-def]
    left, _ = sides
    other = spark.createDataFrame([(1, "x", 100)], ["zeta", "alpha", "name2"])
    err = _error(lambda: left.join(other, "name"))
    assert err.getCondition() == "UNRESOLVED_USING_COLUMN_FOR_JOIN"
    assert "The right-side columns: [`alpha`, `name2`, `zeta`]." in str(err)
    assert "The left-side columns: [`alpha`, `name2`, `zeta`]." in str(
        _error(lambda: other.join(left, "name"))
    )


def test_a_column_the_input_lacks_is_missing_from_input(sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides
    semi = left.join(right, left.id == right.id, "left_semi")
    assert _error(lambda: semi.select(right.code)).getCondition() == (
        "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_MISSING_FROM_INPUT"
    )
    assert _error(lambda: semi.orderBy(right.code)).getCondition() == (
        "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_MISSING_FROM_INPUT"
    )
