"""``foreachPartition`` and ``df.rdd.glom()`` see the partitions a DataFrame really has: one
call or list per partition, empty ones included, holding that partition's rows.

Expected partitions were printed by PySpark 4.3 (``spark.range`` with an explicit count cuts
rows the same way in both).
"""

from __future__ import annotations

from engine import Row
from engine import functions as F


def test_foreach_partition_is_called_once_per_partition(spark):
    sizes = []
    spark.range(0, 10, 1, 3).foreachPartition(lambda rows: sizes.append(len(list(rows))))
    assert sizes == [3, 3, 4]  # PySpark 4.3: partitions of 3, 3 and 4 rows


def test_foreach_partition_is_called_for_empty_partitions_too(spark):
    seen = []
    spark.range(0, 2, 1, 4).foreachPartition(lambda rows: seen.append([r.id for r in rows]))
    assert seen == [[], [0], [], [1]]


def test_glom_lists_each_partitions_rows(spark):
    # PySpark 4.3: [[Row(id=0)], [Row(id=4)], [Row(id=8)]]
    assert spark.range(0, 10, 1, 3).filter("id % 4 = 0").rdd.glom().collect() == [
        [Row(id=0)], [Row(id=4)], [Row(id=8)],
    ]  # fmt: skip
    doubled = spark.range(0, 7, 1, 2).withColumn("b", F.col("id") * 2).rdd.glom().collect()
    assert [[r.b for r in part] for part in doubled] == [[0, 2, 4], [6, 8, 10, 12]]
