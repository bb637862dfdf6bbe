"""``toArrow`` returns Spark's record batches: each partition's rows in chunks of at most
``spark.sql.execution.arrow.maxRecordsPerBatch`` (10000), and non-nullable columns marked
``not null``. Chunk lengths were printed by PySpark 4.3 for the same frames.
"""

from __future__ import annotations

import pyarrow as pa


def chunk_lengths(table):
    return [len(c) for c in table.column(0).chunks]


def test_each_partition_is_cut_into_batches_of_at_most_ten_thousand_rows(spark):
    assert chunk_lengths(spark.range(0, 25000, 1, 2).toArrow()) == [10000, 2500, 10000, 2500]


def test_a_coalesced_frame_is_one_batch(spark):
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
    out = df.coalesce(1).toArrow()
    assert chunk_lengths(out) == [2]
    assert out.to_pydict() == {"age": [2, 5], "name": ["Alice", "Bob"]}
    assert chunk_lengths(spark.range(0, 5, 1, 3).toArrow()) == [1, 2, 2]


def test_the_batch_size_follows_the_session_setting(spark):
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2")
    try:
        assert chunk_lengths(spark.range(0, 5, 1, 1).toArrow()) == [2, 2, 1]
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")


def test_an_empty_result_is_one_empty_batch_with_the_schema(spark):
    out = spark.range(0, 5, 1, 3).filter("id > 10").toArrow()
    assert out.num_rows == 0 and chunk_lengths(out) == [0]
    assert out.schema == pa.schema([pa.field("id", pa.int64(), nullable=False)])  # id: int64 not null


def test_nullability_of_top_level_columns_is_kept(spark):
    df = spark.createDataFrame([(1, "a")], "x int not null, y string")
    assert [(f.name, f.nullable) for f in df.toArrow().schema] == [("x", False), ("y", True)]
