"""withField / dropFields over nested paths keep a null struct null, also when the field added
is never null: the struct's fields then hold nulls under it. Expected values observed in PySpark 4.3."""

from __future__ import annotations

import engine
from engine import Row
from engine import functions as F


def test_field_added_then_dropped_under_a_null_address(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(1, ("Ann", ("Paris", "75001"))), (2, ("Bob", None))],
        "id int, c struct<name:string, addr:struct<city:string, zip:string>>",
    )
    updated = (
        df.withColumn("c", F.col("c").withField("vip", F.col("id") == 1))
        .withColumn("c", F.col("c").withField("addr.country", F.lit("FR")))
        .withColumn("c", F.col("c").dropFields("addr.zip"))
    )
    assert updated.schema.simpleString() == (
        "struct<id:int,c:struct<name:string,addr:struct<city:string,country:string>,vip:boolean>>"
    )
    assert sorted(updated.collect()) == [
        Row(id=1, c=Row(name="Ann", addr=Row(city="Paris", country="FR"), vip=True)),
        Row(id=2, c=Row(name="Bob", addr=None, vip=False)),
    ]
