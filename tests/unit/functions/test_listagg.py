"""listagg / string_agg (Spark 4): values, names, WITHIN GROUP order and errors as PySpark 4 gives them."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import AnalysisException

ROWS = [("a1b22c333", 1, "a"), ("xyz", 1, "b"), (None, 2, "c"), ("", 2, None)]
SCHEMA = "s string, g int, t string"


@pytest.fixture
def df(spark):
    return spark.createDataFrame(ROWS, SCHEMA)


def test_dataframe_builders_name_and_join(df):
    out = df.agg(F.string_agg("t"), F.string_agg("t", F.lit("|")), F.listagg("t", "|"), F.listagg_distinct("g"))
    assert out.columns == ["string_agg(t, NULL)", "string_agg(t, |)", "listagg(t, |)", "listagg(DISTINCT g, NULL)"]
    assert out.collect()[0] == ("abc", "a|b|c", "a|b|c", "12")


def test_groups_skip_nulls_and_an_empty_group_is_null(df):
    got = df.groupBy("g").agg(F.listagg("s", ",").alias("x")).orderBy("g").collect()
    assert [tuple(r) for r in got] == [(1, "a1b22c333,xyz"), (2, "")]
    assert df.filter("g = 3").agg(F.listagg("s")).collect()[0][0] is None


def test_merges_partial_states_across_partitions(df):
    out = df.repartition(3, "t").agg(F.listagg("t", ",").alias("x")).collect()[0][0]
    assert sorted(out.split(",")) == ["a", "b", "c"]


def test_sql_within_group_orders_and_names_like_spark(spark, df):
    df.createOrReplaceTempView("la")
    out = spark.sql("SELECT listagg(t, ',') WITHIN GROUP (ORDER BY g DESC, t) FROM la")
    assert out.columns == ["listagg(t, ,) WITHIN GROUP (ORDER BY g DESC NULLS LAST, t ASC NULLS FIRST)"]
    assert out.collect()[0][0] == "c,a,b"
    out = spark.sql("SELECT string_agg(t, ', ') WITHIN GROUP (ORDER BY s NULLS LAST) FROM la")
    assert out.columns == ["listagg(t, , ) WITHIN GROUP (ORDER BY s ASC NULLS LAST)"]
    assert out.collect()[0][0] == "a, b, c"
    assert spark.sql("SELECT listagg(t, ', ') WITHIN GROUP (ORDER BY s) FROM la").collect()[0][0] == "c, a, b"
    got = spark.sql("SELECT g, listagg(t, ',') WITHIN GROUP (ORDER BY t) FILTER (WHERE t != 'a') AS x "
                    "FROM la GROUP BY g ORDER BY g").collect()  # fmt: skip
    assert [tuple(r) for r in got] == [(1, "b"), (2, "c")]


def test_types_binary_and_numbers(spark, df):
    df.createOrReplaceTempView("la")
    assert spark.sql("SELECT listagg(cast(s AS binary)) FROM la").collect()[0][0] == b"a1b22c333xyz"
    assert spark.sql("SELECT listagg(g) FROM la").collect()[0][0] == "1122"


def test_errors(spark, df):
    df.createOrReplaceTempView("la")
    with pytest.raises(AnalysisException, match="NON_FOLDABLE_INPUT"):
        spark.sql("SELECT listagg(t, g) FROM la").collect()
    with pytest.raises(AnalysisException, match=r'"listagg\(array\(1\), NULL\)".*"STRING" or "BINARY"'):
        spark.sql("SELECT listagg(array(1)) FROM la").collect()
    with pytest.raises(AnalysisException, match="MISMATCH_WITH_DISTINCT_INPUT"):
        spark.sql("SELECT listagg(DISTINCT t, ',') WITHIN GROUP (ORDER BY g) FROM la").collect()
