"""``F.regexp_extract_all(s, p)`` takes group 1 and is named with it, as PySpark 4 names it
(``regexp_extract_all(s, (\\d+), 1)``)."""

from __future__ import annotations

import engine
from engine import functions as F


def test_default_group_is_in_the_name(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a1b22c333",)], "s string")
    out = df.select(F.regexp_extract_all("s", F.lit(r"(\d+)")), F.regexp_extract_all("s", F.lit(r"([a-z])(\d+)"), 2))
    assert out.columns == [r"regexp_extract_all(s, (\d+), 1)", r"regexp_extract_all(s, ([a-z])(\d+), 2)"]
    assert tuple(out.collect()[0]) == (["1", "22", "333"], ["1", "22", "333"])


def test_sql_calls_without_a_group_are_named_with_group_1(spark: engine.SparkSession) -> None:
    spark.createDataFrame([("a1b22",)], "s string").createOrReplaceTempView("regexp_names")
    out = spark.sql(r"SELECT regexp_extract(s, '(\\d+)'), regexp_extract_all(s, '(\\d+)') FROM regexp_names")
    assert out.columns == [r"regexp_extract(s, (\d+), 1)", r"regexp_extract_all(s, (\d+), 1)"]
    assert tuple(out.collect()[0]) == ("1", ["1", "22"])
