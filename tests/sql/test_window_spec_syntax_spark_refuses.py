"""Window function shapes Spark refuses, refused alike instead of answered: a window function as
a FROM relation or in a join condition, and a PARTITION BY list ending in a comma before ORDER
BY. (Error conditions from PySpark 4.3 runs.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import ParseException
from tests.sql.statements import condition, rows


@pytest.fixture
def d(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW d (two, four) AS VALUES (1, 2), (1, 3), (2, 2), (1, 2)")
    yield spark
    spark.catalog.dropTempView("d")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM rank() OVER (ORDER BY random())",
        "SELECT rank() OVER (PARTITION BY four, ORDER BY two) FROM d",
    ],
)
def test_syntax_errors(d: engine.SparkSession, query: str) -> None:
    with pytest.raises(ParseException) as e:
        d.sql(query)
    assert e.value.getCondition() == "PARSE_SYNTAX_ERROR"


def test_a_window_function_in_a_join_condition(d: engine.SparkSession) -> None:
    q = "SELECT * FROM d JOIN d e ON row_number() OVER (ORDER BY d.two) < 10"
    assert condition(d, q) == "UNSUPPORTED_EXPR_FOR_OPERATOR"


def test_a_partition_list_without_a_trailing_comma_still_works(d: engine.SparkSession) -> None:
    assert sorted(rows(d, "SELECT rank() OVER (PARTITION BY four, two ORDER BY two) FROM d")) == [(1,), (1,), (1,), (1,)]
