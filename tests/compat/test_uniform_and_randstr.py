"""uniform and randstr (Spark 4) draw Spark's own values for a seed: engine reproduces
Spark's XORShiftRandom, seeded per partition with ``seed + partition index``. Every expected
value below came from PySpark 4.3 (``local[1]``, so one partition unless stated)."""

from __future__ import annotations

import decimal

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.compute.xorshift import next_doubles, next_ints
from engine.errors import AnalysisException


def test_the_generator_is_sparks_xorshift_random() -> None:
    # new XORShiftRandom(0).nextDouble() three times: what rand(0) shows in Spark
    assert next_doubles(0, 0, 3).tolist() == [0.7604953758285915, 0.5234194256885571, 0.0953472826424725]
    # a batch that starts two draws into its partition continues the same sequence
    assert next_doubles(0, 2, 1).tolist() == [0.0953472826424725]
    assert next_ints(0, 0, 3).tolist() == next_ints(0, 0, 5)[:3].tolist()


def test_uniform_with_a_seed_draws_sparks_values(spark: engine.SparkSession) -> None:
    assert [r[0] for r in spark.sql("select uniform(10, 20, 0) from range(0, 5, 1, 1)").collect()] == [17, 15, 10, 13, 17]
    rows = spark.sql("select uniform(0, 1000000, 7), uniform(0.0D, 1.0D, 5), uniform(-5, 5, 1) from range(0, 3, 1, 1)").collect()
    assert [tuple(r) for r in rows] == [
        (281881, 0.02390696427502892, 1), (459988, 0.09509767744084452, 0), (769097, 0.7705061443410145, -3),
    ]  # fmt: skip


def test_uniform_seeds_each_partition_with_seed_plus_its_index(spark: engine.SparkSession) -> None:
    rows = spark.sql("select uniform(0, 10, 3) from range(0, 6, 1, 2)").collect()
    assert [r[0] for r in rows] == [2, 6, 9, 9, 0, 1]


def test_uniform_result_type_follows_the_bounds(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "select uniform(1, 2.5, 0), uniform(1.5, 2.55, 0), uniform(1Y, 2S, 0), uniform(1.0F, 2, 0), "
        "uniform(20, 10, 0), uniform(null, 1, 0), uniform(1, 2, null), uniform(10L, 20, 1)"
    )
    assert [f.dataType for f in df.schema.fields] == [
        T.DecimalType(2, 1), T.DecimalType(3, 2), T.ShortType(), T.FloatType(), T.IntegerType(), T.DoubleType(),
        T.IntegerType(), T.LongType(),
    ]  # fmt: skip
    assert tuple(df.first()) == (
        decimal.Decimal("2.1"), decimal.Decimal("2.30"), 1, 1.7604954242706299, 12, None, 1, 16,
    )  # fmt: skip


def test_randstr_draws_sparks_strings(spark: engine.SparkSession) -> None:
    assert [r[0] for r in spark.sql("select randstr(5, 0) from range(0, 3, 1, 1)").collect()] == ["ceV0P", "XaR2I", "lBhHi"]
    rows = spark.sql("select randstr(10, 7) from range(0, 2, 1, 1)").collect()
    assert [r[0] for r in rows] == ["6Ogz59i3TI", "1AyJ6aE80T"]
    row = spark.sql("select randstr(0, 1), randstr(3, 1), randstr(null, 1), randstr(3, null), randstr(3.5, 0)").first()
    assert tuple(row) == ("", "fYx", "", "ceV", "ceV")


def test_a_seed_chosen_by_engine_is_left_out_of_the_name(spark: engine.SparkSession) -> None:
    # one partition, as PySpark's local[1]: the row's draws come from seed 42 + partition 0
    df = spark.range(0, 1, 1, 1).select(
        F.uniform(F.lit(0), F.lit(10), F.lit(42)), F.uniform(0, 10), F.randstr(F.lit(4), F.lit(42)), F.randstr(4)
    )
    assert df.columns == ["uniform(0, 10, 42)", "uniform(0, 10)", "randstr(4, 42)", "randstr(4)"]
    assert [f.nullable for f in df.schema.fields] == [False] * 4
    row = df.first()
    assert (row[0], row[2]) == (6, "pll6")
    assert 0 <= row[1] < 10 and len(row[3]) == 4 and row[3].isalnum()
    assert spark.sql("select uniform(10, 20), randstr(3)").columns == ["uniform(10, 20)", "randstr(3)"]


@pytest.mark.parametrize(
    ("query", "condition", "message"),
    [
        (
            "select uniform(id, 10, 0) from range(3)", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            'the input `min` should be a foldable integer or floating-point expression; however, got "id".',
        ),
        (
            "select uniform(0, 10, id) from range(3)", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            'the input `seed` should be a foldable integer or floating-point expression; however, got "id".',
        ),
        (
            "select uniform('a', 10, 0)", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            'The first parameter requires the "NUMERIC" type, however "a" has the type "STRING".',
        ),
        (
            "select uniform(10, 20, 'a')", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            'The third parameter requires the ("INT" or "BIGINT") type, however "a" has the type "STRING".',
        ),
        (
            "select randstr(id, 0) from range(2)", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            'the input `length` should be a foldable integer expression; however, got "id".',
        ),
        (
            "select randstr(-1, 0)", "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
            "The `length` must be between [0, 2147483647] (current value = -1).",
        ),
    ],
)  # fmt: skip
def test_argument_errors(spark: engine.SparkSession, query: str, condition: str, message: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == condition
    assert message in str(info.value)


def test_rand_and_randn_with_a_seed_draw_sparks_values(spark: engine.SparkSession) -> None:
    rows = spark.sql("select rand(0), rand(42), randn(0) from range(0, 3, 1, 1)").collect()
    assert [tuple(r) for r in rows] == [
        (0.7604953758285915, 0.619189370225301, 1.6034991609278433),
        (0.5234194256885571, 0.5096018842446481, 0.14416006165776865),
        (0.0953472826424725, 0.8325259388871524, -0.6253564498627744),
    ]
