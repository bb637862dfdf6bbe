"""SQL partitioning hints lay the select's rows out as the DataFrame methods of the same names:
``REPARTITION(n[, cols])``, ``REPARTITION_BY_RANGE(n, cols)``, ``COALESCE(n)``. The counts of
partitions were observed in PySpark 4.3; the rows are those of the query without its hint."""

from __future__ import annotations

import pytest

import engine


@pytest.mark.parametrize(
    "query,partitions",
    [
        ("SELECT /*+ REPARTITION(5) */ * FROM hint_facts", 5),
        ("SELECT /*+ REPARTITION(3, dim) */ dim, sum(amt) s FROM hint_facts GROUP BY dim", 3),
        ("SELECT /*+ COALESCE(1) */ * FROM hint_facts", 1),
        ("SELECT /*+ REPARTITION_BY_RANGE(3, id) */ * FROM hint_facts", 3),
    ],
)
def test_hint_sets_the_partitions_and_keeps_the_rows(spark: engine.SparkSession, query: str, partitions: int) -> None:
    spark.createDataFrame([(i, i % 4, float(i)) for i in range(20)], "id int, dim int, amt double").createOrReplaceTempView(
        "hint_facts"
    )
    hinted = spark.sql(query)
    plain = spark.sql("SELECT" + query.split("*/", 1)[1])
    assert hinted.rdd.getNumPartitions() == partitions
    assert sorted(hinted.collect()) == sorted(plain.collect())


def test_a_join_hint_changes_no_answer(spark: engine.SparkSession) -> None:
    spark.createDataFrame([(0, "zero"), (1, "one")], "dim int, name string").createOrReplaceTempView("hint_dims")
    spark.createDataFrame([(1, 0), (2, 1), (3, 1)], "id int, dim int").createOrReplaceTempView("hint_ids")
    rows = spark.sql(
        "SELECT /*+ BROADCAST(d) */ d.name, count(*) c FROM hint_ids f JOIN hint_dims d ON f.dim = d.dim GROUP BY d.name"
    ).collect()
    assert sorted(map(tuple, rows)) == [("one", 2), ("zero", 1)]
