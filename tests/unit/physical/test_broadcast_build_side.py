"""When both sides of an inner join are small enough to broadcast, the smaller one is built and
the bigger one probes it in its own tasks, as Spark chooses; a hint or an outer join's side decides
before size does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.api.explain import explain_string


@pytest.fixture()
def frames(spark: Any, tmp_path: Path) -> tuple[Any, Any]:
    """nations (4) and customers (4,000, a nation each), both far under the broadcast threshold."""
    pq.write_table(pa.table({"n": [0, 1, 2, 3], "name": ["A", "B", "C", "D"]}), tmp_path / "nations.parquet")
    pq.write_table(pa.table({"c": list(range(4000)), "n": [i % 4 for i in range(4000)]}), tmp_path / "c.parquet")
    return spark.read.parquet(str(tmp_path / "nations.parquet")), spark.read.parquet(str(tmp_path / "c.parquet"))


def _built(df: Any) -> str:
    plan = explain_string(df, "simple")
    return "left" if "BuildLeft" in plan else "right" if "BuildRight" in plan else "none"


def test_the_smaller_side_is_built_on_either_side_of_an_inner_join(spark: Any, frames: tuple[Any, Any]) -> None:
    nations, customers = frames
    on_left = nations.join(customers, "n")
    assert _built(on_left) == "left"
    assert _built(customers.join(nations, "n")) == "right"
    assert on_left.count() == 4000 and on_left.filter(F.col("name") == "C").count() == 1000


def test_a_broadcast_hint_builds_its_side_even_when_bigger(spark: Any, frames: tuple[Any, Any]) -> None:
    nations, customers = frames
    assert _built(nations.join(F.broadcast(customers), "n")) == "right"


def test_a_left_outer_join_builds_its_right_side_whatever_the_sizes(spark: Any, frames: tuple[Any, Any]) -> None:
    nations, customers = frames
    df = nations.join(customers, "n", "left")
    assert _built(df) == "right" and df.count() == 4000
