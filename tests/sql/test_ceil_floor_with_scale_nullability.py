"""ceil/floor with a scale are typed nullable whatever their inputs, as round is (Spark's
RoundCeil/RoundFloor are RoundBase expressions); schemas observed in PySpark 4 runs."""

from __future__ import annotations

import engine
from engine import types as T


def test_ceil_floor_with_scale_are_nullable(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT ceil(x, 1), floor(x, -1), ceil(y, 0), floor(z, 1) FROM VALUES (2.55, 2.5D, 3) AS t(x, y, z)"
    )
    assert [(f.dataType, f.nullable) for f in df.schema.fields] == [
        (T.DecimalType(3, 1), True),
        (T.DecimalType(2, 0), True),
        (T.DecimalType(16, 0), True),
        (T.DecimalType(11, 0), True),
    ]
