"""SparkSession.emptyDataFrame, job tags, interrupt*, and spark.tvf; expected values from PySpark 4.3."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine import types as T
from engine.errors import IllegalArgumentException, PySparkTypeError, PySparkValueError


def test_empty_data_frame(spark):
    df = spark.emptyDataFrame("a int, b string")
    assert df.schema == T.StructType([T.StructField("a", T.IntegerType()), T.StructField("b", T.StringType())])
    assert df.collect() == []
    strict = spark.emptyDataFrame(T.StructType([T.StructField("x", T.LongType(), False)]))
    assert strict.schema == T.StructType([T.StructField("x", T.LongType(), False)])
    assert repr(spark.emptyDataFrame("int")) == "DataFrame[value: int]"
    with pytest.raises(PySparkTypeError, match="should be list, None or StructType, got int"):
        spark.emptyDataFrame(1)


def test_job_tags(spark):
    spark.addTag("a")
    spark.addTag("b")
    assert sorted(spark.getTags()) == ["a", "b"]
    spark.removeTag("zz")
    spark.removeTag("a")
    assert spark.getTags() == {"b"}
    spark.clearTags()
    assert spark.getTags() == set()
    with pytest.raises(IllegalArgumentException, match="Spark job tag cannot contain ','."):
        spark.addTag("a,b")
    with pytest.raises(IllegalArgumentException, match="Spark job tag cannot be an empty string."):
        spark.addTag("")
    assert spark.interruptAll() == [] and spark.interruptTag("a,b") == [] and spark.interruptOperation("1") == []


def _rows(df):
    return [tuple(r) for r in df.collect()]


def test_table_valued_functions(spark):
    tvf = spark.tvf
    assert _rows(tvf.range(3)) == [(0,), (1,), (2,)]
    assert _rows(tvf.range(1, 7, 2)) == [(1,), (3,), (5,)]
    exploded = tvf.explode(F.array(F.lit(1), F.lit(2)))
    assert exploded.columns == ["col"] and _rows(exploded) == [(1,), (2,)]
    assert _rows(tvf.explode_outer(F.array())) == [(None,)]
    assert tvf.explode(F.create_map(F.lit("a"), F.lit(1))).collect()[0].asDict() == {"key": "a", "value": 1}
    assert tvf.posexplode(F.array(F.lit("x"), F.lit("y"))).columns == ["pos", "col"]
    assert _rows(tvf.posexplode(F.array(F.lit("x"), F.lit("y")))) == [(0, "x"), (1, "y")]
    assert _rows(tvf.posexplode_outer(F.lit(None).cast("array<int>"))) == [(None, None)]
    inlined = tvf.inline(F.array(F.struct(F.lit(1).alias("a"), F.lit("x").alias("b"))))
    assert inlined.columns == ["a", "b"] and _rows(inlined) == [(1, "x")]
    assert _rows(tvf.inline_outer(F.array().cast("array<struct<a:int>>"))) == [(None,)]
    parsed = tvf.json_tuple(F.lit('{"a":1,"b":2}'), F.lit("a"), F.lit("b"))
    assert parsed.columns == ["c0", "c1"] and _rows(parsed) == [("1", "2")]
    stacked = tvf.stack(F.lit(2), F.lit(1), F.lit(2), F.lit(3))
    assert stacked.columns == ["col0", "col1"] and _rows(stacked) == [(1, 2), (3, None)]
    with pytest.raises(PySparkValueError, match="CANNOT_BE_EMPTY"):
        tvf.json_tuple(F.lit("{}"))


def test_with_watermark_is_checked_and_has_no_effect_on_batch_data(spark):
    import datetime

    from engine.errors import AnalysisException

    df = spark.createDataFrame([(datetime.datetime(2020, 1, 1), 1)], "t timestamp, v int")
    assert [tuple(r) for r in df.withWatermark("t", "10 minutes").collect()] == [(datetime.datetime(2020, 1, 1), 1)]
    assert df.withWatermark("t", "10 minutes").schema == df.schema
    assert df.withWatermark("t", "10 minutes").sameSemantics(df)
    with pytest.raises(AnalysisException, match="CANNOT_PARSE_INTERVAL"):
        df.withWatermark("t", "bogus")
    with pytest.raises(PySparkTypeError, match="`eventTime` should be str, got NoneType"):
        df.withWatermark(None, "1 minute")
    with pytest.raises(IllegalArgumentException, match=r"delay threshold \(-1 minute\) should not be negative"):
        df.withWatermark("t", "-1 minute")


def test_builder_class_is_exposed(spark):
    assert isinstance(type(spark).builder, type(spark).Builder)


@pytest.mark.parametrize(
    ("member", "call"),
    [
        ("copyFromLocalToFs", lambda s: s.copyFromLocalToFs("a", "b")),
        ("registerProgressHandler", lambda s: s.registerProgressHandler(lambda **kw: None)),
        ("removeProgressHandler", lambda s: s.removeProgressHandler(lambda **kw: None)),
        ("clearProgressHandlers", lambda s: s.clearProgressHandlers()),
        ("client", lambda s: s.client),
    ],
)
def test_spark_connect_only_members_raise_as_in_pyspark_classic(spark, member, call):
    from engine.errors import PySparkRuntimeError

    with pytest.raises(PySparkRuntimeError) as e:
        call(spark)
    assert e.value.getCondition() == "ONLY_SUPPORTED_WITH_SPARK_CONNECT"
    assert f"SparkSession.{member} is only supported with Spark Connect" in str(e.value)


@pytest.mark.parametrize("how", ["all", "tag", "operation"])
def test_interrupting_a_job_running_in_another_thread(spark, how):
    import threading
    import time

    from engine.errors import SparkRuntimeException

    def slow(x):
        time.sleep(0.2)
        return x

    outcome: dict[str, object] = {}

    def run() -> None:
        spark.addTag("slow-job")
        try:
            outcome["rows"] = spark.range(40, numPartitions=8).select(F.udf(slow, "long")("id")).collect()
        except SparkRuntimeException as e:
            outcome["error"] = e
        finally:
            spark.clearTags()

    worker = threading.Thread(target=run)
    worker.start()
    ids: list[str] = []
    deadline = time.time() + 30
    while not ids and worker.is_alive() and time.time() < deadline:
        time.sleep(0.05)
        if how == "all":
            ids = spark.interruptAll()
        elif how == "tag":
            assert spark.interruptTag("another-tag") == []
            ids = spark.interruptTag("slow-job")
        else:
            running = list(spark._operations._running)
            ids = spark.interruptOperation(running[0]) if running else []
    worker.join()
    assert len(ids) == 1 and "rows" not in outcome
    error = outcome["error"]
    assert isinstance(error, SparkRuntimeException) and error.getCondition() == "SPARK_JOB_CANCELLED"
    assert f"Job {ids[0]} cancelled" in str(error)
    assert spark.range(3).count() == 3  # the session goes on
