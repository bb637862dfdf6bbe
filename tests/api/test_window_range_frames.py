"""RANGE window frames with value offsets: intervals over dates and timestamps, numbers over
numeric keys, and Spark's analysis errors for offsets the ORDER BY key cannot take.
Expected answers, column names and error classes were recorded from PySpark 4.3."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine import Window
from engine import functions as F
from engine.errors import AnalysisException

DATA = [
    (1, "a", dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, 0, 0), 1, 1.5, 10),
    (2, "a", dt.date(2024, 1, 2), dt.datetime(2024, 1, 1, 1, 0), 2, 2.0, 20),
    (3, "a", dt.date(2024, 1, 2), dt.datetime(2024, 1, 1, 1, 30), 4, 4.25, 30),
    (4, "a", dt.date(2024, 1, 5), dt.datetime(2024, 1, 1, 3, 0), 5, 7.0, None),
    (5, "a", None, None, None, None, 50),
    (6, "b", dt.date(2024, 2, 28), dt.datetime(2024, 1, 2, 0, 0), 10, -1.0, 60),
    (7, "b", dt.date(2024, 3, 1), dt.datetime(2024, 1, 3, 0, 0), 13, 0.5, 70),
    (8, "b", dt.date(2024, 3, 31), dt.datetime(2024, 1, 3, 23, 59), 13, 1.0, 80),
]
SCHEMA = "id int, g string, d date, ts timestamp, n int, f double, v int"

SQL_CASES = [
    (
        "sum(v) OVER (PARTITION BY g ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW)",
        "sum(v) OVER (PARTITION BY g ORDER BY d ASC NULLS FIRST RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)",
        [10, 60, 60, None, 50, 60, 70, 80],
    ),
    (
        "count(*) OVER (PARTITION BY g ORDER BY d RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND INTERVAL '2' DAY FOLLOWING)",
        "count(1) OVER (PARTITION BY g ORDER BY d ASC NULLS FIRST RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND INTERVAL '2' DAY FOLLOWING)",
        [3, 3, 3, 1, 1, 2, 1, 1],
    ),
    (
        "sum(v) OVER (PARTITION BY g ORDER BY d DESC RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW)",
        "sum(v) OVER (PARTITION BY g ORDER BY d DESC NULLS LAST RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)",
        [60, 50, 50, None, 50, 60, 70, 80],
    ),
    (
        "sum(v) OVER (PARTITION BY g ORDER BY d RANGE BETWEEN INTERVAL 1 MONTH PRECEDING AND CURRENT ROW)",
        "sum(v) OVER (PARTITION BY g ORDER BY d ASC NULLS FIRST RANGE BETWEEN INTERVAL '1' MONTH PRECEDING AND CURRENT ROW)",
        [10, 60, 60, 60, 50, 60, 130, 150],
    ),
    (
        "sum(v) OVER (PARTITION BY g ORDER BY d RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)",
        "sum(v) OVER (PARTITION BY g ORDER BY d ASC NULLS FIRST RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)",
        [10, 60, 60, None, 50, 60, 70, 80],
    ),
    (
        "sum(v) OVER (PARTITION BY g ORDER BY ts RANGE BETWEEN INTERVAL 2 HOURS PRECEDING AND INTERVAL 1 HOUR FOLLOWING)",
        "sum(v) OVER (PARTITION BY g ORDER BY ts ASC NULLS FIRST RANGE BETWEEN INTERVAL '02' HOUR PRECEDING AND INTERVAL '01' HOUR FOLLOWING)",
        [30, 60, 60, 50, 50, 60, 70, 80],
    ),
    (
        "collect_list(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW)",
        "collect_list(v) OVER (ORDER BY ts ASC NULLS FIRST RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)",
        [[10], [10, 20], [10, 20, 30], [10, 20, 30], [50], [10, 20, 30, 60], [60, 70], [70, 80]],
    ),
    (
        "count(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '0 01:30:00' DAY TO SECOND PRECEDING AND CURRENT ROW)",
        "count(v) OVER (ORDER BY ts ASC NULLS FIRST RANGE BETWEEN INTERVAL '0 01:30:00' DAY TO SECOND PRECEDING AND CURRENT ROW)",
        [1, 2, 3, 1, 1, 1, 1, 1],
    ),
    (
        "max(v) OVER (ORDER BY ts RANGE BETWEEN CURRENT ROW AND INTERVAL 90 MINUTES FOLLOWING)",
        "max(v) OVER (ORDER BY ts ASC NULLS FIRST RANGE BETWEEN CURRENT ROW AND INTERVAL '90' MINUTE FOLLOWING)",
        [30, 30, 30, None, 50, 60, 70, 80],
    ),
    (
        "sum(v) OVER (ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 HOUR FOLLOWING)",
        "sum(v) OVER (ORDER BY ts ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL '01' HOUR FOLLOWING)",
        [80, 110, 110, 110, 50, 170, 240, 320],
    ),
    (
        "sum(v) OVER (ORDER BY n RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING)",
        "sum(v) OVER (ORDER BY n ASC NULLS FIRST RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING)",
        [30, 30, 60, 50, 50, 60, 210, 210],
    ),
]

SQL_ERRORS = {
    "sum(v) OVER (ORDER BY ts RANGE BETWEEN 3600 PRECEDING AND CURRENT ROW)": "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE",
    "sum(v) OVER (ORDER BY d, id RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW)": "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER",
    "sum(v) OVER (ORDER BY g RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)": "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
}


@pytest.fixture
def table(spark: Any) -> Any:
    df = spark.createDataFrame(DATA, SCHEMA)
    df.createOrReplaceTempView("t")
    return df


@pytest.mark.parametrize("call,name,values", SQL_CASES)
def test_sql_range_frames(spark: Any, table: Any, call: str, name: str, values: list[Any]) -> None:
    df = spark.sql(f"SELECT id, {call} FROM t")
    assert df.columns == ["id", name]
    assert [r[1] for r in df.orderBy("id").collect()] == values


def test_named_window_with_interval_frame(spark: Any, table: Any) -> None:
    df = spark.sql(
        "SELECT id, sum(v) OVER w FROM t "
        "WINDOW w AS (PARTITION BY g ORDER BY d RANGE BETWEEN INTERVAL 2 DAYS PRECEDING AND CURRENT ROW)"
    )
    assert df.columns[1] == (
        "sum(v) OVER (PARTITION BY g ORDER BY d ASC NULLS FIRST RANGE BETWEEN INTERVAL '2' DAY PRECEDING AND CURRENT ROW)"
    )
    assert [r[1] for r in df.orderBy("id").collect()] == [10, 60, 60, None, 50, 60, 130, 80]


@pytest.mark.parametrize("call,condition", list(SQL_ERRORS.items()))
def test_sql_range_frame_errors(spark: Any, table: Any, call: str, condition: str) -> None:
    with pytest.raises(AnalysisException) as err:
        spark.sql(f"SELECT id, {call} FROM t").collect()
    assert err.value.getCondition() == condition


API_CASES = {
    "int": (
        Window.partitionBy("g").orderBy("n").rangeBetween(-3, 0),
        "sum(v) OVER (PARTITION BY g ORDER BY n ASC NULLS FIRST RANGE BETWEEN -3 FOLLOWING AND CURRENT ROW)",
        [10, 30, 60, 50, 50, 60, 210, 210],
    ),
    "double": (
        Window.orderBy("f").rangeBetween(-3, 0),
        "sum(v) OVER (ORDER BY f ASC NULLS FIRST RANGE BETWEEN -3 FOLLOWING AND CURRENT ROW)",
        [220, 240, 60, 30, 50, 60, 130, 210],
    ),
    "desc": (
        Window.orderBy(F.col("n").desc()).rangeBetween(-3, 0),
        "sum(v) OVER (ORDER BY n DESC NULLS LAST RANGE BETWEEN -3 FOLLOWING AND CURRENT ROW)",
        [60, 50, 30, None, 50, 210, 150, 150],
    ),
}


@pytest.mark.parametrize("case", list(API_CASES))
def test_dataframe_range_between(table: Any, case: str) -> None:
    window, name, values = API_CASES[case]
    df = table.select("id", F.sum("v").over(window))
    assert df.columns == ["id", name]
    assert [r[1] for r in df.orderBy("id").collect()] == values


API_ERRORS = {
    "date": (
        Window.partitionBy("g").orderBy("d").rangeBetween(-3, 0),
        "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE",
    ),
    "timestamp": (Window.orderBy("ts").rangeBetween(-3600, 0), "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE"),
    "two_keys": (Window.orderBy("n", "id").rangeBetween(-3, 0), "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER"),
    "string": (
        Window.orderBy("g").rangeBetween(-1, 0),
        "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
    ),
}


@pytest.mark.parametrize("case", list(API_ERRORS))
def test_dataframe_range_between_errors(table: Any, case: str) -> None:
    window, condition = API_ERRORS[case]
    with pytest.raises(AnalysisException) as err:
        table.select("id", F.sum("v").over(window)).collect()
    assert err.value.getCondition() == condition


def test_date_with_bigint_offset_message(table: Any) -> None:
    with pytest.raises(
        AnalysisException,
        match='The data type "DATE" used in the order specification does not support the data type "BIGINT"',
    ):
        table.select(F.sum("v").over(Window.orderBy("d").rangeBetween(-3, 0))).collect()


FRAME_ERRORS = {
    "sum(v) OVER (ORDER BY d ROWS BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW)": (
        "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE"
    ),
    "sum(v) OVER (ORDER BY id ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW)": (
        "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE"
    ),
    "sum(v) OVER (ORDER BY id RANGE BETWEEN 1 FOLLOWING AND 1 PRECEDING)": (
        "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON"
    ),
    "sum(v) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING)": (
        "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON"
    ),
    "sum(v) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)": "DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER",
    "sum(v) OVER (ORDER BY d RANGE BETWEEN INTERVAL '1 12' DAY TO HOUR PRECEDING AND CURRENT ROW)": (
        "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE"
    ),
}


@pytest.mark.parametrize("call,condition", list(FRAME_ERRORS.items()))
def test_sql_frame_bound_errors(spark: Any, table: Any, call: str, condition: str) -> None:
    with pytest.raises(AnalysisException) as err:
        spark.sql(f"SELECT id, {call} FROM t").collect()
    assert err.value.getCondition() == condition


@pytest.mark.parametrize(
    "window", [Window.orderBy("id").rangeBetween(1, -1), Window.orderBy("id").rowsBetween(1, -1)]
)
def test_dataframe_frame_lower_after_upper(table: Any, window: Any) -> None:
    with pytest.raises(AnalysisException) as err:
        table.select(F.sum("v").over(window)).collect()
    assert err.value.getCondition() == "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON"


def test_decimal_range_offsets(spark: Any, table: Any) -> None:
    df = spark.sql("SELECT id, sum(v) OVER (ORDER BY f RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM t")
    assert (
        df.columns[1]
        == "sum(v) OVER (ORDER BY f ASC NULLS FIRST RANGE BETWEEN (- 1.5) FOLLOWING AND CURRENT ROW)"
    )
    assert [r[1] for r in df.orderBy("id").collect()] == [160, 180, 30, None, 50, 60, 130, 150]


def test_date_range_month_following_descending(spark: Any, table: Any) -> None:
    df = spark.sql(
        "SELECT id, sum(v) OVER (ORDER BY d DESC RANGE BETWEEN CURRENT ROW AND INTERVAL 1 MONTH FOLLOWING) FROM t"
    )
    assert df.columns[1] == (
        "sum(v) OVER (ORDER BY d DESC NULLS LAST RANGE BETWEEN CURRENT ROW AND INTERVAL '1' MONTH FOLLOWING)"
    )
    assert [r[1] for r in df.orderBy("id").collect()] == [10, 60, 60, 60, 50, 60, 130, 150]


def test_interval_frames_through_expr_and_epoch_seconds(spark: Any) -> None:
    """Interval RANGE frames written in F.expr / selectExpr, and the epoch-seconds idiom of the
    DataFrame API (timestamps cast to long, integer offsets)."""
    df = spark.createDataFrame(
        [
            (1, dt.datetime(2024, 1, 1, 0), 10),
            (2, dt.datetime(2024, 1, 1, 5), 20),
            (3, dt.datetime(2024, 1, 2, 1), 30),
        ],
        "id int, ts timestamp, v int",
    )
    six_hours = F.expr("sum(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL 6 HOURS PRECEDING AND CURRENT ROW)")
    assert sorted(tuple(r) for r in df.select("id", six_hours.alias("s")).collect()) == [
        (1, 10),
        (2, 30),
        (3, 30),
    ]
    day = "count(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW) AS c"
    assert sorted(tuple(r) for r in df.selectExpr("id", day).collect()) == [(1, 1), (2, 2), (3, 2)]
    epoch = Window.orderBy(F.col("ts").cast("long")).rangeBetween(-6 * 3600, 0)
    assert sorted(tuple(r) for r in df.select("id", F.sum("v").over(epoch)).collect()) == [
        (1, 10),
        (2, 30),
        (3, 30),
    ]
