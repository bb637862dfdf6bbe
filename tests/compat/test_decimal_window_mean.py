"""avg of a decimal column over a window is decimal(p+4, s+4), rounded half up (observed on PySpark 4)."""

from __future__ import annotations

from decimal import Decimal

import engine
from engine import Window
from engine import functions as F


def test_avg_of_decimal_over_windows(spark: engine.SparkSession) -> None:
    rows = [("a", Decimal("10.00")), ("a", Decimal("-3.33")), ("a", Decimal("0.01")), ("b", None), ("b", Decimal("2.5"))]
    df = spark.createDataFrame(rows, "k string, x decimal(10,2)")
    w = Window.partitionBy("k").orderBy("x")
    out = df.select(
        "k",
        "x",
        F.avg("x").over(Window.partitionBy("k")).alias("whole"),
        F.avg("x").over(w).alias("running"),
        F.avg("x").over(w.rowsBetween(-1, 0)).alias("pair"),
    ).orderBy("k", "x")
    assert out.schema.simpleString() == (
        "struct<k:string,x:decimal(10,2),whole:decimal(14,6),running:decimal(14,6),pair:decimal(14,6)>"
    )
    assert [tuple(r)[2:] for r in out.collect()] == [
        (Decimal("2.226667"), Decimal("-3.330000"), Decimal("-3.330000")),
        (Decimal("2.226667"), Decimal("-1.660000"), Decimal("-1.660000")),
        (Decimal("2.226667"), Decimal("2.226667"), Decimal("5.005000")),
        (Decimal("2.500000"), None, None),
        (Decimal("2.500000"), Decimal("2.500000"), Decimal("2.500000")),
    ]
