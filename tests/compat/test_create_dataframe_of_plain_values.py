"""createDataFrame over a list of plain values (not rows) answers as PySpark 4: with a
one-type schema each value is a row; with no schema, or a struct schema, it is refused."""

from __future__ import annotations

import pytest

import engine
from engine import types as T
from engine.errors import PySparkTypeError


def test_a_one_type_schema_makes_each_value_a_row(spark: engine.SparkSession) -> None:
    for schema in ("int", T.IntegerType()):
        df = spark.createDataFrame([1, 2], schema)
        assert df.columns == ["value"]
        assert [r.value for r in df.collect()] == [1, 2]


@pytest.mark.parametrize(
    "data,schema,kind", [([1, 2], None, "int"), (["a", "b"], None, "str"), ([1, 2], ["x"], "int")]
)
def test_no_schema_can_be_inferred_from_plain_values(spark: engine.SparkSession, data, schema, kind) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PySparkTypeError) as info:
        spark.createDataFrame(data, schema)
    assert info.value.getCondition() == "CANNOT_INFER_SCHEMA_FOR_TYPE"
    assert str(info.value) == f"[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `{kind}`."


def test_a_struct_schema_refuses_plain_values(spark: engine.SparkSession) -> None:
    with pytest.raises(PySparkTypeError) as info:
        spark.createDataFrame([1, 2], "x int")
    assert info.value.getCondition() == "FIELD_DATA_TYPE_UNACCEPTABLE"
    assert str(info.value) == (
        "[FIELD_DATA_TYPE_UNACCEPTABLE] StructType([StructField('x', IntegerType(), True)]) "
        "can not accept object 1 in type <class 'int'>."
    )
