"""A pandas UDF declared DECIMAL(p, s) converts its result as PySpark does, with Arrow's safe
conversion: values that fit the scale come back as they are, a value with more fraction digits
fails the query (PythonException, PYTHON_EXCEPTION in PySpark 4.3) instead of being rounded."""

from __future__ import annotations

import decimal

import pandas as pd
import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import PythonException


@F.pandas_udf(T.DecimalType(10, 3))
def sevenths(s: pd.Series) -> pd.Series:
    return s.apply(lambda i: decimal.Decimal(int(i)) / 7)


@F.pandas_udf(T.DecimalType(10, 3))
def eighths(s: pd.Series) -> pd.Series:
    return s.apply(lambda i: decimal.Decimal(int(i)) / 8)


def test_a_value_beyond_the_declared_scale_fails(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,), (2,)], "id int")
    with pytest.raises(PythonException) as info:
        df.select(sevenths("id")).collect()
    assert info.value.getCondition() == "PYTHON_EXCEPTION"
    assert "data loss" in str(info.value)


def test_values_within_the_scale_come_back(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,), (2,)], "id int")
    assert sorted(r[0] for r in df.select(eighths("id")).collect()) == [decimal.Decimal("0.125"), decimal.Decimal("0.250")]
