"""``arrow_udtf``: PyArrow-native UDTFs whose ``eval`` takes Arrow arrays (a TABLE argument as a
RecordBatch) and yields Arrow tables. Expected values came from PySpark 4.3 (local[1])."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine import Row
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, PySparkAttributeError, PythonException
from engine.functions import arrow_udtf


@arrow_udtf(returnType="x int, y int")
class SumTwo:
    def eval(self, x: pa.Array, y: pa.Array):
        assert isinstance(x, pa.Int32Array) and len(x) == 1
        yield pa.table({"x": x, "y": pc.add(x, y)})

    def terminate(self):
        yield pa.table({"x": pa.array([-1], pa.int32()), "y": pa.array([-1], pa.int32())})


@arrow_udtf(returnType="x long, n long")
class BatchSize:
    def eval(self, batch: pa.RecordBatch):
        assert batch.schema.names == ["x", "y"]
        yield pa.table({"x": batch.column("x"), "n": pa.array([batch.num_rows] * batch.num_rows, pa.int64())})


def test_arrow_udtf_gets_arrays_and_yields_tables(spark):
    assert SumTwo(F.lit(1), F.lit(2)).collect() == [Row(x=1, y=3), Row(x=-1, y=-1)]
    assert (SumTwo.evalType, SumTwo.returnType) == (
        302, T.StructType([T.StructField("x", T.IntegerType()), T.StructField("y", T.IntegerType())])
    )


def test_arrow_udtf_gets_a_table_argument_as_record_batches_per_partition(spark):
    df = spark.range(5).selectExpr("id as x", "id * 2 as y")
    whole = BatchSize(df.asTable().withSinglePartition())
    assert sorted(whole.collect()) == [Row(x=i, n=5) for i in range(5)]
    by_parity = BatchSize(df.asTable().partitionBy(F.col("x") % 2))
    assert sorted(by_parity.collect()) == [Row(x=0, n=3), Row(x=1, n=2), Row(x=2, n=3), Row(x=3, n=2), Row(x=4, n=3)]


def test_arrow_udtf_output_is_cast_to_the_schema_and_may_be_record_batches(spark):
    @arrow_udtf(returnType="x int")
    class Wide:
        def eval(self, x: pa.Array):
            yield pa.table({"x": pa.array([1, 2], pa.int64())})

    @arrow_udtf(returnType="x int")
    class Batches:
        def eval(self, x: pa.Array):
            yield pa.RecordBatch.from_pydict({"x": pa.array([7], pa.int32())})

    assert Wide(F.lit(1)).collect() == [Row(x=1), Row(x=2)]
    assert Batches(F.lit(1)).collect() == [Row(x=7)]


def test_arrow_udtf_output_must_be_tables_with_the_schemas_names(spark):
    @arrow_udtf(returnType="x int")
    class WrongName:
        def eval(self, x: pa.Array):
            yield pa.table({"z": pa.array([1, 2], pa.int32())})

    @arrow_udtf(returnType="x int")
    class NotTable:
        def eval(self, x: pa.Array):
            yield [1, 2]

    with pytest.raises(PythonException, match=r"\[RESULT_COLUMN_NAMES_MISMATCH\] .* Missing: x\. Unexpected: z\."):
        WrongName(F.lit(1)).collect()
    with pytest.raises(PythonException, match=r"\[UDTF_ARROW_TYPE_CONVERSION_ERROR\] PyArrow UDTF must return"):
        NotTable(F.lit(1)).collect()


def test_arrow_udtf_takes_no_analyze_and_no_lateral_join(spark):
    class WithAnalyze:
        @staticmethod
        def analyze(x):
            pass

        def eval(self, x):
            yield x

    with pytest.raises(PySparkAttributeError, match=r"\[INVALID_ARROW_UDTF_WITH_ANALYZE\] The arrow UDTF 'WithAnalyze'"):
        arrow_udtf(WithAnalyze)
    spark.udtf.register("sum_two", SumTwo)
    spark.createDataFrame([(1,), (2,)], "a int").createOrReplaceTempView("arrow_udtf_t")
    with pytest.raises(AnalysisException, match=r"\[LATERAL_JOIN_WITH_ARROW_UDTF_UNSUPPORTED\] LATERAL JOIN with"):
        spark.sql("SELECT * FROM arrow_udtf_t, LATERAL sum_two(a, a)")
