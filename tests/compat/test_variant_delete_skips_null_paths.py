"""variant_delete skips a null path (the other paths still apply, the document is kept), where
a null document stays null. Expected values come from PySpark 4.3."""

from __future__ import annotations

import engine
from engine import functions as F


def test_null_paths_are_skipped_not_a_null_result(spark: engine.SparkSession) -> None:
    rows = [(1, '{"a":1,"b":2,"c":3}', "$.a"), (2, '{"a":1,"b":2}', None)]
    df = spark.createDataFrame(rows, "i int, j string, p string").orderBy("i")
    doc = F.parse_json("j")
    out = df.select(
        F.to_json(F.variant_delete(doc, F.col("p"), "$.b")).alias("r"),
        F.to_json(F.variant_delete(doc, F.lit(None))).alias("s"),
    )
    assert [tuple(r) for r in out.collect()] == [('{"c":3}', '{"a":1,"b":2,"c":3}'), ('{"a":1}', '{"a":1,"b":2}')]
