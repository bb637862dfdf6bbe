"""sequence() over dates and timestamps given a step that cannot work: PySpark 4's errors."""

from __future__ import annotations

import datetime

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException

D1, D2 = datetime.date(2024, 1, 1), datetime.date(2024, 1, 5)
T1, T2 = datetime.datetime(2024, 1, 1), datetime.datetime(2024, 1, 2)


@pytest.mark.parametrize(
    ("start", "stop", "step", "message"),
    [
        (D1, D2, "interval -1 day", "19723 to 19727 by -1"),  # whole days: days since the epoch
        (D2, D1, "interval 1 day", "19727 to 19723 by 1"),
        (D1, D2, "interval -1 month", "1704067200000000 to 1704412800000000 by -1"),  # months
        (D1, D2, "interval '-1-1' year to month", "1704067200000000 to 1704412800000000 by -13"),
        (D1, D2, "interval -36 hours", "1704067200000000 to 1704412800000000 by -129600000000"),
        (T1, T2, "interval -1 hour", "1704067200000000 to 1704153600000000 by -3600000000"),
        (T1, T2, "interval -1 day", "1704067200000000 to 1704153600000000 by -86400000000"),
        (T1, T2, "interval 0 hours", "1704067200000000 to 1704153600000000 by 0"),
        (T1, T2, "interval 0 month", "1704067200000000 to 1704153600000000 by 0"),
    ],
)
def test_a_step_away_from_stop_names_the_boundaries(
    spark: engine.SparkSession, start: object, stop: object, step: str, message: str
) -> None:
    with pytest.raises(IllegalArgumentException) as info:
        spark.range(1).select(F.sequence(F.lit(start), F.lit(stop), F.expr(step))).collect()
    assert str(info.value) == f"requirement failed: Illegal sequence boundaries: {message}"


@pytest.mark.parametrize(
    ("step", "kind"),
    [("interval 12 hours", "day to second"), ("interval 0 day", "day to second"), ("interval 0 month", "year to month")],
)
def test_dates_need_a_step_of_at_least_a_day(spark: engine.SparkSession, step: str, kind: str) -> None:
    with pytest.raises(IllegalArgumentException) as info:
        spark.range(1).select(F.sequence(F.lit(D1), F.lit(D2), F.expr(step))).collect()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_3242"
    assert str(info.value) == (
        f"sequence step must be an interval {kind} of day granularity if start and end values are dates"
    )


def test_a_zero_step_between_equal_timestamps_is_one_element(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(F.sequence(F.lit(T1), F.lit(T1), F.expr("interval 0 day")).alias("s"))
    assert out.collect()[0].s == [T1]
    assert spark.range(1).select(F.sequence(F.lit(3), F.lit(3), F.lit(0)).alias("s")).collect()[0].s == [3]


@pytest.mark.parametrize(
    ("start", "stop", "step", "name"),
    [
        (T1, T2, F.lit(1), "sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 00:00:00', 1)"),
        (D1, D2, F.lit(1), "sequence(DATE '2024-01-01', DATE '2024-01-05', 1)"),
        (1, 5, F.lit(1.5), "sequence(1, 5, 1.5)"),
        (D1, 3, None, "sequence(DATE '2024-01-01', 3)"),
    ],
)
def test_wrong_input_types(spark: engine.SparkSession, start: object, stop: object, step: object, name: str) -> None:
    call = F.sequence(F.lit(start), F.lit(stop)) if step is None else F.sequence(F.lit(start), F.lit(stop), step)
    with pytest.raises(AnalysisException) as info:
        spark.range(1).select(call).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.SEQUENCE_WRONG_INPUT_TYPES"
    assert str(info.value).startswith(
        f'[DATATYPE_MISMATCH.SEQUENCE_WRONG_INPUT_TYPES] Cannot resolve "{name}" due to data type mismatch: '
        "`sequence` uses the wrong parameter type. The parameter type must conform to:\n"
        "1. The start and stop expressions must resolve to the same type.\n"
    )


def test_a_date_and_a_timestamp_make_timestamps(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(F.sequence(F.lit(D1), F.lit(T2)).alias("s"))
    assert out.collect()[0].s == [datetime.datetime(2024, 1, 1), datetime.datetime(2024, 1, 2)]
