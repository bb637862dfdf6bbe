"""``\\b`` in a regex treats accented letters as word characters, as Java's regex engine under
Spark does, while ``\\w`` stays ASCII. Expected values observed in PySpark 4.3."""

from __future__ import annotations

import engine
from engine import functions as F


def test_boundary_functions_agree_with_pyspark(spark: engine.SparkSession) -> None:
    row = spark.sql(
        r"SELECT regexp_replace('ÉLODIE dupont-lé 7', '\\b(\\w)', 'X') a, "
        r"regexp_extract_all('été café x', '\\b\\w+\\b', 0) b, "
        r"'é' rlike '\\w' c, regexp_replace('aé b', '\\W', '_') d"
    ).collect()[0]
    assert tuple(row) == ("ÉLODIE Xupont-Xé X", ["x"], False, "a__b")


def test_ascii_rows_and_accented_rows_mix_in_one_column(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("John Smith 42",), ("ÉLODIE dupont-lé 7",), (None,)], ["s"])
    out = df.select(
        F.regexp_replace("s", r"\b(\w)", "_").alias("wb"),
        F.regexp_extract("s", r"\b([a-z]\w*)", 1).alias("first_lower"),
        F.col("s").rlike(r"\bL").alias("has_l_word"),
    ).collect()
    assert [tuple(r) for r in out] == [
        ("_ohn _mith _2", "", False),
        ("ÉLODIE _upont-_é _", "dupont", False),
        (None, None, None),
    ]
