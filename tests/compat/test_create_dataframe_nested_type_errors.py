"""createDataFrame with a value its schema cannot hold, inside a struct or array: PySpark 4 names the path."""

from __future__ import annotations

import pytest

import engine
from engine.errors import PySparkTypeError


@pytest.mark.parametrize(
    ("data", "schema", "message"),
    [
        ([(1, ("b", 2))], "i int, s struct<q:int, p:string>", "field q in field s: IntegerType() can not accept object 'b' in type <class 'str'>."),
        ([(1, [1, "x"])], "i int, a array<int>", "element in array field a: IntegerType() can not accept object 'x' in type <class 'str'>."),
        ([("x",)], "i int", "field i: IntegerType() can not accept object 'x' in type <class 'str'>."),
        ([(1.5,)], "i int", "field i: IntegerType() can not accept object 1.5 in type <class 'float'>."),
        (
            [(1, [("a", "z")])],
            "i int, a array<struct<p:string,q:int>>",
            "field q in element in array field a: IntegerType() can not accept object 'z' in type <class 'str'>.",
        ),
        ([(True,)], "d double", "field d: DoubleType() can not accept object True in type <class 'bool'>."),
    ],
)
def test_unacceptable_value_is_named_by_its_path(
    spark: engine.SparkSession, data: list, schema: str, message: str
) -> None:
    with pytest.raises(PySparkTypeError) as info:
        spark.createDataFrame(data, schema).collect()
    assert info.value.getCondition() == "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME"
    assert str(info.value) == f"[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] {message}"
