"""``spark.sql.sources.partitionColumnTypeInference.enabled=false`` reads partition columns as
strings, as in PySpark 4; engine ignored the session setting and typed ``p=10`` as int."""

from __future__ import annotations

import engine


def test_inference_off_reads_partition_values_as_strings(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "t")
    spark.createDataFrame([(1, 10), (2, 20)], "id int, p int").write.partitionBy("p").parquet(path)
    assert spark.read.parquet(path).schema["p"].dataType == engine.types.IntegerType()
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    try:
        df = spark.read.parquet(path)
        assert df.schema["p"].dataType == engine.types.StringType()
        assert sorted(tuple(r) for r in df.collect()) == [(1, "10"), (2, "20")]
    finally:
        spark.conf.unset("spark.sql.sources.partitionColumnTypeInference.enabled")
