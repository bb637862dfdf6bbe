"""Rows dropped by their dictionaries before few-valued strings are expanded: only rows the
filter above the scan would drop anyway, so every condition gives the same answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine import types as T
from engine.compute.coded_filter import expand_coded
from engine.compute.context import EvalContext
from engine.expr import nodes as n

MODES = ["AIR", "MAIL", None, "SHIP", "AIR REG"]


def test_a_dictionary_condition_drops_failing_rows_and_expands_the_rest() -> None:
    mode = n.Attribute("mode", T.StringType(), True, 1)
    table = pa.table({mode.key: pa.array(MODES * 2).dictionary_encode(), "x": list(range(10))})
    air = n.Call("in", (mode, n.Literal("AIR", T.StringType()), n.Literal("AIR REG", T.StringType())), T.BooleanType())
    out = expand_coded(table, air, EvalContext())
    assert out.schema.field(mode.key).type == pa.string()
    assert out.column("x").to_pylist() == [0, 4, 5, 9]
    is_null = n.Call("isnull", (mode,), T.BooleanType(), False)  # not null-rejecting: never used to drop
    assert expand_coded(table, is_null, EvalContext()).num_rows == 10


@pytest.fixture()
def shipments(tmp_path: Path) -> str:
    n_rows = 5_000
    pq.write_table(
        pa.table({"mode": [MODES[i % 5] for i in range(n_rows)], "qty": [i % 50 for i in range(n_rows)]}),
        tmp_path / "s.parquet",
        row_group_size=1_000,
    )
    return str(tmp_path / "s.parquet")


@pytest.mark.parametrize(
    ("condition", "keep"),
    [
        (F.col("mode") == "AIR", lambda m, q: m == "AIR"),
        (F.col("mode").isin("AIR", "SHIP") & (F.col("qty") < 10), lambda m, q: m in ("AIR", "SHIP") and q < 10),
        (F.col("mode") != "MAIL", lambda m, q: m is not None and m != "MAIL"),
        (F.col("mode").like("AIR%"), lambda m, q: m is not None and m.startswith("AIR")),
        (F.col("mode").isNull() | (F.col("mode") == "SHIP"), lambda m, q: m is None or m == "SHIP"),
        (F.col("mode").eqNullSafe(F.lit(None)), lambda m, q: m is None),
        (F.col("mode") > "B", lambda m, q: m is not None and m > "B"),
    ],
)
def test_filters_on_few_valued_parquet_strings_keep_exactly_the_matching_rows(
    spark: Any, shipments: str, condition: Any, keep: Any
) -> None:
    rows = spark.read.parquet(shipments).filter(condition).collect()
    want = [(MODES[i % 5], i % 50) for i in range(5_000) if keep(MODES[i % 5], i % 50)]
    order = lambda r: (r[0] or "", r[0] is None, r[1])  # noqa: E731
    assert sorted((tuple(r) for r in rows), key=order) == sorted(want, key=order)
