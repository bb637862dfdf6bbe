"""A column widened only to meet a constant of a wider type is compared with the constant
rounded into the column's own type: no cast per row, and a condition the scan can use on
row-group statistics. The rows kept are the same, on either side of every boundary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from engine.api.execution import optimized_plan
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.logical import nodes as L

PRICES = [Decimal(x) for x in ("-1.02", "-1.01", "-1.00", "-0.99", "0.00", "1.00", "1.01", "5003.68", "5003.69")]
COUNTS = [-3, -2, -1, 0, 1, 2, 3, 4, 2_147_483_647]


@pytest.fixture()
def view(spark: Any) -> None:
    rows = [(p, c, c % 100) for p, c in zip(PRICES, COUNTS)] + [(None, None, None)]
    spark.createDataFrame(rows, "price decimal(6,2), n int, b tinyint").createOrReplaceTempView("t")


def _casts_in_filters(spark: Any, query: str) -> int:
    plan = optimized_plan(spark, spark.sql(query)._plan)
    found = 0

    def visit(p: L.LogicalPlan) -> None:
        nonlocal found
        exprs = [p.condition] if isinstance(p, L.Filter) else list(getattr(p, "filters", ()))
        found += sum(isinstance(x, n.Cast) for e in exprs for x in tr.walk(e))
        for c in L.children(p):
            visit(c)

    visit(plan)
    return found


OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
}


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("constant", ["-1.005", "-1.01", "1.005", "5003.685765", "0"])
def test_a_wider_decimal_constant_keeps_the_same_rows(spark: Any, view: None, op: str, constant: str) -> None:
    query = f"SELECT price FROM t WHERE price {op} {constant}"
    expected = sorted(p for p in PRICES if OPS[op](p, Decimal(constant)))
    assert sorted(r[0] for r in spark.sql(query).collect()) == expected
    mirrored = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "="}[op]
    flipped = f"SELECT price FROM t WHERE {constant} {mirrored} price"
    assert sorted(r[0] for r in spark.sql(flipped).collect()) == expected


def test_the_cast_goes_where_the_comparison_is_exact(spark: Any, view: None) -> None:
    assert _casts_in_filters(spark, "SELECT price FROM t WHERE price > 5003.685765") == 0
    assert _casts_in_filters(spark, "SELECT n FROM t WHERE n > 2.5") == 0
    assert _casts_in_filters(spark, "SELECT n FROM t WHERE n >= CAST(2 AS BIGINT)") == 0


def test_an_equality_off_the_columns_step_or_a_constant_outside_its_range_keeps_the_cast(
    spark: Any, view: None
) -> None:
    assert _casts_in_filters(spark, "SELECT price FROM t WHERE price = 1.005") == 1
    assert spark.sql("SELECT price FROM t WHERE price = 1.005").collect() == []
    assert _casts_in_filters(spark, "SELECT n FROM t WHERE n < 3000000000") == 1
    assert spark.sql("SELECT count(*) FROM t WHERE n < 3000000000").collect()[0][0] == len(COUNTS)
    assert _casts_in_filters(spark, "SELECT b FROM t WHERE b > 300") == 1
    assert spark.sql("SELECT count(*) FROM t WHERE b > 300").collect()[0][0] == 0


@pytest.mark.parametrize(
    "condition, kept",
    [("n > 2.5", [3, 4, 2_147_483_647]), ("n <= -1.5", [-3, -2]), ("n >= -2.0", [-2, -1, 0, 1, 2, 3, 4, 2_147_483_647])],
)
def test_an_integer_against_a_fraction_keeps_the_same_rows(
    spark: Any, view: None, condition: str, kept: list[int]
) -> None:
    assert sorted(r[0] for r in spark.sql(f"SELECT n FROM t WHERE {condition}").collect()) == kept
