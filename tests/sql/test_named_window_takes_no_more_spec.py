"""``OVER (w ORDER BY y)`` is a syntax error in Spark's grammar (a named window is used as
``OVER w`` or ``OVER (w)``); the message and caret match PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ParseException


def test_named_window_with_more_spec_is_a_syntax_error(spark: engine.SparkSession) -> None:
    q = "SELECT sum(id) OVER (w ORDER BY id) FROM range(3) WINDOW w AS (PARTITION BY id)"
    with pytest.raises(ParseException) as info:
        spark.sql(q)
    assert info.value.getErrorClass() == "PARSE_SYNTAX_ERROR"
    assert "Syntax error at or near '('. SQLSTATE: 42601 (line 1, pos 20)" in str(info.value)


def test_named_window_in_parentheses_is_its_definition(spark: engine.SparkSession) -> None:
    q = "SELECT sum(id) OVER (w) AS s FROM range(3) WINDOW w AS (PARTITION BY id)"
    assert sorted(r.s for r in spark.sql(q).collect()) == [0, 1, 2]
