"""``spark.sql(text, **kwargs)`` fills ``{...}`` placeholders as PySpark does (expected values from
PySpark 4.3): fields are looked up first (``{df.a}``, ``{df[b]}``), a DataFrame becomes a view for
the query only, a column its name, a str a quoted literal."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import PySparkValueError


@pytest.fixture
def nums(spark):
    return spark.createDataFrame([(1, 10), (2, 20), (3, 30)], "a int, b int")


def test_fields_of_a_frame_argument_name_its_columns(spark, nums):
    out = spark.sql("SELECT {df.a}, {df[b]} FROM {df} WHERE {df.a} > 1", df=nums)
    assert out.columns == ["a", "b"]
    assert [tuple(r) for r in out.collect()] == [(2, 20), (3, 30)]


def test_a_column_argument_becomes_its_name_and_a_tuple_its_text(spark):
    ids = spark.range(6)
    out = spark.sql("SELECT {c} FROM {t} WHERE id IN {xs}", c=ids.id, t=ids, xs=(1, 4))
    assert [r.id for r in out.collect()] == [1, 4]
    assert spark.sql("SELECT {c} FROM range(2) t", c=F.col("t.id")).columns == ["id"]


def test_a_name_that_needs_quoting_is_backquoted(spark):
    spaced = spark.createDataFrame([(7,)], "`a b` int")
    assert [tuple(r) for r in spark.sql("SELECT {c} FROM {t}", c=F.col("a b"), t=spaced).collect()] == [(7,)]


def test_a_str_argument_is_a_quoted_string_literal(spark):
    row = spark.sql("SELECT {s} AS s, {n} AS n", s="it's", n=3).collect()[0]
    assert (row.s, row.n) == ("it's", 3)


def test_the_views_made_for_frame_arguments_are_dropped_after_analysis(spark, nums):
    before = {t.name for t in spark.catalog.listTables()}
    out = spark.sql("SELECT * FROM {df}", df=nums)
    assert {t.name for t in spark.catalog.listTables()} == before
    assert out.count() == 3  # the query keeps its plan


def test_an_expression_argument_is_not_a_plain_column_reference(spark):
    with pytest.raises(PySparkValueError) as info:
        spark.sql("SELECT {c}", c=F.col("a") + 1)
    assert info.value.getErrorClass() == "VALUE_NOT_PLAIN_COLUMN_REFERENCE"
    assert "in `c` should be a plain column reference such as `df.col` or `col('column')`." in str(info.value)
