"""A number literal of more than 38 digits is DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION when the
query is read, as in Spark 4 (observed in PySpark 4.3 runs); engine typed it decimal(38, 0) and
failed on collect with ArrowInvalid. Literals past bigint up to 38 digits stay decimals."""

from __future__ import annotations

import decimal

import pytest

import engine
from engine.errors import ArithmeticException


@pytest.mark.parametrize(
    ("text", "precision"),
    [("1234567890123456789012345678901234567890", 40), ("1234567890123456789012345678901234567890.0", 41)],
)
def test_more_than_38_digits(spark: engine.SparkSession, text: str, precision: int) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(f"SELECT {text}")
    assert info.value.getCondition() == "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION"
    assert str(info.value).startswith(
        f"[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {precision} exceeds max precision 38. SQLSTATE: 22003"
    )


def test_past_bigint_is_a_decimal(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 9223372036854775808, -9223372036854775809")
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["decimal(19,0)", "decimal(19,0)"]
    assert tuple(df.collect()[0]) == (decimal.Decimal("9223372036854775808"), decimal.Decimal("-9223372036854775809"))
