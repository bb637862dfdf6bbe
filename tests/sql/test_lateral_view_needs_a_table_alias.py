"""``LATERAL VIEW explode(xs)`` without a table alias is a syntax error in Spark's grammar
(``tblName=identifier`` is required); with ``t``, ``t AS x`` or ``AS x`` it reads as Spark reads it."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ParseException


def test_lateral_view_without_alias_is_a_syntax_error(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as err:
        spark.sql("SELECT * FROM VALUES (1) AS t(a) LATERAL VIEW explode(array(1,2))")
    assert err.value.error_class == "PARSE_SYNTAX_ERROR"
    assert "Syntax error at or near end of input" in str(err.value)
    assert "(line 1, pos 65)" in str(err.value)


def test_lateral_view_aliases(spark: engine.SparkSession) -> None:
    base = "SELECT * FROM VALUES (1) AS t(a) LATERAL VIEW "
    assert spark.sql(base + "explode(array(1, 2)) x").columns == ["a", "col"]
    assert spark.sql(base + "OUTER explode(array(1, 2)) AS y").columns == ["a", "y"]
    df = spark.sql(base + "posexplode(array(1, 2)) p AS i, v")
    assert df.columns == ["a", "i", "v"]
    assert [tuple(r) for r in df.collect()] == [(1, 0, 1), (1, 1, 2)]
