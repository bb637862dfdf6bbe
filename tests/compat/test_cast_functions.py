"""Spark's cast functions (``int(x)``, ``double(x)``, ``string(x)``, ``decimal(x)``, ...) in SQL and
``expr``, as in PySpark 4: each is ``CAST(x AS type)`` with the column named after its argument;
engine raised UNRESOLVED_ROUTINE for all of them."""

from __future__ import annotations

import datetime
import decimal
import math

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException


def test_cast_functions_cast_and_keep_the_arguments_name(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "select int('5'), bigint('6') b, string(1) c, boolean('true') d, float('1.5') e, date('2024-01-01') f, "
        "timestamp('2024-01-01 00:00:00') g, decimal('1.5') h, smallint('1') i, tinyint('1') j, binary('a') k, "
        "double('NaN') x"
    )
    assert df.columns == ["5", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "x"]
    assert [f.dataType for f in df.schema.fields] == [
        T.IntegerType(), T.LongType(), T.StringType(), T.BooleanType(), T.FloatType(), T.DateType(),
        T.TimestampType(), T.DecimalType(10, 0), T.ShortType(), T.ByteType(), T.BinaryType(), T.DoubleType(),
    ]  # fmt: skip
    row = df.collect()[0]
    assert tuple(row)[:-1] == (
        5, 6, "1", True, 1.5, datetime.date(2024, 1, 1), datetime.datetime(2024, 1, 1),
        decimal.Decimal("2"), 1, 1, b"a",
    )  # fmt: skip
    assert math.isnan(row.x)


def test_cast_functions_in_expressions(spark: engine.SparkSession) -> None:
    df = spark.range(2).selectExpr("double(id)", "string(id + 1)", "int(id) + 1", "upper(string(id))")
    assert df.columns == ["id", "(id + 1)", "(id + 1)", "upper(id)"]
    assert [tuple(r) for r in df.collect()] == [(0.0, "1", 1, "0"), (1.0, "2", 2, "1")]
    assert spark.range(2).select(F.expr("float(id) / 2").alias("h")).collect()[1].h == 0.5


def test_cast_function_mistakes(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as caught:
        spark.sql("select int(1, 2)").collect()
    assert caught.value.getCondition() == "WRONG_NUM_ARGS.WITHOUT_SUGGESTION"
    with pytest.raises(Exception) as bad:
        spark.sql("select int('x')").collect()
    assert "CAST_INVALID_INPUT" in str(bad.value)
