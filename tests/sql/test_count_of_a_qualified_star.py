"""``count(t.*)`` is Spark's INVALID_USAGE_OF_STAR_WITH_TABLE_IDENTIFIER_IN_COUNT (the engine
counted rows, as for ``count(*)``); with several arguments the star expands (message and rows
from PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException
from tests.sql.statements import rows

_T = "VALUES (1, 1), (1, 2), (null, 2), (1, null) AS t(a, b)"


def test_count_of_one_qualified_star_is_refused(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql(f"SELECT count(t.*) FROM {_T}")
    assert e.value.getCondition() == "INVALID_USAGE_OF_STAR_WITH_TABLE_IDENTIFIER_IN_COUNT"
    assert "count(`t`.*) is not allowed. Use count(*) or expand the columns manually" in str(e.value)


def test_count_of_stars_among_arguments_counts_rows_without_nulls(spark: engine.SparkSession) -> None:
    assert rows(spark, f"SELECT count(*) FROM {_T}") == [(4,)]
    assert rows(spark, f"SELECT count(t.*, t.*) FROM {_T}") == [(2,)]


def test_count_without_arguments_names_the_legacy_switch(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql(f"SELECT count() FROM {_T}")
    assert e.value.getCondition() == "WRONG_NUM_ARGS.WITH_SUGGESTION"
    assert '"spark.sql.legacy.allowParameterlessCount" to "true"' in str(e.value)
