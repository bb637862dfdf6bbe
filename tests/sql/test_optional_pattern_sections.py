"""Parsing patterns may hold optional sections, ``ss[.SSSSSS]`` or ``HH:mm[:ss.SSSSSS]``: the text
is read with the section when it is there and without it when not, as Java's formatter does
(values observed in PySpark 4.3 runs, session zone America/Los_Angeles; timestamps collect in
the process zone, UTC). Engine refused every pattern with brackets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import engine
from engine.errors import DateTimeException


@pytest.fixture
def los_angeles(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.unset("spark.sql.session.timeZone")


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("2019-10-06 10:11:12.1", "yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]", dt.datetime(2019, 10, 6, 17, 11, 12, 100000)),
        ("2019-10-06 10:11:12.1234", "yyyy-MM-dd HH:mm:ss.[SSSSSS]", dt.datetime(2019, 10, 6, 17, 11, 12, 123400)),
        ("2019-10-06 10:11:12.123", "yyyy-MM-dd HH:mm:ss[.SSSSSS]", dt.datetime(2019, 10, 6, 17, 11, 12, 123000)),
        ("2019-10-06 10:11:12", "yyyy-MM-dd HH:mm:ss[.SSSSSS]", dt.datetime(2019, 10, 6, 17, 11, 12)),
        ("2019-10-06 10:11:12.12", "yyyy-MM-dd HH:mm[:ss.SSSSSS]", dt.datetime(2019, 10, 6, 17, 11, 12, 120000)),
        ("2019-10-06 10:11", "yyyy-MM-dd HH:mm[:ss.SSSSSS]", dt.datetime(2019, 10, 6, 17, 11)),
    ],
)
def test_optional_sections(los_angeles: engine.SparkSession, text: str, pattern: str, expected: dt.datetime) -> None:
    assert los_angeles.sql(f"SELECT to_timestamp('{text}', '{pattern}')").collect()[0][0] == expected


def test_text_no_alternative_reads(los_angeles: engine.SparkSession) -> None:
    with pytest.raises(DateTimeException) as info:
        los_angeles.sql("SELECT to_timestamp('2019-10-06 10:11:12.', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')").collect()
    assert info.value.getCondition() == "CANNOT_PARSE_TIMESTAMP"
    assert los_angeles.sql("SELECT try_to_timestamp('2019-10-06 10:11:12.', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')").collect()[0][0] is None
