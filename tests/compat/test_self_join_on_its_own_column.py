"""``df.join(df, df.id == df.id)`` joins the two sides on id in PySpark 4 (Spark reads a column
equal to itself across a self-join as left.id = right.id); other self-join references stay
ambiguous, with Spark's legacy error class (observed on PySpark 4)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def test_self_join_on_a_column_equal_to_itself(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([(1, "x", 10), (2, "y", 20), (3, None, 30)], ["id", "k", "v"])
    joined = a.join(a, a.id == a.id)
    assert joined.columns == ["id", "k", "v", "id", "k", "v"]
    assert sorted(tuple(r) for r in joined.collect()) == [
        (1, "x", 10, 1, "x", 10),
        (2, "y", 20, 2, "y", 20),
        (3, None, 30, 3, None, 30),
    ]
    null_safe = a.join(a, (a.id == a.id) & a.k.eqNullSafe(a.k), "left")
    assert sorted(tuple(r) for r in null_safe.collect()) == [
        (1, "x", 10, 1, "x", 10),
        (2, "y", 20, 2, "y", 20),
        (3, None, 30, 3, None, 30),
    ]


def test_other_self_join_conditions_stay_ambiguous(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([(1, "x")], ["id", "k"])
    with pytest.raises(AnalysisException, match=r"^Column id#\d+, id#\d+ are ambiguous") as info:
        a.join(a, a.id > a.id).collect()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1182"


def test_unknown_join_type_lists_sparks_spellings(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([(1,)], ["id"])
    with pytest.raises(AnalysisException) as info:
        a.join(a.select("id"), "id", "sideways").collect()
    assert str(info.value) == (
        "[UNSUPPORTED_JOIN_TYPE] Unsupported join type 'sideways'. Supported join types include: 'inner', "
        "'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', "
        "'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000"
    )
