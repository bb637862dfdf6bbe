"""repr(Column) is PySpark 4.3's ColumnNode text: operators as calls of their symbol, literals as
SQL writes them, no parentheses of infix SQL. Expected strings observed in PySpark 4.3."""

from __future__ import annotations

import pytest

from engine import functions as F


@pytest.mark.parametrize(
    "column,expected",
    [
        (lambda: F.col("a"), "Column<'a'>"),
        (lambda: F.col("a.b"), "Column<'a.b'>"),
        (lambda: F.col("a") + 1, "Column<'+(a, 1)'>"),
        (lambda: F.col("a") == 1, "Column<'=(a, 1)'>"),
        (lambda: F.col("a") != 1, "Column<'!(=(a, 1))'>"),
        (lambda: ~F.col("a"), "Column<'!(a)'>"),
        (lambda: -F.col("a"), "Column<'negative(a)'>"),
        (lambda: (F.col("a") > 1) & F.col("b").isNull(), "Column<'and(>(a, 1), isNull(b))'>"),
        (lambda: F.col("a").between(1, 2), "Column<'and(>=(a, 1), <=(a, 2))'>"),
        (lambda: F.col("a").alias("x"), "Column<'a AS x'>"),
        (lambda: F.col("a").cast("int"), "Column<'CAST(a AS INT)'>"),
        (lambda: F.col("a").try_cast("int"), "Column<'TRY_CAST(a AS INT)'>"),
        (lambda: F.lit("s"), "Column<''s''>"),
        (lambda: F.lit(1.5), "Column<'1.5'>"),
        (lambda: F.lit(None), "Column<'NULL'>"),
        (lambda: F.lit(True), "Column<'true'>"),
        (lambda: F.col("a").isin(1, 2), "Column<'in(a, 1, 2)'>"),
        (lambda: F.col("a").desc(), "Column<'a DESC NULLS LAST'>"),
        (lambda: F.col("a").asc_nulls_last(), "Column<'a ASC NULLS LAST'>"),
        (lambda: F.when(F.col("a") > 1, 2).otherwise(3), "Column<'CASE WHEN >(a, 1) THEN 2 ELSE 3 END'>"),
        (lambda: F.col("a")["k"], "Column<'a['k']'>"),
        (lambda: F.col("a").getField("f"), "Column<'a['f']'>"),
        (lambda: F.col("a").eqNullSafe(1), "Column<'<=>(a, 1)'>"),
        (lambda: F.col("a").like("x%"), "Column<'like(a, 'x%')'>"),
        (lambda: F.col("a").substr(1, 2), "Column<'substr(a, 1, 2)'>"),
        (lambda: F.col("a").bitwiseAND(1), "Column<'&(a, 1)'>"),
        (lambda: F.sum("a"), "Column<'sum(a)'>"),
        (lambda: F.count("*"), "Column<'count(*)'>"),
        (lambda: F.upper("a"), "Column<'upper(a)'>"),
    ],
)
def test_repr_matches_pyspark(column, expected: str) -> None:  # noqa: ANN001
    assert repr(column()) == expected
