"""A RANGE frame's offset is added to the ORDER BY key in the key's own type, as Spark casts
the offset to it: a FLOAT key's bound is a float sum, an INT key truncates a decimal offset,
and a BIGINT bound past its range is ARITHMETIC_OVERFLOW, not a wrong frame or Arrow's error.
(Expected rows and error conditions from PySpark 4.3 runs.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import ArithmeticException, NumberFormatException
from tests.sql.statements import rows


@pytest.fixture
def nm(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW nm AS SELECT * FROM VALUES "
        "(1, CAST(-3 AS FLOAT), -3), (2, CAST(-1 AS FLOAT), -1), (3, CAST(0 AS FLOAT), 0), "
        "(4, CAST(1.1 AS FLOAT), 1), (5, CAST(1.12 AS FLOAT), 1), (6, CAST(2 AS FLOAT), 2) AS nm(id, f4, i)"
    )
    yield spark
    spark.catalog.dropTempView("nm")


def test_a_float_key_adds_the_offset_as_a_float(nm: engine.SparkSession) -> None:
    q = "SELECT id, first(id) OVER w, last(id) OVER w FROM nm WINDOW w AS (ORDER BY f4 RANGE BETWEEN 1 PRECEDING AND 1.1 FOLLOWING) ORDER BY id"
    # 0.0f + 1.1f reaches the row holding 1.1f (id 4)
    assert rows(nm, q) == [(1, 1, 1), (2, 2, 3), (3, 2, 4), (4, 4, 6), (5, 4, 6), (6, 4, 6)]


def test_an_int_key_truncates_a_decimal_offset(nm: engine.SparkSession) -> None:
    q = "SELECT id, first(id) OVER w, last(id) OVER w FROM nm WINDOW w AS (ORDER BY i RANGE BETWEEN 1.9 PRECEDING AND 0.5 FOLLOWING) ORDER BY id"
    assert rows(nm, q) == [(1, 1, 1), (2, 2, 2), (3, 2, 3), (4, 3, 5), (5, 3, 5), (6, 4, 6)]


def test_bigint_keys_near_the_top_of_the_range(spark: engine.SparkSession) -> None:
    q = "SELECT id, last(id) OVER (ORDER BY id RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM range(9223372036854775800, 9223372036854775803)"
    top = 9223372036854775802
    assert rows(spark, q) == [(9223372036854775800, top), (9223372036854775801, top), (top, top)]
    q = "SELECT x, last(x) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM (SELECT CAST(id AS INT) x FROM range(2147483644, 2147483647))"
    assert rows(spark, q) == [(2147483644, 2147483646), (2147483645, 2147483646), (2147483646, 2147483646)]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT id, last(id) OVER (ORDER BY id RANGE BETWEEN CURRENT ROW AND 4 FOLLOWING) FROM range(9223372036854775804, 9223372036854775807)",
        "SELECT id, last(id) OVER (ORDER BY id DESC RANGE BETWEEN CURRENT ROW AND 5 FOLLOWING) FROM range(-9223372036854775806, -9223372036854775805)",
    ],
)
def test_a_bigint_bound_past_the_range_overflows(spark: engine.SparkSession, query: str) -> None:
    with pytest.raises(ArithmeticException) as e:
        spark.sql(query).collect()
    assert e.value.getCondition() == "ARITHMETIC_OVERFLOW"


def test_a_string_offset_is_cast_to_the_key_type(nm: engine.SparkSession) -> None:
    q = "SELECT id, first(id) OVER w, last(id) OVER w FROM nm WINDOW w AS (ORDER BY f4 RANGE BETWEEN 'inf' PRECEDING AND 'inf' FOLLOWING) ORDER BY id"
    assert rows(nm, q) == [(i, 1, 6) for i in range(1, 7)]
    df = nm.sql("SELECT first(id) OVER (ORDER BY f4 RANGE BETWEEN 1.1 PRECEDING AND 'NaN' FOLLOWING) FROM nm ORDER BY id")
    assert df.columns == ["first(id) OVER (ORDER BY f4 ASC NULLS FIRST RANGE BETWEEN (- 1.1) FOLLOWING AND NaN FOLLOWING)"]
    assert [tuple(r) for r in df.collect()] == [(1,), (2,), (2,), (3,), (4,), (4,)]


def test_a_nan_offset_over_an_int_key_is_an_invalid_cast(nm: engine.SparkSession) -> None:
    q = "SELECT first(id) OVER (ORDER BY i RANGE BETWEEN 1.1 PRECEDING AND 'NaN' FOLLOWING) FROM nm"
    with pytest.raises(NumberFormatException) as e:
        nm.sql(q).collect()
    assert e.value.getCondition() == "CAST_INVALID_INPUT"
