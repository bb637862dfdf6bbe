"""Each branch of a UNION runs its partitions under their own index, as Spark's UnionRDD
computes a child's partition: a seeded rand() in two branches over the same input draws the
same values, so a CTE of random() read twice and unioned holds its rows once, as in Spark.
Above the union the partition index is the union's. (Expected rows from PySpark 4.3 runs.)"""

from __future__ import annotations

import engine
from tests.sql.statements import rows


def test_a_random_cte_read_twice_unions_to_its_own_rows(spark: engine.SparkSession) -> None:
    q = (
        "SELECT count(*) FROM (WITH q1(x) AS (SELECT random() FROM (SELECT explode(sequence(1, 5)))) "
        "SELECT * FROM q1 UNION SELECT * FROM q1) ss"
    )
    assert rows(spark, q) == [(5,)]
    q = "SELECT count(*) FROM (WITH q1(x) AS (SELECT rand(7) FROM range(0, 20, 1, 3)) SELECT * FROM q1 UNION SELECT * FROM q1) s"
    assert rows(spark, q) == [(20,)]


def test_seeded_rand_draws_the_same_values_in_each_branch(spark: engine.SparkSession) -> None:
    q = "SELECT rand(3) FROM range(0, 2, 1, 1) UNION ALL SELECT rand(3) FROM range(0, 2, 1, 1)"
    first, second = 0.25738143505962285, 0.6698885713796182
    assert rows(spark, q) == [(first,), (second,), (first,), (second,)]


def test_the_partition_id_above_a_union_is_the_unions(spark: engine.SparkSession) -> None:
    q = (
        "SELECT spark_partition_id() p, count(*) FROM "
        "(SELECT * FROM range(0, 4, 1, 2) UNION ALL SELECT * FROM range(0, 6, 1, 3)) GROUP BY p ORDER BY p"
    )
    assert rows(spark, q) == [(0, 2), (1, 2), (2, 2), (3, 2), (4, 2)]
