"""``DataFrame.toArrow``'s record batches: cut as Spark's Arrow collection cuts them."""

from __future__ import annotations

import pyarrow as pa


def spark_batched(partitions: list[pa.Table], max_rows: int, nullable: list[bool]) -> pa.Table:
    """The rows of `partitions` as one table whose chunks are Spark's record batches: each
    partition's rows in batches of at most `max_rows` (all of them when `max_rows` <= 0), an
    empty partition giving none, and an empty result one empty batch. A column is marked
    ``not null`` in the schema where `nullable` (the DataFrame's top-level fields) says so.

    Spark's ``toArrow`` returns the batches its tasks send, so ``df.coalesce(1).toArrow()``
    is one chunk and a two-partition frame two; engine's own chunking inside a partition (one
    per input block) is an accident of how the partition was computed.
    """
    first = partitions[0].schema
    schema = pa.schema([f.with_nullable(n) for f, n in zip(first, nullable)], metadata=first.metadata)
    batches: list[pa.RecordBatch] = []
    for table in partitions:
        if table.num_rows:
            for b in table.combine_chunks().to_batches(max_chunksize=max_rows if max_rows > 0 else None):
                batches.append(pa.RecordBatch.from_arrays(b.columns, schema=schema))
    if not batches:
        batches = [pa.RecordBatch.from_pylist([], schema=schema)]
    return pa.Table.from_batches(batches, schema)
