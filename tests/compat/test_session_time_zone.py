"""PySpark 4 answers for text and epoch conversions under a session time zone
(spark.sql.session.timeZone) other than the machine's."""

from __future__ import annotations

import datetime

import pytest

import engine
from engine import functions as F
from engine.errors import DateTimeException


@pytest.fixture
def los_angeles(spark: engine.SparkSession) -> engine.SparkSession:
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", before)


def test_a_z_suffix_is_utc_not_the_session_zone(los_angeles: engine.SparkSession) -> None:
    df = los_angeles.createDataFrame(
        [("2024-01-01T00:00:00Z", "2024-01-01 00:00:00 UTC")], "z string, u string"
    )
    out = df.select(
        F.to_timestamp("z").cast("string"),
        F.col("z").cast("timestamp").cast("string"),
        F.to_timestamp("u").cast("string"),
    )
    assert tuple(out.first()) == ("2023-12-31 16:00:00", "2023-12-31 16:00:00", "2023-12-31 16:00:00")


def test_from_unixtime_of_a_literal_reads_the_session_zone(los_angeles: engine.SparkSession) -> None:
    out = los_angeles.range(1).select(
        F.from_unixtime(F.lit(0)), F.unix_timestamp(F.lit("1970-01-01 00:00:00"))
    )
    assert tuple(out.first()) == ("1969-12-31 16:00:00", 28800)


def test_a_timestamp_collects_as_the_machines_wall_clock(los_angeles: engine.SparkSession) -> None:
    ts = los_angeles.range(1).select(F.to_timestamp(F.lit("2024-01-01T00:00:00Z")).alias("t")).first().t
    instant = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    assert ts == instant.astimezone().replace(tzinfo=None)


def test_from_json_reads_dates_and_timestamps_with_the_given_patterns(
    los_angeles: engine.SparkSession,
) -> None:
    df = los_angeles.createDataFrame(
        [('{"a": "01/02/2024", "t": "02/03/2024 10:11", "n": 1}',), ('{"a": "bad"}',)], ["j"]
    )
    options = {"dateFormat": "MM/dd/yyyy", "timestampFormat": "MM/dd/yyyy HH:mm"}
    parsed = df.select(F.from_json("j", "a date, t timestamp, n int", options).alias("p"))
    rows = parsed.select("p.a", F.date_format("p.t", "yyyy-MM-dd HH:mm"), "p.n").collect()
    assert [tuple(r) for r in rows] == [
        (datetime.date(2024, 1, 2), "2024-02-03 10:11", 1),
        (None, None, None),
    ]


def test_to_timestamp_with_an_offset_pattern_places_the_text_in_its_offset(
    los_angeles: engine.SparkSession,
) -> None:
    df = los_angeles.createDataFrame([("2024-01-01T00:00:00+02:00",), ("2024-01-01T00:00:00Z",)], "s string")

    def parsed(pattern: str) -> list[str | None]:
        return [r[0] for r in df.select(F.try_to_timestamp("s", F.lit(pattern)).cast("string")).collect()]

    assert parsed("yyyy-MM-dd'T'HH:mm:ssXXX") == ["2023-12-31 14:00:00", "2023-12-31 16:00:00"]
    assert parsed("yyyy-MM-dd'T'HH:mm:ssxxx") == ["2023-12-31 14:00:00", None]
    assert parsed("yyyy-MM-dd'T'HH:mm:ssX") == [None, "2023-12-31 16:00:00"]
    with pytest.raises(DateTimeException, match="CANNOT_PARSE_TIMESTAMP"):
        df.select(F.to_timestamp("s", "yyyy-MM-dd'T'HH:mm:ssxxx")).collect()
