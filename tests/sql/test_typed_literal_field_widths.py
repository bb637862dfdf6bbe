"""A DATE / TIMESTAMP literal whose year has fewer than 4 digits, or whose month, day or time
field has more than 2, is INVALID_TYPED_LITERAL when the query is read, as Spark (observed in
PySpark 4.3 runs); engine let the cast fail at run time with CAST_INVALID_INPUT."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ParseException


@pytest.mark.parametrize(
    ("literal", "kind", "text"),
    [
        ("DATE'015'", "DATE", "015"),
        ("DATE'2021-4294967297-11'", "DATE", "2021-4294967297-11"),
        ("TIMESTAMP'2021-01-01T12:30:4294967297.123456'", "TIMESTAMP", "2021-01-01T12:30:4294967297.123456"),
    ],
)
def test_field_widths(spark: engine.SparkSession, literal: str, kind: str, text: str) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql(f"SELECT {literal}")
    assert info.value.getMessage().startswith(
        f"[INVALID_TYPED_LITERAL] The value of the typed literal \"{kind}\" is invalid: '{text}'. SQLSTATE: 42604"
    )
