"""date_add / date_sub / dateadd take the day count as INT, SMALLINT, TINYINT or text only, as
Spark 4 does: a BIGINT, decimal, double or boolean is DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE
(engine narrowed them silently), and so is a start that cannot be a DATE. Answers observed
in PySpark runs."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.errors import AnalysisException


def test_accepted_day_counts(spark: engine.SparkSession) -> None:
    q = (
        "SELECT date_add(DATE'2020-01-31', 1), date_add(DATE'2020-01-31', CAST(1 AS SMALLINT)), "
        "date_add(DATE'2020-01-31', '2'), date_sub('2020-01-01', 3Y), date_add(TIMESTAMP'2020-01-01 10:00:00', 1)"
    )
    assert tuple(spark.sql(q).collect()[0]) == (
        dt.date(2020, 2, 1),
        dt.date(2020, 2, 1),
        dt.date(2020, 2, 2),
        dt.date(2019, 12, 29),
        dt.date(2020, 1, 2),
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT date_add(DATE'2020-01-31', 1L)",
            "Cannot resolve \"date_add(DATE '2020-01-31', 1)\" due to data type mismatch: The second parameter "
            'requires the ("INT" or "SMALLINT" or "TINYINT") type, however "1" has the type "BIGINT".',
        ),
        (
            "SELECT dateadd(DATE'2020-01-31', 1L)",
            "Cannot resolve \"date_add(DATE '2020-01-31', 1)\" due to data type mismatch: The second parameter "
            'requires the ("INT" or "SMALLINT" or "TINYINT") type, however "1" has the type "BIGINT".',
        ),
        (
            "SELECT date_sub(DATE'2020-01-31', 1.5D)",
            "Cannot resolve \"date_sub(DATE '2020-01-31', 1.5)\" due to data type mismatch: The second parameter "
            'requires the ("INT" or "SMALLINT" or "TINYINT") type, however "1.5" has the type "DOUBLE".',
        ),
        (
            "SELECT date_add(1, 1)",
            'Cannot resolve "date_add(1, 1)" due to data type mismatch: The first parameter requires the "DATE" '
            'type, however "1" has the type "INT".',
        ),
    ],
)
def test_rejected_types(spark: engine.SparkSession, query: str, message: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert info.value.getSqlState() == "42K09"
    assert message in str(info.value)
