"""``mode`` breaks ties as PySpark 4 does: ``mode(x, True)`` takes the smallest value and is
named ``mode() WITHIN GROUP (ORDER BY x DESC)``; plain ``mode(x)`` takes the value Spark's
counting hash table (an OpenHashMap) reaches first."""

from __future__ import annotations

import engine
from engine import functions as F


def test_mode_tie_goes_to_hash_table_order(spark: engine.SparkSession) -> None:
    groups = {0: [3, 1, 2], 1: [192, -12, 51, 116], 2: [-26, 43, 99, -36, 182, 79], 3: [192, 7], 4: [124, 86, 59]}
    df = spark.createDataFrame([(g, v) for g, vs in groups.items() for v in vs], "g int, x int")
    got = {r["g"]: r["mode(x)"] for r in df.groupBy("g").agg(F.mode("x")).collect()}
    assert got == {0: 1, 1: 116, 2: -26, 3: 7, 4: 59}


def test_mode_tie_of_strings_longs_and_doubles(spark: engine.SparkSession) -> None:
    strings = spark.createDataFrame([("apple",), ("banana",), ("cherry",)], "x string")
    assert strings.agg(F.mode("x")).first()[0] == "cherry"
    words = spark.createDataFrame([("x",), ("yy",), ("zzz",), ("wwww",), ("v",)], "x string")
    assert words.agg(F.mode("x")).first()[0] == "wwww"
    longs = spark.createDataFrame([(3,), (2**40,), (1,)], "x bigint")
    assert longs.agg(F.mode("x")).first()[0] == 1
    doubles = spark.createDataFrame([(3.0,), (-1.0,), (7.25,)], "x double")
    assert doubles.agg(F.mode("x")).first()[0] == 3.0


def test_deterministic_mode_takes_smallest_and_is_named_within_group(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("b",), ("a",), ("a",), ("b",), (None,)], "x string")
    out = df.agg(F.mode("x"), F.mode("x", True))
    assert out.columns == ["mode(x)", "mode() WITHIN GROUP (ORDER BY x DESC)"]
    assert tuple(out.first()) == ("b", "a")
