"""sample / randomSplit / dropDuplicates(WithinWatermark) arguments: PySpark 4's answers and errors."""

from __future__ import annotations

import os

import pytest

import engine
from engine.errors import AnalysisException, IllegalArgumentException, PySparkTypeError, PySparkValueError


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.range(10)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((True, -0.1), "requirement failed: Sampling fraction (-0.1) must be nonnegative with replacement"),
        ((-0.1,), "requirement failed: Sampling fraction (-0.1) must be on interval [0, 1] without replacement"),
        ((1.5,), "requirement failed: Sampling fraction (1.5) must be on interval [0, 1] without replacement"),
    ],
)
def test_sample_fraction_out_of_range(df: engine.DataFrame, args: tuple, message: str) -> None:
    with pytest.raises(IllegalArgumentException) as info:
        df.sample(*args).count()
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("call", "got"),
    [
        (lambda d: d.sample(), "NoneType, NoneType, NoneType"),
        (lambda d: d.sample(1), "int, NoneType, NoneType"),
        (lambda d: d.sample("x"), "str, NoneType, NoneType"),
        (lambda d: d.sample(fraction=2), "NoneType, int, NoneType"),
    ],
)
def test_sample_fraction_must_be_a_float(df: engine.DataFrame, call: object, got: str) -> None:
    with pytest.raises(PySparkTypeError) as info:
        call(df)  # type: ignore[operator]
    assert str(info.value) == (
        "[NOT_EXPECTED_TYPE] Argument `withReplacement (optional), fraction (required) and seed (optional)` "
        f"should be bool, float or int, got {got}."
    )


def test_sample_spellings_that_work(df: engine.DataFrame) -> None:
    assert df.sample(fraction=1.0, seed=3).count() == 10
    assert df.sample(0.0, 5).count() == 0
    assert df.sample(False, 1.0, 3).count() == 10
    assert df.sample(True, 2.0).count() >= 0


def test_random_split_weights(df: engine.DataFrame) -> None:
    with pytest.raises(PySparkValueError, match=r"^\[VALUE_NOT_POSITIVE\] Value for `weights` must be positive, got '-2'\.$"):
        df.randomSplit([1, -2], 3)
    with pytest.raises(IllegalArgumentException) as info:
        df.randomSplit([0.0, 0.0])
    assert str(info.value) == "requirement failed: Sum of weights must be positive, but got [0.0,0.0]"
    parts = df.randomSplit([1.0, 3.0], seed=7)
    assert sum(p.count() for p in parts) == 10 and parts[0].intersect(parts[1]).count() == 0


def test_drop_duplicates_subset(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2), (1, 3)], "a int, b int")
    with pytest.raises(AnalysisException) as info:
        df.dropDuplicates(["a", "nope"])
    assert str(info.value) == '[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name "nope" among (a, b). SQLSTATE: 42703'
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN_AMONG_FIELD_NAMES"):
        df.dropDuplicates(["a.b"])
    with pytest.raises(PySparkTypeError, match=r"^\[NOT_EXPECTED_TYPE\] Argument `subset` should be list or tuple, got str\.$"):
        df.dropDuplicates("a")
    assert df.dropDuplicates(["A"]).count() == 1 and df.dropDuplicates(("a", "b")).count() == 2


def test_drop_duplicates_within_watermark_fails_the_first_batch_action(
    spark: engine.SparkSession, tmp_path: os.PathLike[str]
) -> None:
    d = spark.range(10).dropDuplicatesWithinWatermark(["id"])
    assert d.columns == ["id"]  # built and checked, as in Spark
    message = "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets;"
    for action in (d.collect, d.count, d.filter("id > 1").toPandas, lambda: d.write.parquet(os.path.join(str(tmp_path), "o"))):
        with pytest.raises(AnalysisException) as info:
            action()
        assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_3102"
        assert str(info.value) == message
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN_AMONG_FIELD_NAMES"):
        spark.range(3).dropDuplicatesWithinWatermark(["nope"])
