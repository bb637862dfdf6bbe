"""Partition transform functions (F.years / months / days / hours / bucket) in
``df.writeTo(t).partitionedBy(...)``, as PySpark 4.3 with its session catalog: bucket makes
a table (engine, like its bucketBy, writes the files unbucketed), the others are refused with
UNSUPPORTED_PARTITION_TRANSFORM; outside partitionedBy they are not SQL functions."""

from __future__ import annotations

import datetime

import pytest
from apihelpers import sorted_tuples

from engine import functions as F
from engine.errors import AnalysisException, PySparkTypeError, UnsupportedOperationException

TS = datetime.datetime(2024, 3, 4, 5, 6, 7)


def _df(spark):
    return spark.sql("select 1 as id, timestamp'2024-03-04 05:06:07' as ts")


@pytest.mark.parametrize("transform", [F.years, F.months, F.days, F.hours])
def test_time_transforms_are_refused_by_the_session_catalog(wh, transform) -> None:
    column = transform("ts")
    name = transform.__name__
    assert str(column) == f"Column<'{name}(ts)'>"
    with pytest.raises(UnsupportedOperationException) as info:
        _df(wh).writeTo(f"t_{name}").partitionedBy(column).create()
    assert info.value.getCondition() == "UNSUPPORTED_PARTITION_TRANSFORM"
    assert f"Unsupported partition transform: `{name}(ts)`." in str(info.value)


def test_bucket_creates_the_table(wh) -> None:
    assert str(F.bucket(4, "id")) == "Column<'bucket(4, id)'>"
    _df(wh).writeTo("t_bucket").partitionedBy(F.bucket(4, "id")).create()
    assert sorted_tuples(wh.table("t_bucket")) == [(1, TS)]
    _df(wh).writeTo("t_mixed").partitionedBy("ts", F.bucket(F.lit(4), "id")).create()
    assert sorted_tuples(wh.table("t_mixed")) == [(1, TS)]


def test_bucket_checks_its_arguments(wh) -> None:
    with pytest.raises(PySparkTypeError) as info:
        F.bucket("x", "id")  # type: ignore[arg-type]
    assert str(info.value).startswith("[NOT_EXPECTED_TYPE] Argument `numBuckets` should be Column or int, got str.")
    with pytest.raises(AnalysisException) as missing:
        _df(wh).writeTo("t_missing").partitionedBy(F.bucket(4, "nope")).create()
    assert missing.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"


def test_transforms_are_not_sql_functions(wh) -> None:
    with pytest.raises(AnalysisException) as info:
        wh.sql("select years(ts) from values (timestamp'2024-01-01') t(ts)").collect()
    assert info.value.getCondition() == "UNRESOLVED_ROUTINE"
