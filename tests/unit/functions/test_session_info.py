"""Day and month names, array_size and session information, with PySpark 4's answers and names."""

from __future__ import annotations

import datetime
import getpass

import pyarrow as pa

from engine import functions as F


def test_day_and_month_names_of_dates_and_nulls(values):
    t = pa.table({"d": pa.array([datetime.date(2024, 1, 1), datetime.date(2024, 12, 28), None])})
    assert values(F.dayname("d"), _table=t) == ["Mon", "Sat", None]
    assert values(F.monthname("d"), _table=t) == ["Jan", "Dec", None]


def test_array_size_is_null_for_a_null_array(values):
    t = pa.table({"a": pa.array([[1, 2], [], None], pa.list_(pa.int32()))})
    assert values(F.array_size("a"), _table=t) == [2, 0, None]


def test_session_information(spark):
    row = spark.range(1).select(
        F.current_database(), F.current_schema(), F.current_catalog(), F.current_user(), F.user(), F.session_user()
    )
    assert row.columns == [
        "current_schema()", "current_schema()", "current_catalog()", "current_user()", "user()", "session_user()"
    ]  # fmt: skip
    me = getpass.getuser()
    assert tuple(row.collect()[0]) == ("default", "default", "spark_catalog", me, me, me)
