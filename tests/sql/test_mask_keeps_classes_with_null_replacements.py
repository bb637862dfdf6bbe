"""mask() with a NULL replacement keeps that class of characters as it is, and the other class
never swallows them (PySpark 4.3: mask(c1, NULL, 'q', 'd', 'o') of 'AbCD123-@$#' is 'AqCDdddoooo')."""

from __future__ import annotations

import pytest

import engine


@pytest.mark.parametrize(
    "args,expected",
    [
        ("NULL, 'q', 'd', 'o'", "AqCDdddoooo"),
        ("'Q', NULL, 'd', 'o'", "QbQQdddoooo"),
        ("'Q', 'q', NULL, 'o'", "QqQQ123oooo"),
        ("'Q', 'q', 'd', NULL", "QqQQddd-@$#"),
    ],
)
def test_null_replacement_keeps_its_class(spark: engine.SparkSession, args: str, expected: str) -> None:
    row = spark.sql(f"SELECT mask(c1, {args}) FROM VALUES ('AbCD123-@$#') AS tab(c1)").collect()[0]
    assert row[0] == expected
