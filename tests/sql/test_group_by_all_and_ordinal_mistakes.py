"""GROUP BY ALL and GROUP BY ordinals with windows and aggregates, as PySpark 4 answers them:
a window over an aggregate call is no grouping key, a window that is one cannot be grouped by,
and an ordinal naming an aggregate is GROUP_BY_POS_AGGREGATE."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException

_T = "VALUES (1, 10L), (2, 20L), (2, 30L) AS t(i, l)"


def _error_class(spark: engine.SparkSession, query: str) -> str | None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    return info.value.getErrorClass()


def test_group_by_all_leaves_out_a_window_over_an_aggregate_call(spark: engine.SparkSession) -> None:
    q = "SELECT id % 2 AS k, sum(sum(id)) OVER (ORDER BY id % 2) AS s FROM range(4) GROUP BY ALL"
    assert sorted(tuple(r) for r in spark.sql(q).collect()) == [(0, 2), (1, 6)]
    assert (
        _error_class(spark, f"SELECT i, sum(l) OVER (PARTITION BY i) FROM {_T} GROUP BY ALL")
        == "MISSING_AGGREGATION"
    )


def test_group_by_all_over_a_ranking_window_is_unsupported(spark: engine.SparkSession) -> None:
    q = "SELECT id, row_number() OVER (ORDER BY id) FROM range(3) GROUP BY ALL"
    assert _error_class(spark, q) == "UNSUPPORTED_EXPR_FOR_OPERATOR"


def test_group_by_ordinal_of_an_aggregate(spark: engine.SparkSession) -> None:
    assert _error_class(spark, f"SELECT i, sum(l) FROM {_T} GROUP BY 2") == "GROUP_BY_POS_AGGREGATE"
    assert sorted(tuple(r) for r in spark.sql(f"SELECT i, sum(l) FROM {_T} GROUP BY 1").collect()) == [
        (1, 10),
        (2, 50),
    ]


def test_a_negative_group_by_ordinal_is_out_of_range(spark: engine.SparkSession) -> None:
    # PySpark 4.3: GROUP BY -1 is a position, not the constant -1
    assert _error_class(spark, f"SELECT i, l FROM {_T} GROUP BY -1") == "GROUP_BY_POS_OUT_OF_RANGE"


def test_a_group_by_ordinal_under_a_star_select_list_is_refused(spark: engine.SparkSession) -> None:
    assert _error_class(spark, f"SELECT * FROM {_T} GROUP BY i, l, 1") == "STAR_GROUP_BY_POS"
