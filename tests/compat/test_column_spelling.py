"""Columns take the spelling a query uses (case-insensitive resolution), as in PySpark 4."""

from __future__ import annotations

import engine
from engine import functions as F


def test_selected_columns_are_named_as_the_query_spells_them(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2)], ["Id", "mgr"])
    assert df.select("id").columns == ["id"]
    assert df.select("ID", F.col("iD") + 1).columns == ["ID", "(iD + 1)"]
    assert df.select("id").collect()[0].id == 1  # the Row field is the requested name
    assert df.filter("id > 0").columns == ["Id", "mgr"]  # an untouched column keeps its own


def test_grouping_matches_keys_however_they_are_spelled(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a"), (2, "a"), (3, "b")], ["Id", "Grp"])
    assert sorted(tuple(r) for r in df.groupBy("grp").agg(F.sum("ID")).collect()) == [("a", 3), ("b", 3)]
    df.createOrReplaceTempView("spelled")
    rows = spark.sql("SELECT GRP, count(*) FROM spelled GROUP BY grp").collect()
    assert sorted(tuple(r) for r in rows) == [("a", 2), ("b", 1)]


def test_a_column_taken_by_index_keeps_the_spelling_it_was_asked_by(spark: engine.SparkSession) -> None:
    # PySpark 4.3: df["ID"] of a column Id is named ID wherever it is selected or grouped by
    df = spark.createDataFrame([(1, "a")], "Id int, Name string")
    assert df.select(df["ID"]).columns == ["ID"]
    assert df.select(df["ID"] + 1).columns == ["(ID + 1)"]
    assert df.groupBy(df["NAME"]).count().columns == ["NAME", "count"]
    assert df.withColumn("z", df["NAME"]).columns == ["Id", "Name", "z"]
    assert df.orderBy(df["ID"]).columns == ["Id", "Name"]
    assert df.select(df["ID"]).collect()[0].ID == 1
