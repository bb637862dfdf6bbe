"""Subqueries over a UNION [ALL | DISTINCT] whose branches filter on outer columns, as Spark
decorrelates them: each branch is joined with the distinct outer values it reads, so every
outer row sees the union of its own branch rows (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW cu_o (oa, ob) AS VALUES (1, 1), (2, 0)")
    spark.sql("CREATE OR REPLACE TEMP VIEW cu_l (la, lb, lc) AS VALUES (1, 1, 3)")
    spark.sql("CREATE OR REPLACE TEMP VIEW cu_r (ra, rb, rc) AS VALUES (1, 1, 5), (2, 2, 7)")
    yield spark
    for v in ("cu_o", "cu_l", "cu_r"):
        spark.catalog.dropTempView(v)


@pytest.mark.parametrize(
    ("branches", "expected"),
    [
        ("SELECT lc c FROM cu_l WHERE la = oa UNION ALL SELECT rc FROM cu_r WHERE rb = ob", [(1, 1)]),
        ("SELECT lc c FROM cu_l WHERE la = oa UNION ALL SELECT rc FROM cu_r WHERE ra = oa", [(1, 1), (2, 0)]),
        # non-equality correlations, and a branch reading a different outer column
        ("SELECT lc c FROM cu_l WHERE la > oa UNION ALL SELECT rc FROM cu_r WHERE rb <= ob", [(1, 1)]),
        ("SELECT lc c FROM cu_l WHERE la = oa UNION DISTINCT SELECT rc FROM cu_r WHERE rb = ob", [(1, 1)]),
    ],
)
def test_a_scalar_aggregate_over_a_correlated_union(
    views: engine.SparkSession, branches: str, expected: list[tuple[object, ...]]
) -> None:
    q = f"SELECT * FROM cu_o WHERE oa < (SELECT sum(c) FROM ({branches})) ORDER BY oa"
    assert rows(views, q) == expected


def test_a_branch_without_correlation_is_seen_by_every_outer_row(views: engine.SparkSession) -> None:
    q = "SELECT oa, (SELECT count(*) FROM (SELECT lc FROM cu_l WHERE la = oa UNION ALL SELECT rc FROM cu_r)) FROM cu_o"
    assert sorted(rows(views, q)) == [(1, 3), (2, 2)]


def test_distinct_over_correlated_rows_is_per_outer_row(views: engine.SparkSession) -> None:
    q = "SELECT oa, (SELECT count(DISTINCT c) FROM (SELECT DISTINCT ra c FROM cu_r WHERE rb >= ob)) FROM cu_o"
    assert sorted(rows(views, q)) == [(1, 2), (2, 2)]


def test_exists_and_in_over_a_correlated_union(views: engine.SparkSession) -> None:
    q = "SELECT * FROM cu_o WHERE EXISTS (SELECT lc FROM cu_l WHERE la = oa UNION ALL SELECT rc FROM cu_r WHERE rb = ob)"
    assert rows(views, q) == [(1, 1)]
    q = "SELECT * FROM cu_o WHERE ob IN (SELECT la FROM cu_l WHERE lc > oa UNION SELECT ra FROM cu_r WHERE rb = ob)"
    assert rows(views, q) == [(1, 1)]


def test_exists_over_a_correlated_intersect_or_except(views: engine.SparkSession) -> None:
    q = "SELECT * FROM cu_o WHERE EXISTS (SELECT ra FROM cu_r WHERE rb > ob INTERSECT SELECT la + 1 FROM cu_l) ORDER BY oa"
    assert rows(views, q) == [(1, 1), (2, 0)]
    q = "SELECT * FROM cu_o WHERE NOT EXISTS (SELECT ra FROM cu_r WHERE rb > ob EXCEPT SELECT la + 1 FROM cu_l) ORDER BY oa"
    assert rows(views, q) == [(1, 1)]


def test_a_subquery_is_named_by_each_use_of_an_outer_column(views: engine.SparkSession) -> None:
    q = "SELECT oa, (SELECT sum(c) FROM (SELECT lc c FROM cu_l WHERE la = oa UNION ALL SELECT rc FROM cu_r WHERE ra = oa)) FROM cu_o"
    df = views.sql(q)
    assert df.columns == ["oa", "scalarsubquery(oa, oa)"]
    assert sorted(tuple(r) for r in df.collect()) == [(1, 8), (2, 7)]
