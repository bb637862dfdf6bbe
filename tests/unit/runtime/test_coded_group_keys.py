"""A few-valued Parquet string that reaches a streamed partial aggregate only as a group key
stays a dictionary up to the group-by: the same answers as grouping the expanded strings,
and any column a filter, expression or aggregate reads is expanded as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.runtime import stream

FLAGS = ["A", "N", None, "R"]
ROWS = 12_000


@pytest.fixture()
def items(tmp_path: Path) -> str:
    """Flags and statuses in 12 row groups; the statuses of each row group differ, so each
    row group has a dictionary of its own."""
    flag = [FLAGS[i % 4] for i in range(ROWS)]
    status = [
        ("F", "O", "P")[(i // 1_000) % 3] if i % 7 else ("O", "X")[(i // 1_000) % 2] for i in range(ROWS)
    ]
    table = pa.table(
        {
            "flag": flag,
            "status": status,
            "qty": [i % 50 for i in range(ROWS)],
            "day": [i % 365 for i in range(ROWS)],
        }
    )
    path = tmp_path / "items.parquet"
    pq.write_table(table, path, row_group_size=1_000)
    return str(path)


@pytest.fixture()
def key_types(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, pa.DataType]]:
    """The types of the key columns each piece's partial aggregate was handed (merges of the
    pieces' states see their plain-string output)."""
    seen: list[dict[str, pa.DataType]] = []
    real = stream.aggregate

    def recording(table: pa.Table, keys: list[str], specs: Any, mode: str, ctx: Any) -> pa.Table:
        if mode == "partial":
            seen.append({k: table.schema.field(k).type for k in keys})
        return real(table, keys, specs, mode, ctx)

    monkeypatch.setattr(stream, "aggregate", recording)
    monkeypatch.setattr(stream, "PIECE_ROWS", 3_000)
    return seen


def _rows(frame: Any) -> list[tuple]:
    return sorted((tuple(r) for r in frame.collect()), key=lambda r: tuple((v is None, str(v)) for v in r))


def _same_from_memory(spark: Any, path: str, build: Any) -> None:
    from_file = build(spark.read.parquet(path))
    from_memory = build(spark.createDataFrame(pa.Table.to_pandas(pq.read_table(path))))
    assert _rows(from_file) == _rows(from_memory)
    assert from_file.schema == from_memory.schema


def test_group_keys_reach_the_group_by_as_codes_and_come_out_as_strings(
    spark: Any, items: str, key_types: list
) -> None:
    frame = (
        spark.read.parquet(items)
        .filter(F.col("day") < 200)
        .groupBy("flag", "status")
        .agg(F.sum("qty").alias("qty"), F.count("*").alias("n"))
    )
    rows = _rows(frame)
    assert key_types and all(pa.types.is_dictionary(t) for seen in key_types for t in seen.values())
    assert frame.schema["flag"].dataType.simpleString() == "string"
    want: dict[tuple, list[int]] = {}
    for i in range(ROWS):
        if i % 365 < 200:
            status = ("F", "O", "P")[(i // 1_000) % 3] if i % 7 else ("O", "X")[(i // 1_000) % 2]
            total = want.setdefault((FLAGS[i % 4], status), [0, 0])
            total[0] += i % 50
            total[1] += 1
    assert rows == sorted(
        ((f, s, q, c) for (f, s), (q, c) in want.items()), key=lambda r: tuple((v is None, str(v)) for v in r)
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [
        (
            "a filter reads the key",
            lambda df: df.filter(F.col("flag") != "N").groupBy("flag").agg(F.sum("qty")),
        ),
        ("an aggregate reads the key", lambda df: df.groupBy("flag").agg(F.max("status"), F.count("status"))),
        (
            "the key is renamed twice and one copy is computed on",
            lambda df: (
                df.select(F.col("flag").alias("a"), F.col("flag").alias("b"), "qty")
                .select("a", F.lower("b").alias("b"), "qty")
                .groupBy("a", "b")
                .agg(F.sum("qty"))
            ),
        ),
        (
            "the key is computed on before the group-by",
            lambda df: df.groupBy(F.concat("flag", "status").alias("fs")).agg(F.count("*")),
        ),
        (
            "the key is renamed",
            lambda df: df.select(F.col("status").alias("s"), "qty").groupBy("s").agg(F.avg("qty")),
        ),
        ("distinct rows of the keys", lambda df: df.select("flag", "status").distinct()),
    ],
)
def test_grouping_few_valued_parquet_strings_answers_as_grouping_plain_strings(
    spark: Any, items: str, key_types: list, name: str, build: Any
) -> None:
    _same_from_memory(spark, items, build)
