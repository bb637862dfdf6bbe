"""``df.writeTo(table)`` (DataFrameWriterV2) over warehouse tables: create's and the missing
table's errors are PySpark 4.3's; append/replace/overwrite follow Spark's V2 table semantics
(Spark's own V1 session catalog refuses them, see engine/api/writer_v2.py)."""

from __future__ import annotations

import pytest
from apihelpers import sorted_tuples

from engine import functions as F
from engine.errors import AnalysisException, UnsupportedOperationException

ROWS = [(1, "a", 1.5), (2, None, None)]


def _df(spark, rows=ROWS, schema="i int, s string, d double"):
    return spark.createDataFrame(rows, schema)


def test_create_append_and_errors(wh):
    df = _df(wh)
    df.writeTo("t1").create()
    assert sorted_tuples(wh.table("t1")) == [(1, "a", 1.5), (2, None, None)]
    with pytest.raises(AnalysisException) as e:
        df.writeTo("t1").create()
    assert e.value.getCondition() == "TABLE_OR_VIEW_ALREADY_EXISTS"
    assert "Cannot create table or view `spark_catalog`.`default`.`t1` because it already exists." in str(e.value)
    df.select("s", "d", "i").writeTo("t1").append()  # by name
    assert sorted_tuples(wh.table("t1")) == [(1, "a", 1.5), (1, "a", 1.5), (2, None, None), (2, None, None)]
    for write in (lambda w: w.append(), lambda w: w.overwrite(F.col("i") == 1), lambda w: w.overwritePartitions()):
        with pytest.raises(AnalysisException) as e:
            write(df.writeTo("missing"))
        assert e.value.getCondition() == "TABLE_OR_VIEW_NOT_FOUND"


@pytest.mark.parametrize(
    ("rows", "schema", "error_class"),
    [
        ([(1,)], "i int", "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA"),
        ([(1, "a", 1.5, 7)], "i int, s string, d double, e int", "INCOMPATIBLE_DATA_FOR_TABLE.EXTRA_COLUMNS"),
        ([("x", "a", 1.5)], "i string, s string, d double", "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST"),
    ],
)
def test_append_by_name_rejects_mismatched_columns(wh, rows, schema, error_class):
    _df(wh).writeTo("t2").create()
    with pytest.raises(AnalysisException) as e:
        _df(wh, rows, schema).writeTo("t2").append()
    assert e.value.getCondition() == error_class
    assert wh.table("t2").count() == 2


def test_replace_and_create_or_replace(wh):
    df = _df(wh)
    with pytest.raises(AnalysisException, match="CANNOT_REPLACE_MISSING_TABLE"):
        df.writeTo("t3").replace()
    df.writeTo("t3").createOrReplace()
    df.writeTo("t3").createOrReplace()
    assert wh.table("t3").count() == 2
    df.select("i").writeTo("t3").replace()
    assert wh.table("t3").columns == ["i"] and sorted_tuples(wh.table("t3")) == [(1,), (2,)]


def test_overwrite_by_condition_and_partitions(wh):
    df = _df(wh)
    df.writeTo("t4").using("parquet").partitionedBy("i").tableProperty("k", "v").option("compression", "zstd").create()
    assert wh.table("t4").columns == ["s", "d", "i"]
    _df(wh, [(1, "zz", 9.0), (3, "c", 3.0)]).writeTo("t4").overwritePartitions()
    assert sorted_tuples(wh.table("t4")) == [(None, None, 2), ("c", 3.0, 3), ("zz", 9.0, 1)]
    _df(wh, [(1, "zz", 9.0)]).writeTo("t4").overwrite(F.col("i") > 1)
    assert sorted_tuples(wh.table("t4")) == [("zz", 9.0, 1), ("zz", 9.0, 1)]
    wh.table("t4").writeTo("t4").overwrite(F.lit(True))  # reads the table it replaces
    assert sorted_tuples(wh.table("t4")) == [("zz", 9.0, 1), ("zz", 9.0, 1)]


def test_settings_errors(wh):
    df = _df(wh)
    with pytest.raises(UnsupportedOperationException, match="UNSUPPORTED_PARTITION_TRANSFORM"):
        df.writeTo("t5").partitionedBy(F.col("i") + 1)
    with pytest.raises(AnalysisException, match="UNSUPPORTED_FEATURE"):
        df.writeTo("t5").using("orc")
    df.createOrReplaceTempView("v_write_to")
    with pytest.raises(AnalysisException, match="VIEW_WRITE_NOT_ALLOWED"):
        df.writeTo("v_write_to").append()
    wh.catalog.dropTempView("v_write_to")
    df.writeTo("t6").clusterBy("i").create()
    assert wh.table("t6").count() == 2
