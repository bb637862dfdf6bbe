"""DataFrame.unpivot / melt and groupBy().pivot(): rows, names, types and errors as PySpark 4.3
gives them (every expected value below was produced by a PySpark 4.3 run)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture(scope="module")
def wide(spark):
    return spark.createDataFrame(
        [(1, 11, 1.1, "x"), (2, 12, None, "y")], "id int, int long, double double, s string"
    )


def test_unpivot_lays_each_row_out_per_value_column_in_order(wide):
    out = wide.unpivot("id", ["int", "double"], "var", "val")
    assert out.schema.simpleString() == "struct<id:int,var:string,val:double>"
    assert [f.nullable for f in out.schema.fields] == [True, False, True]
    assert [tuple(r) for r in out.collect()] == [
        (1, "int", 11.0),
        (1, "double", 1.1),
        (2, "int", 12.0),
        (2, "double", None),
    ]


def test_melt_is_unpivot(wide):
    assert (
        wide.melt("id", ["int", "double"], "var", "val").collect()
        == wide.unpivot("id", ["int", "double"], "var", "val").collect()
    )


def test_unpivot_values_none_takes_every_non_id_column(wide):
    out = wide.unpivot(["id", "s"], None, "var", "val")
    assert out.columns == ["id", "s", "var", "val"]
    assert [tuple(r) for r in out.collect()][:2] == [(1, "x", "int", 11.0), (1, "x", "double", 1.1)]


def test_unpivot_without_ids(wide):
    out = wide.unpivot([], ["int", "double"], "var", "val")
    assert out.columns == ["var", "val"]
    assert out.count() == 4


def test_unpivot_names_values_by_alias_expression_or_spelling(wide):
    out = wide.unpivot(
        F.col("id"), [F.col("int"), (F.col("double") * 2).alias("d2"), F.col("double") * 2], "var", "val"
    )
    assert [r.var for r in out.collect()][:3] == ["int", "d2", "(double * 2)"]
    spelled = wide.unpivot("ID", ["INT"], "var", "val")
    assert spelled.columns == ["ID", "var", "val"]
    assert [tuple(r) for r in spelled.collect()] == [(1, "INT", 11), (2, "INT", 12)]


def test_unpivot_id_expressions_and_repeated_ids(wide):
    assert wide.unpivot([F.col("id") + 1], ["int"], "var", "val").columns == ["(id + 1)", "var", "val"]
    twice = wide.unpivot(["id", "id"], ["int"], "var", "val")
    assert [tuple(r) for r in twice.collect()] == [(1, 1, "int", 11), (2, 2, "int", 12)]


def test_unpivot_widens_values_to_their_common_type(spark):
    df = spark.createDataFrame(
        [(1, Decimal("2.00"), 3.5, None, 7)], "a int, b decimal(5,2), c float, d string, e long"
    )
    assert df.unpivot([], ["a", "b"], "var", "val").schema["val"].dataType.simpleString() == "decimal(12,2)"
    assert df.unpivot([], ["a", "c"], "var", "val").schema["val"].dataType.simpleString() == "float"
    assert df.unpivot([], ["b", "c"], "var", "val").schema["val"].dataType.simpleString() == "double"
    assert df.unpivot([], ["e", "b"], "var", "val").collect()[0].val == Decimal("7.00")
    nulls = df.unpivot([], ["a", F.lit(None)], "var", "val")
    assert [tuple(r) for r in nulls.collect()] == [("a", 1), ("NULL", None)]


def test_unpivot_keeps_non_nullable_columns_non_nullable(spark):
    df = spark.createDataFrame([(1, 2)], "a int not null, b int not null")
    assert [f.nullable for f in df.unpivot("a", ["b"], "var", "val").schema.fields] == [False, False, False]
    assert df.unpivot("a", [F.lit(5)], "var", "val").schema["val"].nullable


def test_unpivot_errors(wide):
    with pytest.raises(AnalysisException) as e:
        wide.unpivot("id", None, "var", "val")
    assert e.value.getErrorClass() == "UNPIVOT_VALUE_DATA_TYPE_MISMATCH"
    assert '["BIGINT" (`int`), "DOUBLE" (`double`), "STRING" (`s`)]' in str(e.value)
    with pytest.raises(AnalysisException) as e:
        wide.unpivot("id", [], "var", "val")
    assert e.value.getErrorClass() == "UNPIVOT_REQUIRES_VALUE_COLUMNS"
    with pytest.raises(AnalysisException) as e:
        wide.unpivot("id", ["nope"], "var", "val")
    assert e.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    with pytest.raises(AssertionError):
        wide.unpivot(None, ["int"], "var", "val")


@pytest.fixture(scope="module")
def kinds(spark):
    rows = [
        (1, "A", 10, True, dt.date(2020, 1, 1), 1.5),
        (1, "B", None, False, dt.date(2021, 1, 1), 2.5),
        (2, "A", 5, None, None, None),
    ]
    return spark.createDataFrame(rows, "g int, k string, v int, b boolean, d date, f double")


def test_pivot_names_values_as_spark_casts_them_to_strings(kinds):
    assert kinds.groupBy("g").pivot("b", [True, False]).sum("v").columns == ["g", "true", "false"]
    out = kinds.groupBy("g").pivot("d").agg(F.sum("v"))
    assert out.columns == ["g", "null", "2020-01-01", "2021-01-01"]  # found values sorted, null first
    assert sorted(tuple(r) for r in out.collect()) == [(1, None, 10, None), (2, 5, None, None)]


def test_pivot_count_is_zero_for_a_missing_value_when_another_aggregate_is_not_numeric(kinds):
    out = kinds.groupBy("g").pivot("k", ["A", "Z"]).agg(F.count("v"), F.first("k"))
    assert out.columns == ["g", "A_count(v)", "A_first(k)", "Z_count(v)", "Z_first(k)"]
    assert sorted(tuple(r) for r in out.collect()) == [(1, 1, "A", 0, None), (2, 1, "A", 0, None)]


def test_pivot_of_an_aggregate_expression(kinds):
    out = kinds.groupBy("g").pivot("k", ["A", "Z"]).agg(F.sum("v") + 1)
    assert out.columns == ["g", "A", "Z"]
    assert sorted(tuple(r) for r in out.collect()) == [(1, 11, None), (2, 6, None)]


def test_pivot_needs_an_aggregate(kinds):
    with pytest.raises(AnalysisException) as e:
        kinds.groupBy("g").pivot("k", ["A"]).agg(F.col("v"))
    assert e.value.getErrorClass() == "_LEGACY_ERROR_TEMP_1006"
