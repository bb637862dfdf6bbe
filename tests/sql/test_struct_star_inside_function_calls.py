"""``s.*`` of a struct column inside a function call stands for the struct's fields, as in a
select list (PySpark 4.3: ``STRUCT(ST.*)`` rebuilds the struct, and more fields may follow);
a star of neither a table nor a struct is CANNOT_RESOLVE_STAR_EXPAND, and a field name a struct
repeats is AMBIGUOUS_REFERENCE_TO_FIELDS."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException

_VIEW = "VALUES (1, NAMED_STRUCT('C', 'gamma', 'D', 'delta')), (2, NAMED_STRUCT('C', 'eps', 'D', 'eta')) AS t(ID, ST)"


def _rows(spark: engine.SparkSession, select: str) -> tuple[str, list[tuple[object, ...]]]:
    df = spark.sql(f"SELECT {select} FROM {_VIEW} ORDER BY ID")
    return df.schema.simpleString(), [tuple(r) for r in df.collect()]


def test_struct_of_a_struct_star_rebuilds_it(spark: engine.SparkSession) -> None:
    schema, rows = _rows(spark, "ID, STRUCT(ST.*) NST")
    assert schema == "struct<ID:int,NST:struct<C:string,D:string>>"
    assert [(i, tuple(s)) for i, s in rows] == [(1, ("gamma", "delta")), (2, ("eps", "eta"))]


def test_struct_star_with_more_fields_after_it(spark: engine.SparkSession) -> None:
    schema, rows = _rows(spark, "STRUCT(ST.*, CAST(ID AS STRING) AS E) NST")
    assert schema == "struct<NST:struct<C:string,D:string,E:string>>"
    assert [tuple(r[0]) for r in rows] == [("gamma", "delta", "1"), ("eps", "eta", "2")]


def test_field_of_a_rebuilt_struct(spark: engine.SparkSession) -> None:
    assert _rows(spark, "STRUCT(ST.*).C NST") == ("struct<NST:string>", [("gamma",), ("eps",)])


def test_struct_star_as_variadic_arguments(spark: engine.SparkSession) -> None:
    assert _rows(spark, "concat_ws('-', ST.*) AS j")[1] == [("gamma-delta",), ("eps-eta",)]


def test_star_of_an_unknown_name_cannot_be_expanded(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT struct(nope.*) FROM {_VIEW}")
    assert info.value.getCondition() == "CANNOT_RESOLVE_STAR_EXPAND"
    assert "Cannot resolve `nope`.* given input columns `ID`, `ST`." in str(info.value)


def test_a_field_name_a_struct_repeats_is_ambiguous(spark: engine.SparkSession) -> None:
    # PySpark 4.3: [AMBIGUOUS_REFERENCE_TO_FIELDS] Ambiguous reference to the field `a`. It appears 2 times in the schema.
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT arrays_zip(a, a).a FROM VALUES (array(1)) AS t(a)")
    assert info.value.getCondition() == "AMBIGUOUS_REFERENCE_TO_FIELDS"
    assert "Ambiguous reference to the field `a`. It appears 2 times in the schema." in str(info.value)
    assert [list(r[0]) for r in spark.sql("SELECT arrays_zip(a, b).a FROM VALUES (array(1), array(2)) AS t(a, b)").collect()] == [[1]]
