"""A scalar subquery whose input is also its query's (TPC-H q11, q15) computes that input
once: it runs ahead, its partitions are kept, and the subquery and the query both read them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.api import subquery_reuse


@pytest.fixture
def tables(spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Sales and stores as Parquet views; every shared relation counts as worth keeping, and
    the row counts of the relations run ahead are noted."""
    n = 4_000
    pq.write_table(
        pa.table({"store": [i % 40 for i in range(n)], "amount": [float(i % 97) for i in range(n)]}),
        tmp_path / "sales.parquet",
    )
    pq.write_table(pa.table({"store": list(range(40)), "city": [f"c{i % 7}" for i in range(40)]}), tmp_path / "stores.parquet")
    spark.read.parquet(str(tmp_path / "sales.parquet")).createOrReplaceTempView("sales")
    spark.read.parquet(str(tmp_path / "stores.parquet")).createOrReplaceTempView("stores")
    monkeypatch.setattr(subquery_reuse, "_MIN_SHARED_INPUT_BYTES", 0)
    shared: list[int] = []
    real = subquery_reuse._run_ahead

    def counting(session: Any, side: Any, done: Any) -> Any:
        kept = real(session, side, done)
        shared.append(kept.rows)
        return kept

    monkeypatch.setattr(subquery_reuse, "_run_ahead", counting)
    yield shared
    spark.catalog.dropTempView("sales")
    spark.catalog.dropTempView("stores")


def _totals() -> dict[int, float]:
    totals: dict[int, float] = {}
    for i in range(4_000):
        totals[i % 40] = totals.get(i % 40, 0.0) + float(i % 97)
    return totals


def test_a_view_read_by_the_query_and_its_subquery_is_computed_once(spark: Any, tables: list[int]) -> None:
    rows = spark.sql(
        """
        WITH revenue AS (SELECT store, sum(amount) AS total FROM sales GROUP BY store)
        SELECT s.store, s.city, r.total FROM stores s JOIN revenue r ON s.store = r.store
        WHERE r.total = (SELECT max(total) FROM revenue) ORDER BY s.store
        """
    ).collect()
    totals = _totals()
    best = max(totals.values())
    assert [(r.store, r.total) for r in rows] == [(k, v) for k, v in sorted(totals.items()) if v == best]
    assert tables == [40]  # the 40 per-store totals, kept once
    assert not [k for k in spark._cache if k >= 1 << 40]  # released with the query


def test_a_join_written_out_twice_is_computed_once(spark: Any, tables: list[int]) -> None:
    rows = spark.sql(
        """
        SELECT sales.store, sum(amount) AS value FROM sales, stores
        WHERE sales.store = stores.store AND city = 'c3' GROUP BY sales.store
        HAVING sum(amount) > (SELECT sum(amount) * 0.1 FROM sales, stores WHERE sales.store = stores.store AND city = 'c3')
        ORDER BY value DESC, store
        """
    ).collect()
    totals = {k: v for k, v in _totals().items() if k % 7 == 3}
    share = sum(totals.values()) * 0.1
    assert [(r.store, r.value) for r in rows] == sorted(((k, v) for k, v in totals.items() if v > share), key=lambda r: (-r[1], r[0]))
    assert len(tables) == 1


def test_a_subquery_over_other_data_shares_nothing(spark: Any, tables: list[int]) -> None:
    rows = spark.sql(
        "SELECT store FROM stores WHERE store > (SELECT count(*) FROM sales GROUP BY 1 = 1) - 3990 ORDER BY store"
    ).collect()
    assert [r.store for r in rows] == list(range(11, 40))
    assert tables == []
