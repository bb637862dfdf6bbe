"""File listing: one listing per query's planning, a fresh one for every query."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from engine.io.listing import list_files, one_listing


def test_a_planning_lists_each_source_once_and_the_next_query_sees_new_files(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), tmp_path / "part-0.parquet")
    with one_listing():
        first = list_files((str(tmp_path),))
        pq.write_table(pa.table({"a": [2]}), tmp_path / "part-1.parquet")
        assert list_files((str(tmp_path),)) == first  # one consistent listing while planning
    assert [Path(f.path).name for f in list_files((str(tmp_path),))] == ["part-0.parquet", "part-1.parquet"]

