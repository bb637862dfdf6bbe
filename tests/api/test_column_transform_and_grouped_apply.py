"""``Column.transform`` and ``GroupedData.apply`` (GROUPED_MAP pandas UDFs), as PySpark 4.3 defines
them; expected values came from PySpark 4.3 (local[1])."""

from __future__ import annotations

import pandas as pd
import pytest

from engine import Row
from engine import functions as F
from engine.errors import PySparkTypeError


def test_transform_applies_column_functions_in_a_chain(spark):
    t = spark.createDataFrame([("  hello  ",), ("  world  ",)], ["text"])
    assert t.select(t.text.transform(F.trim).transform(F.upper).alias("result")).collect() == [
        Row(result="HELLO"), Row(result="WORLD")
    ]


def test_transform_with_lambdas_names_the_column_after_the_expression(spark):
    v = spark.createDataFrame([(10,), (20,), (30,)], ["value"])
    chained = v.value.transform(lambda c: c + 5).transform(lambda c: c * 2).transform(lambda c: c - 10)
    assert v.select(chained.alias("result")).collect() == [Row(result=20), Row(result=40), Row(result=60)]
    assert v.select(v.value.transform(lambda c: c + 5)).columns == ["(value + 5)"]


def test_transform_needs_a_callable(spark):
    v = spark.createDataFrame([(10,)], ["value"])
    with pytest.raises(TypeError, match="'int' object is not callable"):
        v.value.transform(5)


DATA = [(1, 1.0), (1, 2.0), (2, 3.0), (2, 5.0), (2, 10.0)]


@F.pandas_udf("id long, v double", F.PandasUDFType.GROUPED_MAP)
def normalize(pdf):
    v = pdf.v
    return pdf.assign(v=(v - v.mean()) / v.std())


@F.pandas_udf("id long, n long", F.PandasUDFType.GROUPED_MAP)
def count_rows(key, pdf):
    return pd.DataFrame({"id": [key[0]], "n": [len(pdf)]})


def test_grouped_map_pandas_udf_has_its_eval_type_and_schema():
    assert normalize.evalType == 201
    assert normalize.returnType.simpleString() == "struct<id:bigint,v:double>"


def test_apply_runs_a_grouped_map_pandas_udf_per_group_with_a_deprecation_warning(spark):
    df = spark.createDataFrame(DATA, ("id", "v"))
    with pytest.warns(UserWarning, match="It is preferred to use 'applyInPandas' over this API"):
        out = df.groupby("id").apply(normalize)
    assert out.columns == ["id", "v"]
    got = out.sort("id", "v").collect()
    assert [r.id for r in got] == [1, 1, 2, 2, 2]
    assert [r.v for r in got] == pytest.approx(
        [-0.7071067811865475, 0.7071067811865475, -0.8320502943378437, -0.2773500981126146, 1.1094003924504583]
    )


def test_apply_passes_the_group_key_to_two_argument_functions(spark):
    df = spark.createDataFrame(DATA, ("id", "v"))
    with pytest.warns(UserWarning):
        out = df.groupby("id").apply(count_rows)
    assert sorted(out.collect()) == [Row(id=1, n=2), Row(id=2, n=3)]


def test_apply_refuses_anything_but_a_grouped_map_pandas_udf(spark):
    df = spark.createDataFrame(DATA, ("id", "v"))

    @F.pandas_udf("double")
    def plus(s: pd.Series) -> pd.Series:
        return s + 1

    for bad in (plus, lambda pdf: pdf):
        with pytest.raises(PySparkTypeError, match=r"^\[INVALID_UDF_EVAL_TYPE\] Eval type for UDF must be "
                           r"SQL_GROUPED_MAP_PANDAS_UDF\.$"):
            df.groupby("id").apply(bad)


def test_a_grouped_map_pandas_udf_must_return_a_struct():
    with pytest.raises(PySparkTypeError, match=r"\[INVALID_RETURN_TYPE_FOR_PANDAS_UDF\] .* got DoubleType\(\)\."):
        F.pandas_udf(lambda pdf: pdf, "double", F.PandasUDFType.GROUPED_MAP)
