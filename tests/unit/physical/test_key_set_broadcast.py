"""The right side of a semi or anti join is kept as a set of its keys, so it is broadcast up to
KEY_SET_BROADCAST_FACTOR times the broadcast threshold; an inner join's side of the same size,
kept as rows, is shuffled. Turning broadcasts off (-1) turns them off for key sets too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.api.execution import physical_stages
from engine.logical.stats import KEY_SET_BROADCAST_FACTOR, estimate_bytes
from engine.physical import nodes as P

_ROWS = 4_000


@pytest.fixture()
def frames(spark: Any, tmp_path: Path) -> tuple[Any, Any]:
    pq.write_table(pa.table({"k": list(range(_ROWS)), "v": [i % 9 for i in range(_ROWS)]}), tmp_path / "l.parquet")
    pq.write_table(pa.table({"k": [i * 2 for i in range(_ROWS)]}), tmp_path / "r.parquet")
    return spark.read.parquet(str(tmp_path / "l.parquet")), spark.read.parquet(str(tmp_path / "r.parquet"))


@pytest.fixture()
def threshold_between(spark: Any, frames: tuple[Any, Any]) -> Iterator[None]:
    """A broadcast threshold the right side exceeds as rows but fits as a key set."""
    size = estimate_bytes(frames[1]._plan)
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", str(size * 2 // (KEY_SET_BROADCAST_FACTOR + 1)))
    yield
    spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")


def _outputs(spark: Any, df: Any) -> list[P.StageOutput]:
    _, stages = physical_stages(spark, df._plan)
    return [s.output for s in stages]


@pytest.mark.usefixtures("threshold_between")
@pytest.mark.parametrize("how", ["left_semi", "left_anti"])
def test_a_semi_or_anti_joins_keys_are_broadcast_beyond_the_row_threshold(
    spark: Any, frames: tuple[Any, Any], how: str
) -> None:
    left, right = frames
    df = left.join(right, "k", how)
    outputs = _outputs(spark, df)
    assert any(isinstance(o, P.BroadcastOut) for o in outputs)
    assert not any(isinstance(o, P.HashOut) for o in outputs)
    evens = sum(1 for i in range(_ROWS) if i % 2 == 0)
    assert df.count() == (evens if how == "left_semi" else _ROWS - evens)


@pytest.mark.usefixtures("threshold_between")
def test_an_inner_joins_side_of_that_size_is_shuffled(spark: Any, frames: tuple[Any, Any]) -> None:
    left, right = frames
    outputs = _outputs(spark, left.join(right, "k", "inner"))
    assert any(isinstance(o, P.HashOut) for o in outputs)
    assert not any(isinstance(o, P.BroadcastOut) for o in outputs)


def test_no_key_set_is_broadcast_when_broadcasts_are_off(spark: Any, frames: tuple[Any, Any]) -> None:
    left, right = frames
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        outputs = _outputs(spark, left.join(right, "k", "left_semi"))
    finally:
        spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")
    assert not any(isinstance(o, P.BroadcastOut) for o in outputs)


@pytest.mark.parametrize("how", ["left_semi", "left_anti"])
def test_a_broadcast_key_set_sends_each_integer_key_once(spark: Any, tmp_path: Path, how: str) -> None:
    """Only which keys exist is broadcast: 4,000 right rows over 40 keys (and nulls, which match
    nothing) become 40 keys, and the answer is the join's."""
    pq.write_table(pa.table({"k": list(range(100)), "v": list(range(100))}), tmp_path / "l.parquet")
    right_keys = [None if i % 97 == 0 else i % 40 * 2 for i in range(_ROWS)]
    pq.write_table(pa.table({"k": pa.array(right_keys, pa.int64())}), tmp_path / "r.parquet")
    left, right = spark.read.parquet(str(tmp_path / "l.parquet")), spark.read.parquet(str(tmp_path / "r.parquet"))
    df = left.join(right, "k", how)
    _, stages = physical_stages(spark, df._plan)
    broadcast = [s for s in stages if isinstance(s.output, P.BroadcastOut)]
    assert len(broadcast) == 1 and isinstance(broadcast[0].root, P.DistinctKeysExec)
    evens = {i * 2 for i in range(40)}
    expected = sorted(k for k in range(100) if (k in evens) == (how == "left_semi"))
    assert sorted(r.k for r in df.collect()) == expected
