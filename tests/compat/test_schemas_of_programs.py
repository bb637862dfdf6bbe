"""PySpark 4 answers for schema handling in programs: JSON round trips (observed on Spark 4)."""

from __future__ import annotations

import json

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import ParseException


def test_a_schema_survives_a_json_round_trip(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a", [1.0], {"k": 1})], "id long, s string, arr array<double>, m map<string,int>")
    assert df.schema.json() == (
        '{"fields":[{"metadata":{},"name":"id","nullable":true,"type":"long"},'
        '{"metadata":{},"name":"s","nullable":true,"type":"string"},'
        '{"metadata":{},"name":"arr","nullable":true,"type":{"containsNull":true,"elementType":"double","type":"array"}},'
        '{"metadata":{},"name":"m","nullable":true,"type":{"keyType":"string","type":"map",'
        '"valueContainsNull":true,"valueType":"integer"}}],"type":"struct"}'
    )
    assert T.StructType.fromJson(df.schema.jsonValue()) == df.schema
    assert T.StructType.fromJson(json.loads(df.schema.json())) == df.schema
    nested = T.StructField("t", T.ArrayType(T.TimestampType(), False), False, {"comment": "when"})
    assert T.StructField.fromJson(nested.jsonValue()) == nested
    assert T.MapType.fromJson(df.schema["m"].dataType.jsonValue()) == T.MapType(T.StringType(), T.IntegerType())


def test_casting_to_a_misspelled_type_is_unsupported_datatype(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,)], ["a"])
    with pytest.raises(ParseException, match='Unsupported data type "INTEGR"') as info:
        df.select(F.col("a").cast("integr")).collect()
    assert info.value.getCondition() == "UNSUPPORTED_DATATYPE"
