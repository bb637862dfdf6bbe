"""createDataFrame with a given schema checks values as PySpark's verifier does: a string
field takes any value's text (``1`` -> ``'1'``, ``True`` -> ``'true'``), a float or double
field takes floats only (an int is FIELD_DATA_TYPE_UNACCEPTABLE, nested fields named)."""

from __future__ import annotations

import datetime

import pytest

import engine
from engine.errors import PySparkTypeError


def test_string_fields_take_any_value_as_text(spark: engine.SparkSession) -> None:
    rows = [(1,), (1.5,), (True,), ([1, 2],), ({"a": 1},), (datetime.date(2024, 1, 2),)]
    got = [r.s for r in spark.createDataFrame(rows, "s string").collect()]
    assert got == ["1", "1.5", "true", "[1, 2]", "{'a': 1}", "2024-01-02"]
    nested = spark.createDataFrame([([1, 2], (1,))], "a array<string>, t struct<x:string>").first()
    assert nested.a == ["1", "2"] and nested.t.x == "1"


@pytest.mark.parametrize(
    ("rows", "schema", "where"),
    [
        ([(1, 5)], "i int, f float", "field f: FloatType()"),
        ([(1,)], "f double", "field f: DoubleType()"),
        ([([1, 2],)], "a array<double>", "element in array field a: DoubleType()"),
        ([({"k": 1},)], "m map<string,double>", "value of map field m: DoubleType()"),
        ([((1,),)], "s struct<x:double>", "field x in field s: DoubleType()"),
    ],
)
def test_int_in_a_double_field_is_rejected(spark: engine.SparkSession, rows: list, schema: str, where: str) -> None:
    with pytest.raises(PySparkTypeError) as e:
        spark.createDataFrame(rows, schema)
    assert f"[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] {where} can not accept object 1 in type <class 'int'>." in str(
        e.value
    ) or f"{where} can not accept object 5 in type <class 'int'>." in str(e.value)

