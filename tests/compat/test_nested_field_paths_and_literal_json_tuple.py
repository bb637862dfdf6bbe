"""``withField("b.c", v)`` / ``dropFields("b.d")`` reach into a nested struct one level at a
time, as Spark's UpdateFields does (a dotted name is a path, not a field called ``b.c``); and
``json_tuple`` of a literal document gives its row for every input row."""

from __future__ import annotations

import engine
from engine import functions as F


def _frame(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, (1, (2, "z"))), (2, None)], "id int, st struct<a:int, b:struct<c:int, d:string>>")


def test_with_field_of_a_nested_path(spark: engine.SparkSession) -> None:
    out = _frame(spark).select(F.col("st").withField("b.c", F.lit(9)))
    assert out.columns == ["update_fields(st, WithField(update_fields(st.b, WithField(9))))"]
    assert out.schema.fields[0].dataType.simpleString() == "struct<a:int,b:struct<c:int,d:string>>"
    assert [r[0] and (r[0].a, tuple(r[0].b)) for r in out.collect()] == [(1, (9, "z")), None]
    added = _frame(spark).select(F.col("st").withField("b.e", F.lit("n")).alias("s"))
    assert added.schema.fields[0].dataType.simpleString() == "struct<a:int,b:struct<c:int,d:string,e:string>>"


def test_drop_fields_of_a_nested_path(spark: engine.SparkSession) -> None:
    out = _frame(spark).select(F.col("st").dropFields("a", "b.c").alias("s"))
    assert out.schema.fields[0].dataType.simpleString() == "struct<b:struct<d:string>>"
    assert [r.s and tuple(r.s.b) for r in out.collect()] == [("z",), None]


def test_json_tuple_of_a_literal_repeats_per_row(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,), (2,)], "id int")
    out = df.select("id", F.json_tuple(F.lit('{"a":1,"b":"x"}'), "a", "b"))
    assert out.columns == ["id", "c0", "c1"]
    assert sorted(tuple(r) for r in out.collect()) == [(1, "1", "x"), (2, "1", "x")]
