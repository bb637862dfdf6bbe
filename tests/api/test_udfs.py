"""Python UDFs: ``udf``, ``pandas_udf``, ``spark.udf.register``, and how their errors surface."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pandas as pd
import pytest
from apihelpers import sorted_tuples, tuples

from engine import Row
from engine import functions as F
from engine import types as T
from engine.errors import PySparkTypeError, PythonException


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame([(1, "a"), (2, None), (3, "c")], ["x", "s"])


def test_udf_as_decorator_defaults_to_string_and_names_the_column_after_the_function(df):
    @F.udf
    def shout(v):
        return f"{v}!"

    out = df.select(shout("x"), shout(F.col("s")))
    assert out.columns == ["shout(x)", "shout(s)"]
    assert out.dtypes == [("shout(x)", "string"), ("shout(s)", "string")]
    assert tuples(out) == [("1!", "a!"), ("2!", "None!"), ("3!", "c!")]  # null arrives as None


def test_udf_with_a_return_type_as_datatype_or_ddl(df):
    plus = F.udf(lambda v: v + 1, T.LongType())
    pair = F.udf(lambda v: [v, v * 10], "array<int>")
    out = df.select(plus("x"), pair("x").alias("p"))
    assert out.columns == ["<lambda>(x)", "p"]
    assert out.schema["p"].dataType == T.ArrayType(T.IntegerType())
    assert tuples(out) == [(2, [1, 10]), (3, [2, 20]), (4, [3, 30])]


def test_udf_decorator_with_a_return_type_argument(df):
    @F.udf(returnType="int")
    def double(v):
        return v * 2

    @F.udf("double")
    def half(v):
        return v / 2

    assert tuples(df.select(double("x"), half("x"))) == [(2, 0.5), (4, 1.0), (6, 1.5)]


def test_udf_results_are_coerced_to_the_declared_type(df):
    assert tuples(df.select(F.udf(lambda v: 7, "double")("x"))) == [(7.0,)] * 3
    assert tuples(df.select(F.udf(lambda v: v, "string")("x"))) == [("1",), ("2",), ("3",)]
    assert tuples(df.select(F.udf(lambda v: None, "int")("x"))) == [(None,)] * 3


def test_udf_decimal_results_are_rounded_half_up_to_the_declared_scale(df):
    # PySpark 4.3: Decimal(1) / 3 returned as decimal(10,4) is 0.3333, Decimal(2) / 3 is 0.6667
    third = F.udf(lambda v: Decimal(v) / 3, T.DecimalType(10, 4))
    out = df.select(third("x").alias("d"))
    assert out.schema.simpleString() == "struct<d:decimal(10,4)>"
    assert tuples(out) == [(Decimal("0.3333"),), (Decimal("0.6667"),), (Decimal("1.0000"),)]
    wide = F.udf(lambda v: Decimal("12345678901234567890.1234567890123456789"), T.DecimalType(38, 18))
    assert tuples(df.limit(1).select(wide("x"))) == [(Decimal("12345678901234567890.123456789012345679"),)]


def test_udf_struct_and_map_results_and_inputs(df):
    make = F.udf(lambda v: {"a": v, "b": [v]}, "struct<a:int,b:array<int>>")
    out = df.select(make("x").alias("st"))
    assert tuples(out)[0] == (Row(a=1, b=[1]),)
    field_sum = F.udf(lambda st: st.a + sum(st.b), "int")
    assert tuples(out.select(field_sum("st"))) == [(2,), (4,), (6,)]
    as_map = F.udf(lambda v: {"k": v}, "map<string,int>")
    assert tuples(df.select(as_map("x")))[0] == ({"k": 1},)


def test_udf_of_several_columns(df):
    join = F.udf(lambda a, b: f"{a}-{b}")
    assert tuples(df.select(join("x", "s"))) == [("1-a",), ("2-None",), ("3-c",)]
    assert df.select(join("x", "s")).columns == ["<lambda>(x, s)"]


def test_udf_in_filter_and_group_by(spark):
    is_even = F.udf(lambda v: v % 2 == 0, "boolean")
    df = spark.range(0, 100, numPartitions=7)
    assert df.filter(is_even("id")).count() == 50
    parity = F.udf(lambda v: "even" if v % 2 == 0 else "odd")
    assert sorted_tuples(df.groupBy(parity("id").alias("p")).count()) == [("even", 50), ("odd", 50)]


def test_udf_exception_is_a_python_exception_naming_the_error(df):
    def boom(v):
        return 1 / 0

    with pytest.raises(PythonException, match="ZeroDivisionError: division by zero") as info:
        df.select(F.udf(boom, "double")("x")).collect()
    assert "An exception was thrown from the Python worker" in str(info.value)
    assert "in boom" in str(info.value)  # the user's frame is in the traceback


def test_udf_exception_keeps_the_original_as_cause(df):
    with pytest.raises(PythonException) as info:
        df.select(F.udf(lambda v: 1 / 0, "double")("x")).collect()
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_udf_result_that_cannot_convert_is_a_python_exception(df):
    with pytest.raises(PythonException):
        df.select(F.udf(lambda v: "not a number", "int")("x")).collect()


def test_udf_return_type_must_be_a_type(df):
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        F.udf(lambda v: v, 5)


def test_udf_attributes_and_as_nondeterministic():
    f = F.udf(lambda v: v, T.IntegerType())
    assert f.returnType == T.IntegerType()
    assert f.deterministic is True
    assert f.__name__ == "<lambda>"
    g = f.asNondeterministic()
    assert g.deterministic is False and g.returnType == T.IntegerType()


def test_pandas_udf_series_to_series(df):
    @F.pandas_udf("long")
    def times_two(s: pd.Series) -> pd.Series:
        return s * 2

    out = df.select(times_two("x"))
    assert out.columns == ["times_two(x)"]
    assert tuples(out) == [(2,), (4,), (6,)]


def test_pandas_udf_iterator_of_series(df):
    @F.pandas_udf("long")
    def plus_one(batches: Iterator[pd.Series]) -> Iterator[pd.Series]:
        for s in batches:
            yield s + 1

    assert tuples(df.select(plus_one("x"))) == [(2,), (3,), (4,)]


def test_pandas_udf_with_function_type_argument(df):
    add = F.pandas_udf(lambda a, b: a + b, "long", F.PandasUDFType.SCALAR)
    assert tuples(df.select(add("x", "x"))) == [(2,), (4,), (6,)]


def test_pandas_udf_without_type_hints_is_a_scalar_udf(df):
    # PySpark 4.3: a lambda (no annotations, no functionType) is a Series -> Series UDF
    doubled = F.pandas_udf(lambda s: s * 2, "long")
    out = df.select(doubled("x").alias("d"))
    assert out.schema.simpleString() == "struct<d:bigint>"
    assert tuples(out) == [(2,), (4,), (6,)]


def test_pandas_udf_over_many_partitions(spark):
    @F.pandas_udf("double")
    def halve(s: pd.Series) -> pd.Series:
        return s / 2

    df = spark.range(0, 1000, numPartitions=50)
    assert sum(r[0] for r in df.select(halve("id")).collect()) == sum(range(1000)) / 2


def test_pandas_udf_of_the_wrong_length_is_an_error(df):
    @F.pandas_udf("long")
    def shorter(s: pd.Series) -> pd.Series:
        return s.iloc[:1]

    with pytest.raises(PythonException, match="RESULT_LENGTH_MISMATCH_FOR_PANDAS_UDF"):
        df.select(shorter("x")).collect()


def test_grouped_aggregate_pandas_udf(spark):
    @F.pandas_udf("double")
    def mean_udf(v: pd.Series) -> float:
        return float(v.mean())

    df = spark.createDataFrame([(1, 1.0), (1, 2.0), (2, 3.0), (2, 5.0), (2, 10.0)], ("id", "v"))
    out = df.groupBy("id").agg(mean_udf("v"))
    assert out.columns == ["id", "mean_udf(v)"]
    assert sorted_tuples(out) == [(1, 1.5), (2, 6.0)]


def test_registered_udf_is_callable_from_sql(spark, df):
    twice = spark.udf.register("twice_api_test", lambda v: v * 2, "int")
    df.createOrReplaceTempView("udf_api_t")
    out = spark.sql("SELECT twice_api_test(x), TWICE_API_TEST(x) AS y FROM udf_api_t")
    assert out.columns == ["twice_api_test(x)", "y"]
    assert tuples(out) == [(2, 2), (4, 4), (6, 6)]
    assert tuples(df.select(twice("x"))) == [(2,), (4,), (6,)]  # the returned UDF works in the API too


def test_registering_a_udf_object_keeps_its_type(spark, df):
    @F.pandas_udf("long")
    def neg(s: pd.Series) -> pd.Series:
        return -s

    spark.udf.register("neg_api_test", neg)
    df.createOrReplaceTempView("udf_api_t2")
    assert tuples(spark.sql("SELECT neg_api_test(x) FROM udf_api_t2")) == [(-1,), (-2,), (-3,)]
    with pytest.raises(PySparkTypeError, match="CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF"):
        spark.udf.register("neg2_api_test", neg, "int")


def test_udf_without_arguments_runs_once_per_row(df):
    assert tuples(df.select(F.udf(lambda: 5, "int")())) == [(5,), (5,), (5,)]
