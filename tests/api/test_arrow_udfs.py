"""``F.arrow_udf`` (PySpark 4.1): functions over pyarrow Arrays, their kind told by type hints or
``ArrowUDFType`` (expected names and values as PySpark 4.3 gives them)."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from engine import Window
from engine import functions as F
from engine.functions import ArrowUDFType, arrow_udf


def test_scalar_arrow_udf_maps_arrays_to_arrays(spark):
    @arrow_udf("int")
    def width(s: pa.Array) -> pa.Array:
        return pc.utf8_length(s)

    shout = arrow_udf(lambda s: pc.utf8_upper(s), "string", ArrowUDFType.SCALAR)
    out = spark.createDataFrame([("ab",), ("xyz",)], ["w"]).select(width("w"), shout("w"))
    assert out.columns == ["width(w)", "<lambda>(w)"]
    assert [tuple(r) for r in out.collect()] == [(2, "AB"), (3, "XYZ")]
    assert width.evalType == ArrowUDFType.SCALAR == 250


def test_scalar_iterator_arrow_udf_takes_a_tuple_per_batch_for_several_arguments(spark):
    @arrow_udf("long")
    def times(batches: Iterator[tuple[pa.Array, pa.Array]]) -> Iterator[pa.Array]:
        for a, b in batches:
            yield pc.multiply(a, b)

    out = spark.range(1, 4).select(times("id", F.col("id") + 1))
    assert out.columns == ["times(id, (id + 1))"]
    assert [r[0] for r in out.collect()] == [2, 6, 12]
    assert times.evalType == ArrowUDFType.SCALAR_ITER


def test_aggregate_arrow_udfs_over_groups_and_windows(spark):
    @arrow_udf("double")
    def spread(v: pa.Array) -> float:
        return pc.max(v).as_py() - pc.min(v).as_py()

    @arrow_udf("struct<lo: double, hi: double>")
    def bounds(v: pa.Array) -> pa.Scalar:
        t = pa.struct([("lo", pa.float64()), ("hi", pa.float64())])
        return pa.scalar({"lo": pc.min(v).as_py(), "hi": pc.max(v).as_py()}, type=t)

    @arrow_udf("double")
    def total(batches: Iterator[pa.Array]) -> float:
        return sum(pc.sum(b).as_py() for b in batches)

    df = spark.createDataFrame([("a", 1.0), ("a", 4.0), ("b", 2.0)], "g string, v double")
    out = df.groupBy("g").agg(spread("v"), bounds("v"), total("v")).sort("g")
    assert out.columns == ["g", "spread(v)", "bounds(v)", "total(v)"]
    assert [(r[0], r[1], r[2].asDict(), r[3]) for r in out.collect()] == [
        ("a", 3.0, {"lo": 1.0, "hi": 4.0}, 5.0),
        ("b", 0.0, {"lo": 2.0, "hi": 2.0}, 2.0),
    ]
    assert (spread.evalType, total.evalType) == (ArrowUDFType.GROUPED_AGG, ArrowUDFType.GROUPED_AGG_ITER)
    named = df.groupBy("g").agg(spread(v=df.v)).sort("g")
    assert named.columns == ["g", "spread(v => v)"]
    assert [r[1] for r in named.collect()] == [3.0, 0.0]
    w = Window.partitionBy("g").orderBy("v").rowsBetween(-1, 0)
    running = df.withColumn("s", spread("v").over(w)).sort("g", "v")
    assert [r.s for r in running.collect()] == [0.0, 3.0, 0.0]
