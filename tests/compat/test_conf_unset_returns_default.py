"""``spark.conf.unset`` of the session time zone goes back to its default, as in PySpark 4,
where engine then raised SQL_CONF_NOT_FOUND on every later ``conf.get`` of it (and so on every
query reading the zone)."""

from __future__ import annotations

import datetime

import engine


def test_unset_time_zone_reads_the_default_again(spark: engine.SparkSession) -> None:
    default = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    assert spark.conf.get("spark.sql.session.timeZone") == "America/New_York"
    spark.conf.unset("spark.sql.session.timeZone")
    assert spark.conf.get("spark.sql.session.timeZone") == default
    assert spark.conf.contains("spark.sql.session.timeZone")
    row = spark.sql("select date'2024-03-01' d").collect()[0]
    assert row.d == datetime.date(2024, 3, 1)
