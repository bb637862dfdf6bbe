"""GROUP BY keys holding maps inside arrays or map values group maps with the same entries in
any order together, as Spark 4 sorts every map in a grouping key (only top-level maps and maps
in struct fields were sorted; expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

import engine
from tests.sql.statements import rows


def test_arrays_of_maps_with_the_same_entries_are_one_group(spark: engine.SparkSession) -> None:
    q = (
        "SELECT a, count(*) FROM VALUES (ARRAY(MAP(2, 3, 1, 2))), (ARRAY(MAP(1, 2, 2, 3))), "
        "(CAST(NULL AS ARRAY<MAP<INT,INT>>)), (ARRAY(CAST(NULL AS MAP<INT,INT>))) AS t(a) GROUP BY a"
    )
    assert sorted(rows(spark, q), key=repr) == sorted([(None, 1), ([None], 1), ([{1: 2, 2: 3}], 2)], key=repr)


def test_maps_of_maps_with_the_same_entries_are_one_group(spark: engine.SparkSession) -> None:
    q = (
        "SELECT count(*) FROM VALUES (map(1, map(1, 2, 2, 3))), (map(1, map(2, 3, 1, 2))), (map(1, map(2, 3))) "
        "AS t(m) GROUP BY m"
    )
    assert sorted(rows(spark, q)) == [(1,), (2,)]


def test_count_distinct_of_arrays_of_maps(spark: engine.SparkSession) -> None:
    q = "SELECT count(DISTINCT a) FROM VALUES (ARRAY(MAP(1, 2, 2, 3))), (ARRAY(MAP(2, 3, 1, 2))) AS t(a)"
    assert rows(spark, q) == [(1,)]
