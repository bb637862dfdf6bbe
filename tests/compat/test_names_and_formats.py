"""PySpark 4 column names, date_format patterns, explode aliases and star expansion (observed on Spark 4)."""

from __future__ import annotations

import datetime

import engine
from engine import functions as F


def test_column_names_of_common_calls(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "abcdef", 2.0)], ["a", "s", "d"])
    out = df.select(
        F.col("a") != 1, F.col("s").substr(1, 2), F.log("d"), F.regexp_replace("s", "a", "b"), F.substr("s", F.lit(2))
    )
    assert out.columns == [
        "(NOT (a = 1))",
        "substr(s, 1, 2)",
        "ln(d)",
        "regexp_replace(s, a, b, 1)",
        "substr(s, 2, 2147483647)",
    ]


def test_date_format_java_letters(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(datetime.datetime(2024, 3, 5, 14, 7, 9),)], ["ts"])
    patterns = ["dd MMM yyyy HH:mm", "EEEE", "E, d MMM yy hh:mm a", "yyyyMMddHHmmss", "D", "MMMM", "M/d/y H:m:s"]
    row = df.select(*[F.date_format("ts", p) for p in patterns]).first()
    assert list(row) == [
        "05 Mar 2024 14:07",
        "Tuesday",
        "Tue, 5 Mar 24 02:07 PM",
        "20240305140709",
        "65",
        "March",
        "3/5/2024 14:7:9",
    ]


def test_generator_with_several_aliases(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, {"a": 1}, [5, 6])], "id int, m map<string,int>, arr array<int>")
    out = df.select("id", F.explode_outer("m").alias("kk", "vv"))
    assert out.schema.simpleString() == "struct<id:int,kk:string,vv:int>"
    assert out.collect() == [engine.Row(id=1, kk="a", vv=1)]
    assert df.select(F.posexplode("arr").alias("p", "v")).columns == ["p", "v"]


def test_star_of_an_alias_and_of_a_struct(spark: engine.SparkSession) -> None:
    emp = spark.createDataFrame([(1, "boss", None), (2, "a", 1)], "id bigint, name string, mgr bigint")
    e, m = emp.alias("e"), emp.alias("m")
    out = e.join(m, F.col("e.mgr") == F.col("m.id")).select("e.*")
    assert out.schema.simpleString() == "struct<id:bigint,name:string,mgr:bigint>"
    assert out.collect() == [engine.Row(id=2, name="a", mgr=1)]
    s = spark.createDataFrame([((5, "x"),)], "s struct<f1:int,f2:string>")
    assert s.select("s.*").collect() == [engine.Row(f1=5, f2="x")]


def test_to_pandas_timestamps_are_microseconds(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(datetime.datetime(2024, 1, 1, 1, 1),)], "ts timestamp")
    assert str(df.toPandas().dtypes["ts"]) == "datetime64[us]"


def test_json_write_of_maps_and_nested_values_reads_back(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = str(tmp_path / "js")
    df = spark.createDataFrame(
        [(1, [1, 2], {"k": 1}, (1, "x")), (2, None, None, None)],
        "i int, arr array<int>, m map<string,int>, st struct<a:int,b:string>",
    )
    df.write.json(p)
    back = spark.read.json(p)
    assert back.schema.simpleString() == "struct<arr:array<bigint>,i:bigint,m:struct<k:bigint>,st:struct<a:bigint,b:string>>"
    assert sorted(back.collect(), key=lambda r: r.i) == [
        engine.Row(arr=[1, 2], i=1, m=engine.Row(k=1), st=engine.Row(a=1, b="x")),
        engine.Row(arr=None, i=2, m=None, st=None),
    ]


def test_vertical_show_pads_names_to_three(spark: engine.SparkSession) -> None:
    import contextlib
    import io

    df = spark.createDataFrame([("a" * 30, 1), ("short", 22)], "s string, i int")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.show(vertical=True)
    assert buf.getvalue() == (
        "-RECORD 0-------------------\n s   | aaaaaaaaaaaaaaaaa... \n i   | 1                    \n"
        "-RECORD 1-------------------\n s   | short                \n i   | 22                   \n\n"
    )


def test_row_of_no_columns() -> None:
    import pyarrow as pa

    from engine.api.convert import table_to_rows

    # df.drop(every column).collect() is [Row()] in PySpark (the Ray backend loses such rows: reported)
    assert repr(table_to_rows(pa.table({"x": [1]}).select([]))) == "[Row()]"


def test_pivot_cells_without_rows_are_null_even_for_count(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a", "x", 1), ("a", "y", 2), ("b", "x", 3), ("b", "x", 4)], ["k", "p", "v"])
    out = df.groupBy("k").pivot("p", ["x", "y", "z"]).agg(F.sum("v"), F.count("v"))
    assert sorted(tuple(r) for r in out.collect()) == [
        ("a", 1, 1, 2, 1, None, None),
        ("b", 7, 2, None, None, None, None),
    ]


def test_tumbling_time_window_groups(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(datetime.datetime(2024, 1, 1, 10, 7), 1), (datetime.datetime(2024, 1, 1, 10, 12), 2),
         (datetime.datetime(2024, 1, 1, 10, 3), 3)],
        "t timestamp, v int",
    )  # fmt: skip
    out = df.groupBy(F.window("t", "5 minutes")).agg(F.sum("v").alias("s")).orderBy("window.start")
    assert out.columns == ["window", "s"]
    assert out.schema.simpleString() == "struct<window:struct<start:timestamp,end:timestamp>,s:bigint>"
    at = lambda mi: datetime.datetime(2024, 1, 1, 10, mi)  # noqa: E731
    assert out.collect() == [
        engine.Row(window=engine.Row(start=at(0), end=at(5)), s=3),
        engine.Row(window=engine.Row(start=at(5), end=at(10)), s=1),
        engine.Row(window=engine.Row(start=at(10), end=at(15)), s=2),
    ]
    shifted = df.select(F.window("t", "10 minutes", startTime="2 minutes").start)
    assert shifted.columns == ["window.start"]
    assert [r[0] for r in shifted.collect()] == [at(2), at(12), at(2)]


def test_group_by_a_struct(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a"), (2, "a"), (3, "b")], "v int, s string")
    out = df.groupBy(F.struct("s").alias("k")).agg(F.sum("v").alias("t"))
    assert sorted((r.k.s, r.t) for r in out.collect()) == [("a", 3), ("b", 3)]
