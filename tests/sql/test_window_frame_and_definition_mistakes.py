"""Window clauses Spark refuses: a frame that starts at UNBOUNDED FOLLOWING (engine read it as
UNBOUNDED PRECEDING and answered) and a WINDOW name defined twice (error classes and message
from PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException, ParseException

_T = "VALUES (1, 'a'), (2, 'a'), (3, 'b') AS t(v, c)"


def test_a_frame_starting_unbounded_following_is_refused(spark: engine.SparkSession) -> None:
    q = f"SELECT v, count(v) OVER (PARTITION BY c ROWS BETWEEN UNBOUNDED FOLLOWING AND 1 FOLLOWING) FROM {_T}"
    with pytest.raises(AnalysisException) as e:
        spark.sql(q)
    assert e.value.getCondition() == "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_INVALID_BOUND"
    assert (
        'Cannot resolve "ROWS BETWEEN UNBOUNDED FOLLOWING AND 1 FOLLOWING" due to data type mismatch: Window '
        'frame upper bound "1" does not follow the lower bound "UNBOUNDED FOLLOWING".'
    ) in str(e.value)


def test_unbounded_frames_that_spark_accepts_still_answer(spark: engine.SparkSession) -> None:
    q = f"SELECT v, count(v) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM {_T}"
    assert sorted(tuple(r) for r in spark.sql(q).collect()) == [(1, 3), (2, 3), (3, 3)]
    q = f"SELECT v, count(v) OVER (ORDER BY v ROWS CURRENT ROW) FROM {_T}"
    assert sorted(tuple(r) for r in spark.sql(q).collect()) == [(1, 1), (2, 1), (3, 1)]


def test_a_window_name_defined_twice_is_a_syntax_error(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as e:
        spark.sql(f"SELECT v, sum(v) OVER w FROM {_T} WINDOW w AS (ORDER BY v), w AS (ORDER BY c)")
    assert e.value.getCondition() == "INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION"


def test_a_rows_offset_beyond_int_is_a_bigint_spark_refuses(spark: engine.SparkSession) -> None:
    q = f"SELECT v, sum(v) OVER (ORDER BY v ROWS BETWEEN CURRENT ROW AND 2147483648 FOLLOWING) FROM {_T}"
    with pytest.raises(AnalysisException) as e:
        spark.sql(q)
    assert e.value.getCondition() == "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE"
    assert 'The data type of the upper bound "BIGINT" does not match the expected data type "INT".' in str(e.value)
    q = f"SELECT v, sum(v) OVER (ORDER BY v ROWS BETWEEN CURRENT ROW AND 2147483647 FOLLOWING) FROM {_T}"
    assert sorted(tuple(r) for r in spark.sql(q).collect()) == [(1, 6), (2, 5), (3, 3)]
