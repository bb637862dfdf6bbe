"""PySpark 4 answers for small ETL programs: number formatting, cleanup, null handling (observed on Spark 4)."""

from __future__ import annotations

import pandas as pd
import pytest

import engine
from engine import Window
from engine import functions as F
from engine.errors import AnalysisException, PythonException


def test_format_number_prints_nan_infinity_and_negative_zero_like_java(spark: engine.SparkSession) -> None:
    values = [1e20, 1e30, float("nan"), float("inf"), float("-inf"), -0.0, -0.001, -1234.567, None]
    df = spark.createDataFrame([(v,) for v in values], "d double")
    assert [r[0] for r in df.select(F.format_number("d", 2)).collect()] == [
        "100,000,000,000,000,000,000.00",
        "1,000,000,000,000,000,000,000,000,000,000.00",
        "NaN",
        "∞",
        "-∞",
        "-0.00",
        "-0.00",
        "-1,234.57",
        None,
    ]


def test_an_error_in_a_udf_is_a_python_exception_with_its_condition(spark: engine.SparkSession) -> None:
    crash = F.udf(lambda x: 1 // x, "int")
    df = spark.createDataFrame([(0,)], ["x"])
    with pytest.raises(PythonException) as info:
        df.select(crash("x")).collect()
    assert info.value.getCondition() == "PYTHON_EXCEPTION"
    assert str(info.value).startswith("An exception was thrown from the Python worker:\nTraceback")
    assert "ZeroDivisionError: integer division or modulo by zero" in str(info.value)


def test_aggregate_over_bigints_with_an_int_start_is_a_type_error(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2, 3],)], ["a"])
    with pytest.raises(AnalysisException, match='The third parameter requires the "INT" type') as info:
        df.select(F.aggregate("a", F.lit(0), lambda acc, x: acc + x)).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    total = df.select(F.aggregate("a", F.lit(0).cast("long"), lambda acc, x: acc + x).alias("t"))
    assert total.collect() == [engine.Row(t=6)]


def test_max_of_a_struct_picks_the_top_row_per_group(spark: engine.SparkSession) -> None:
    sales = spark.createDataFrame(
        [("east", "A", 25.0), ("east", "B", 30.0), ("west", "A", 17.5), ("west", "C", None), ("east", "C", 30.0)],
        ["region", "sku", "revenue"],
    )
    out = sales.groupBy("region").agg(
        F.max(F.struct("revenue", "sku")).alias("top"), F.min(F.struct("revenue", "sku")).alias("low")
    )
    assert out.schema.simpleString() == (
        "struct<region:string,top:struct<revenue:double,sku:string>,low:struct<revenue:double,sku:string>>"
    )
    assert sorted(tuple(r) for r in out.collect()) == [
        ("east", (30.0, "C"), (25.0, "A")),
        ("west", (17.5, "A"), (None, "C")),
    ]


def test_array_max_of_structs_orders_field_by_field(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, [(3, "c"), (1, "a"), (2, None)])], "id int, arr array<struct<k:int,v:string>>")
    out = df.select(F.array_max("arr").alias("mx"), F.array_min("arr").alias("mn"), F.sort_array("arr").alias("s"))
    assert out.schema.simpleString() == (
        "struct<mx:struct<k:int,v:string>,mn:struct<k:int,v:string>,s:array<struct<k:int,v:string>>>"
    )
    row = out.first()
    assert (tuple(row.mx), tuple(row.mn)) == ((3, "c"), (1, "a"))
    assert [tuple(x) for x in row.s] == [(1, "a"), (2, None), (3, "c")]


def test_trim_characters_argument_is_a_column_name(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("xxhixx", "x")], ["s", "chars"])
    out = df.select(F.trim("s", "chars").alias("t"), F.ltrim("s", F.lit("x")).alias("l"), F.rtrim("s", "chars").alias("r"))
    assert tuple(out.first()) == ("hi", "hixx", "xxhi")
    with pytest.raises(AnalysisException) as info:
        df.select(F.trim("s", "y")).collect()
    assert info.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"


def test_show_escapes_newlines_and_tabs_so_rows_stay_on_one_line(spark: engine.SparkSession, capsys) -> None:  # type: ignore[no-untyped-def]
    df = spark.createDataFrame([("a\nb",), ("tab\there",), ("ñandú",), ("x" * 25,)], ["s"])
    df.show(truncate=10)
    assert capsys.readouterr().out == (
        "+----------+\n"
        "|         s|\n"
        "+----------+\n"
        "|      a\\nb|\n"
        "| tab\\there|\n"
        "|     ñandú|\n"
        "|xxxxxxx...|\n"
        "+----------+\n\n"
    )


def test_create_dataframe_names_the_fields_past_the_given_names(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2, "x")], ["a"])
    assert df.columns == ["a", "_2", "_3"]
    assert df.collect() == [engine.Row(a=1, _2=2, _3="x")]


def test_a_star_inside_a_function_call_stands_for_every_column(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a", 2.0)], ["i", "s", "f"])
    assert df.select(F.to_json(F.struct("*")).alias("j")).first().j == '{"i":1,"s":"a","f":2.0}'
    assert df.select(F.concat_ws("-", "*").alias("c")).first().c == "1-a-2.0"
    assert df.select(F.hash("*")).columns == ["hash(i, s, f)"]
    assert df.select(F.struct("*")).columns == ["struct(i, s, f)"]
    assert df.alias("t").select(F.struct("t.*").alias("x")).schema.simpleString() == (
        "struct<x:struct<i:bigint,s:string,f:double>>"
    )
    assert df.selectExpr("struct(*) as s").schema.simpleString() == "struct<s:struct<i:bigint,s:string,f:double>>"


def test_a_grouped_agg_pandas_udf_runs_over_a_window(spark: engine.SparkSession) -> None:
    @F.pandas_udf("double")  # type: ignore[misc]
    def mean_udf(v: pd.Series) -> float:
        return float(v.mean())

    df = spark.createDataFrame([("a", 1, 1.0), ("a", 2, 3.0), ("a", 3, 8.0), ("b", 1, 5.0)], ["g", "t", "v"])
    whole = Window.partitionBy("g")
    moving = Window.partitionBy("g").orderBy("t").rowsBetween(-1, 0)
    out = df.select("g", "t", mean_udf("v").over(whole).alias("m"), mean_udf("v").over(moving).alias("mv"))
    assert [tuple(r) for r in out.orderBy("g", "t").collect()] == [
        ("a", 1, 4.0, 1.0),
        ("a", 2, 4.0, 2.0),
        ("a", 3, 4.0, 5.5),
        ("b", 1, 5.0, 5.0),
    ]


def test_math_names_and_java_log2(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(10, -2.5)], ["a", "c"])
    out = df.select(F.log2("a"), F.rint("c"))
    assert out.columns == ["LOG2(a)", "rint(c)"]
    assert tuple(out.first()) == (3.3219280948873626, -2.0)


def test_to_json_can_keep_null_fields(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, None, [1.5, None])], "i int, s string, a array<double>")
    out = df.select(
        F.to_json(F.struct("i", "s", "a")).alias("dropped"),
        F.to_json(F.struct("i", "s"), {"ignoreNullFields": "false"}).alias("kept"),
    )
    assert tuple(out.first()) == ('{"i":1,"a":[1.5,null]}', '{"i":1,"s":null}')
