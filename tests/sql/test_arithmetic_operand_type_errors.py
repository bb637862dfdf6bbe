"""Arithmetic on operands it does not take fails as Spark 4 fails it (classes and texts observed
in PySpark 4.3 runs): a string beside a binary, boolean, date or timestamp is read as that type,
so the operator sees two operands of one wrong type (BINARY_OP_WRONG_TYPE, naming the input
types the operator takes), not two different types (BINARY_OP_DIFF_TYPES)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    ("expr", "required", "actual"),
    [
        ("CAST(1 AS STRING) + CAST('1' AS BINARY)", '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")', "BINARY"),
        ("CAST(1 AS BOOLEAN) + CAST(1 AS STRING)", '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")', "BOOLEAN"),
        ("CAST(1 AS STRING) + TIMESTAMP'2017-12-11 09:30:00'", '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")', "TIMESTAMP"),
        ("TIMESTAMP'2017-12-11 09:30:00' + TIMESTAMP'2017-12-11 09:30:00'", '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")', "TIMESTAMP"),
        ("CAST(1 AS STRING) / DATE'2017-12-11'", '("DOUBLE" or "DECIMAL")', "DATE"),
        ("DATE'2017-12-11' / DATE'2017-12-11'", '("DOUBLE" or "DECIMAL")', "DATE"),
        ("CAST(1 AS STRING) / CAST(1 AS STRING)", '("DOUBLE" or "DECIMAL")', "STRING"),
        ("CAST(1 AS STRING) % CAST(1 AS BOOLEAN)", '"NUMERIC"', "BOOLEAN"),
        ("DATE'2017-12-11' % CAST(1 AS STRING)", '"NUMERIC"', "DATE"),
    ],
)
def test_one_wrong_type_on_both_sides(spark: engine.SparkSession, expr: str, required: str, actual: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT {expr}").collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE"
    assert f'the binary operator requires the input type {required}, not "{actual}"' in str(info.value)


@pytest.mark.parametrize(
    "expr",
    ["TIMESTAMP'2017-12-11 09:30:00' / DATE'2017-12-11'", "CAST(1 AS INT) / CAST('1' AS BINARY)"],
)
def test_two_different_types(spark: engine.SparkSession, expr: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT {expr}").collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"
