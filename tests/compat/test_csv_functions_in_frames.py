"""F.from_csv / F.to_csv / F.schema_of_csv exist in the DataFrame API with PySpark 4's names,
types and nullability; to_json and to_csv are always nullable, array_repeat only for a null count."""

from __future__ import annotations

import engine
from engine import functions as F
from engine.row import Row


def _shape(df: engine.DataFrame) -> tuple[list[str], str, list[bool], tuple]:  # type: ignore[type-arg]
    return df.columns, df.schema.simpleString(), [f.nullable for f in df.schema.fields], tuple(df.collect()[0])


def test_csv_functions(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("1,x", (1, "z"), None)], "c string, st struct<p:int,q:string>, n string")
    assert _shape(df.select(F.from_csv("c", "a int, b string"))) == (
        ["from_csv(c)"], "struct<from_csv(c):struct<a:int,b:string>>", [True], (Row(a=1, b="x"),),
    )  # fmt: skip
    assert _shape(df.select(F.from_csv(F.lit("1,x"), "a int, b string")))[2] == [False]
    assert _shape(df.select(F.from_csv("n", "a int")))[3] == (None,)
    assert _shape(df.select(F.to_csv("st"))) == (["to_csv(st)"], "struct<to_csv(st):string>", [True], ("1,z",))
    assert _shape(df.select(F.to_csv(F.struct(F.lit(1), F.lit("a")))))[2:] == ([True], ("1,a",))
    assert _shape(df.select(F.schema_of_csv("1,abc"))) == (
        ["schema_of_csv(1,abc)"], "struct<schema_of_csv(1,abc):string>", [False], ("STRUCT<_c0: INT, _c1: STRING>",),
    )  # fmt: skip


def test_to_json_is_nullable(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(F.to_json(F.struct(F.lit(1))))
    assert _shape(out) == (["to_json(struct(1))"], "struct<to_json(struct(1)):string>", [True], ('{"col1":1}',))


def test_array_repeat_is_null_only_for_a_null_count(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(None, 2)], "s string, n int")
    out = df.select(F.array_repeat("s", 2), F.array_repeat(F.lit("a"), "n"))
    assert [f.nullable for f in out.schema.fields] == [False, True]
    assert tuple(out.collect()[0]) == ([None, None], ["a", "a"])
