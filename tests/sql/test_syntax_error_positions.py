"""Syntax errors point where Spark 4's parser points (observed on PySpark 4)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ParseException


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELEC 1", "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^\n"),
        (
            "selct id from t",
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selct'. SQLSTATE: 42601 (line 1, pos 0)\n\n"
            "== SQL ==\nselct id from t\n^^^\n",
        ),
        (
            "SELECT * FORM t",
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 't': extra input 't'. SQLSTATE: 42601 (line 1, pos 14)\n\n"
            "== SQL ==\nSELECT * FORM t\n--------------^^^\n",
        ),
        (
            "SELECT 1 1",
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '1': extra input '1'. SQLSTATE: 42601 (line 1, pos 9)\n\n"
            "== SQL ==\nSELECT 1 1\n---------^^^\n",
        ),
        (
            "SELECT (1",
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 9)\n\n"
            "== SQL ==\nSELECT (1\n---------^^^\n",
        ),
        (
            "SELECT 1 +",
            "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 10)\n\n"
            "== SQL ==\nSELECT 1 +\n----------^^^\n",
        ),
    ],
)
def test_syntax_error_names_sparks_token_and_position(spark: engine.SparkSession, query: str, expected: str) -> None:
    spark.range(3).createOrReplaceTempView("t")
    with pytest.raises(ParseException) as info:
        spark.sql(query).collect()
    assert str(info.value) == expected
    assert info.value.getSqlState() == "42601"


def test_an_expression_string_is_not_checked_for_a_statement_keyword(spark: engine.SparkSession) -> None:
    assert spark.range(1).selectExpr("id + 1 AS x").columns == ["x"]
