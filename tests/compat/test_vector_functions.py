"""Spark 4.3's float-vector functions over ``array<float>``: inner product, cosine similarity
(null for a zero vector), Euclidean distance, L1/L2/L-infinity norms and normalization, and the
element-wise vector_sum / vector_avg aggregates. A vector with a null element gives null (and
is skipped by the aggregates); vectors of different dimensions are VECTOR_DIMENSION_MISMATCH; a
degree other than 1, 2 or inf is INVALID_VECTOR_NORM_DEGREE; other array types are refused.
Expected values come from PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, SparkRuntimeException

PAIRS = [
    (1, [1.0, 2.0, 3.0], [4.0, 5.0, 6.0]),
    (2, [0.0, 0.0], [1.0, 2.0]),
    (3, None, [1.0]),
    (4, [1.0, None], [1.0, 2.0]),
    (5, [3.0, -4.0], [3.0, 4.0]),
    (6, [], []),
]


def _pairs(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame(PAIRS, "i int, a array<float>, b array<float>").orderBy("i")


def test_products_similarities_and_distances_are_floats(spark: engine.SparkSession) -> None:
    out = _pairs(spark).select(
        F.vector_cosine_similarity("a", "b"), F.vector_inner_product("a", "b"), F.vector_l2_distance("a", "b")
    )
    assert out.columns == ["vector_cosine_similarity(a, b)", "vector_inner_product(a, b)", "vector_l2_distance(a, b)"]
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["float"] * 3
    assert [tuple(r) for r in out.collect()] == [
        (pytest.approx(0.9746318459510803), 32.0, pytest.approx(5.196152210235596)),
        (None, 0.0, pytest.approx(2.2360680103302)),
        (None, None, None),
        (None, None, None),
        (pytest.approx(-0.2800000011920929), -7.0, 8.0),
        (None, 0.0, 0.0),
    ]


def test_norms_and_normalized_vectors_in_each_degree(spark: engine.SparkSession) -> None:
    df = _pairs(spark).where("i IN (1, 2, 5, 6)")
    out = df.select(
        F.vector_norm("a"), F.vector_norm("a", F.lit(1.0).cast("float")), F.vector_normalize("a"),
        F.vector_normalize("a", F.lit(float("inf")).cast("float")),
    )  # fmt: skip
    assert out.columns == ["vector_norm(a, 2.0)", "vector_norm(a, CAST(1.0 AS FLOAT))", "vector_normalize(a, 2.0)",
                           "vector_normalize(a, CAST(Infinity AS FLOAT))"]  # fmt: skip
    rows = [tuple(r) for r in out.collect()]
    assert rows[0][:2] == (pytest.approx(3.7416574954986572), 6.0)
    assert rows[0][2] == pytest.approx([0.26726123690605164, 0.5345224738121033, 0.8017837405204773])
    assert rows[0][3] == pytest.approx([0.3333333432674408, 0.6666666865348816, 1.0])
    assert rows[1] == (0.0, 0.0, None, None)  # a zero vector cannot be normalized
    assert rows[2] == (5.0, 7.0, pytest.approx([0.6, -0.8]), [0.75, -1.0])
    assert rows[3] == (0.0, 0.0, [], [])


def test_element_wise_sum_and_mean_skip_null_vectors_and_vectors_with_nulls(spark: engine.SparkSession) -> None:
    rows = [(1, [1.0, 2.0]), (1, [3.0, 4.0]), (1, None), (1, [5.0, None]), (2, [2.0]), (3, None)]
    df = spark.createDataFrame(rows, "g int, v array<float>")
    out = df.groupBy("g").agg(F.vector_sum("v"), F.vector_avg("v")).orderBy("g")
    assert out.columns == ["g", "vector_sum(v)", "vector_avg(v)"]
    assert [f.dataType.simpleString() for f in out.schema.fields][1:] == ["array<float>", "array<float>"]
    assert [tuple(r) for r in out.collect()] == [(1, [4.0, 6.0], [2.0, 3.0]), (2, [2.0], [2.0]), (3, None, None)]


def test_vectors_of_different_dimensions_are_refused(spark: engine.SparkSession) -> None:
    with pytest.raises(SparkRuntimeException, match=r"VECTOR_DIMENSION_MISMATCH.*`vector_inner_product`.*got 1 and 2"):
        spark.sql("SELECT vector_inner_product(array(1.0F), array(1.0F, 2.0F))").collect()
    with pytest.raises(SparkRuntimeException, match=r"VECTOR_DIMENSION_MISMATCH.*`vector_avg`.*got 2 and 1"):
        spark.sql("SELECT vector_avg(x) FROM VALUES (array(1.0F, 2.0F)), (array(3.0F)) t(x)").collect()


def test_only_degrees_one_two_and_infinity_and_only_float_arrays(spark: engine.SparkSession) -> None:
    with pytest.raises(SparkRuntimeException, match=r"INVALID_VECTOR_NORM_DEGREE.*`vector_norm`.*got 3.0"):
        spark.sql("SELECT vector_norm(array(1.0F), 3.0F)").collect()
    with pytest.raises(AnalysisException, match=r'UNEXPECTED_INPUT_TYPE.*requires the "ARRAY<FLOAT>" type'):
        spark.sql("SELECT vector_norm(array(1.0D, 2.0D))").collect()
