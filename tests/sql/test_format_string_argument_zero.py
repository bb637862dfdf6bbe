"""format_string / printf count arguments from 1: a constant format naming ``%0$`` is refused
at analysis (INVALID_PARAMETER_VALUE.ZERO_INDEX), as Spark refuses it, instead of reading the
last argument. (Error conditions and rows from PySpark 4.3 runs.)"""

from __future__ import annotations

import pytest

import engine
from tests.sql.statements import condition, rows


@pytest.mark.parametrize("query", ["SELECT format_string('%0$s', 'Hello')", "SELECT printf('a %0$s b', 1)"])
def test_argument_zero_is_refused(spark: engine.SparkSession, query: str) -> None:
    assert condition(spark, query) == "INVALID_PARAMETER_VALUE.ZERO_INDEX"


def test_positional_arguments_count_from_one(spark: engine.SparkSession) -> None:
    assert rows(spark, "SELECT format_string('%1$s %3$s', 1, 2, 3)") == [("1 3",)]
    assert rows(spark, "SELECT format_string('100%% %1$s', 'sure')") == [("100% sure",)]
