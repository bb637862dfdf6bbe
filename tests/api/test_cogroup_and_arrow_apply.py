"""``groupBy().applyInArrow`` and ``cogroup().applyInPandas/applyInArrow``; expected rows and
error classes come from PySpark 4.3 running the same functions."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from apihelpers import sorted_tuples

from engine import functions as F
from engine.errors import IllegalArgumentException, PythonException


@pytest.fixture(scope="module")
def left(spark):
    return spark.createDataFrame(
        [(20000101, 1, 1.0), (20000101, 2, 2.0), (20000102, 1, 3.0), (20000102, 2, 4.0)], ("time", "id", "v1")
    )


@pytest.fixture(scope="module")
def right(spark):
    return spark.createDataFrame([(20000101, 1, "x"), (20000101, 2, "y"), (20000103, 3, "z")], ("time", "id", "v2"))


def _sizes(key, lpdf, rpdf):
    return pd.DataFrame([[key[0], len(lpdf), len(rpdf), repr(list(lpdf.columns))]], columns=["k", "nl", "nr", "cols"])


SIZES = "k long, nl long, nr long, cols string"
COLS = "['time', 'id', 'v1']"


def test_cogroup_apply_in_pandas_as_of_join(left, right):
    out = left.groupby("id").cogroup(right.groupby("id")).applyInPandas(
        lambda lp, rp: pd.merge_asof(lp, rp, on="time", by="id"), schema="time int, id int, v1 double, v2 string"
    )
    assert out.columns == ["time", "id", "v1", "v2"]
    assert sorted_tuples(out) == [
        (20000101, 1, 1.0, "x"), (20000101, 2, 2.0, "y"), (20000102, 1, 3.0, "x"), (20000102, 2, 4.0, "y")
    ]  # fmt: skip


def test_cogroup_gives_a_missing_side_an_empty_frame(left, right):
    by_id = left.groupby("id").cogroup(right.groupby("id")).applyInPandas(_sizes, SIZES)
    assert sorted_tuples(by_id) == [(1, 2, 1, COLS), (2, 2, 1, COLS), (3, 0, 1, COLS)]
    by_time = left.groupby("time").cogroup(right.groupby("time")).applyInPandas(_sizes, SIZES)
    assert sorted_tuples(by_time) == [(20000101, 2, 2, COLS), (20000102, 2, 0, COLS), (20000103, 0, 1, COLS)]
    by_expr = left.groupby(F.col("id") % 2).cogroup(right.groupby(F.col("id") % 2)).applyInPandas(_sizes, SIZES)
    assert sorted_tuples(by_expr) == [(0, 2, 1, COLS), (1, 2, 2, COLS)]


def test_cogroup_null_keys_form_one_group(spark):
    a = spark.createDataFrame([(None, 1), (None, 2), (1, 3)], "k int, v int")
    b = spark.createDataFrame([(None, 5)], "k int, v int")
    out = a.groupby("k").cogroup(b.groupby("k")).applyInPandas(
        lambda key, lp, rp: pd.DataFrame([[len(lp), len(rp)]], columns=["nl", "nr"]), "nl long, nr long"
    )
    assert sorted_tuples(out) == [(1, 0), (2, 1)]


def test_cogroup_apply_in_arrow(left, right):
    tables = left.groupby("id").cogroup(right.groupby("id")).applyInArrow(
        lambda lt, rt: pa.table({"nl": [lt.num_rows], "nr": [rt.num_rows], "t": [type(lt).__name__]}),
        "nl long, nr long, t string",
    )
    assert sorted_tuples(tables) == [(0, 1, "Table"), (2, 1, "Table"), (2, 1, "Table")]
    keyed = left.groupby("id").cogroup(right.groupby("id")).applyInArrow(
        lambda key, lt, rt: pa.table({"k": [repr(key)], "nl": [lt.num_rows]}), "k string, nl long"
    )
    assert sorted_tuples(keyed) == [
        ("(<pyarrow.Int64Scalar: 1>,)", 2), ("(<pyarrow.Int64Scalar: 2>,)", 2), ("(<pyarrow.Int64Scalar: 3>,)", 0)
    ]  # fmt: skip
    whole = left.groupby().cogroup(right.groupby()).applyInArrow(
        lambda lt, rt: pa.table({"n": [lt.num_rows + rt.num_rows]}), "n long"
    )
    assert sorted_tuples(whole) == [(7,)]


def test_cogroup_errors(left, right):
    with pytest.raises(IllegalArgumentException, match="Cogroup keys must have same size: 1 != 2"):
        left.groupby("id").cogroup(right.groupby("id", "time")).applyInPandas(lambda lp, rp: lp, "id long")
    with pytest.raises(PythonException, match=r"RESULT_COLUMN_NAMES_MISMATCH.*Missing: nope\. Unexpected: v1\."):
        left.groupby("id").cogroup(right.groupby("id")).applyInArrow(
            lambda lt, rt: lt, "time long, id long, nope long"
        ).collect()


def test_apply_in_arrow_per_group(left):
    def center(t):
        v = t.column("v1")
        return t.set_column(2, "v1", pc.subtract(v, pc.mean(v)))

    out = left.groupby("id").applyInArrow(center, "time long, id long, v1 double")
    assert sorted_tuples(out) == [(20000101, 1, -1.0), (20000101, 2, -1.0), (20000102, 1, 1.0), (20000102, 2, 1.0)]
    keyed = left.groupby("id").applyInArrow(lambda key, t: pa.table({"k": [repr(key)], "n": [t.num_rows]}), "k string, n long")
    assert sorted_tuples(keyed) == [("(<pyarrow.Int64Scalar: 1>,)", 2), ("(<pyarrow.Int64Scalar: 2>,)", 2)]
    whole = left.groupby().applyInArrow(lambda t: pa.table({"n": [t.num_rows]}), "n long")
    assert sorted_tuples(whole) == [(4,)]


def test_apply_in_arrow_over_batches(left):
    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        yield pa.RecordBatch.from_pydict({"n": [sum(b.num_rows for b in batches)]})

    assert sorted_tuples(left.groupby("id").applyInArrow(count, "n long")) == [(2,), (2,)]


@pytest.mark.parametrize(
    ("func", "schema", "message"),
    [
        (lambda t: pd.DataFrame({"n": [1]}), "n long", r"\[UDF_RETURN_TYPE\] Return type of the user-defined function "
         r"should be pyarrow.Table, but is DataFrame\."),
        (lambda t: pa.table({"m": [1]}), "n long", r"\[RESULT_COLUMN_NAMES_MISMATCH\] Column names of the returned data "
         r"do not match specified schema\. Missing: n\. Unexpected: m\."),
        (lambda t: pa.table({"n": [1], "x": [2]}), "n long", r"Unexpected: x\."),
        (lambda t: pa.table({"n": [1]}), "n int", r"\[RESULT_COLUMN_TYPES_MISMATCH\] Column types of the returned data "
         r"do not match specified schema\. Mismatch: column 'n' \(expected int32, actual int64\)\."),
    ],
)  # fmt: skip
def test_apply_in_arrow_result_errors(left, func, schema, message):
    with pytest.raises(PythonException, match=message):
        left.groupby("id").applyInArrow(func, schema).collect()


@pytest.mark.parametrize(
    ("func", "schema", "message"),
    [
        (lambda p: pd.DataFrame({"x": [1]}), "id long", r"\[RESULT_COLUMN_NAMES_MISMATCH\] Column names of the "
         r"returned data do not match specified schema\. Missing: id\. Unexpected: x\."),
        (lambda p: pd.DataFrame({"id": [1], "x": [2]}), "id long", r"schema\. Unexpected: x\."),
        (lambda p: pd.DataFrame([[1, 2]]), "id long", r"\[RESULT_COLUMN_SCHEMA_MISMATCH\] Number of columns of the "
         r"returned data doesn't match specified schema\. Expected: 1 Actual: 2"),
        (lambda p: 1, "id long", r"\[UDF_RETURN_TYPE\] Return type of the user-defined function should be "
         r"pandas\.DataFrame, but is int\."),
    ],
)  # fmt: skip
def test_apply_in_pandas_result_errors(left, func, schema, message):
    with pytest.raises(PythonException, match=message):
        left.groupby("id").applyInPandas(func, schema).collect()
