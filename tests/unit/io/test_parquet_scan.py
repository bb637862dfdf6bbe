"""Parquet scans: listing, schema, string_view, splits by row group, pruning, corrupt files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from engine.errors import AnalysisException, SparkRuntimeException
from engine.io import (
    open_source,
    partition_columns,
    plan_splits,
    prune_splits,
    read_split,
    source_schema,
    source_stats,
)


def read_all(src, columns=None, predicate=None) -> pa.Table:
    splits = prune_splits(src, plan_splits(src), predicate)
    tables = [read_split(src, s, columns, predicate) for s in splits]
    return pa.concat_tables(tables) if tables else source_schema(src).empty_table()


def test_missing_path_raises_path_not_found_with_spark_message(tmp_path: Path) -> None:
    with pytest.raises(AnalysisException) as err:
        open_source("parquet", str(tmp_path / "nope"), {}, None)
    assert err.value.getErrorClass() == "PATH_NOT_FOUND"
    assert str(err.value) == f"[PATH_NOT_FOUND] Path does not exist: file:{tmp_path}/nope. SQLSTATE: 42K03"


def test_directory_skips_success_and_hidden_files(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1, 2]}), tmp_path / "part-0.parquet")
    pq.write_table(pa.table({"a": [3]}), tmp_path / "part-1.parquet")
    (tmp_path / "_SUCCESS").write_text("")
    (tmp_path / ".part-0.parquet.crc").write_text("junk")
    src = open_source("parquet", str(tmp_path), {}, None)
    assert sorted(read_all(src).column("a").to_pylist()) == [1, 2, 3]


def test_glob_and_list_of_paths_select_files(tmp_path: Path) -> None:
    for i in range(3):
        pq.write_table(pa.table({"a": [i]}), tmp_path / f"f{i}.parquet")
    by_glob = open_source("parquet", str(tmp_path / "f[01].parquet"), {}, None)
    assert sorted(read_all(by_glob).column("a").to_pylist()) == [0, 1]
    by_list = open_source("parquet", [str(tmp_path / "f0.parquet"), str(tmp_path / "f2.parquet")], {}, None)
    assert sorted(read_all(by_list).column("a").to_pylist()) == [0, 2]
    by_braces = open_source("parquet", str(tmp_path / "f{0,2}.parquet"), {}, None)
    assert sorted(read_all(by_braces).column("a").to_pylist()) == [0, 2]


def test_string_view_and_nanosecond_columns_come_out_canonical(tmp_path: Path) -> None:
    table = pa.table(
        {
            "s": pa.array(["x", "y"], pa.string_view()),
            "ts": pa.array([0, 1_000], pa.timestamp("ns")),
            "u": pa.array([1, 2], pa.uint64()),
        }
    )
    pq.write_table(table, tmp_path / "v.parquet")
    src = open_source("parquet", str(tmp_path / "v.parquet"), {}, None)
    schema = source_schema(src)
    assert schema.field("s").type == pa.string()
    assert schema.field("ts").type == pa.timestamp("us")
    assert schema.field("u").type == pa.decimal128(20, 0)
    out = read_all(src, ["s"], pc.field("s") == "y")
    assert out.schema == pa.schema([("s", pa.string())])
    assert out.column("s").to_pylist() == ["y"]


def test_large_file_is_split_by_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "big.parquet"
    pq.write_table(pa.table({"a": list(range(10_000))}), path, row_group_size=1_000)
    src = open_source("parquet", str(path), {}, None)
    splits = plan_splits(src, max_bytes=path.stat().st_size // 4, open_cost=0)
    assert len(splits) >= 3
    groups = [g for s in splits for g in s.row_groups]
    assert groups == list(range(10))
    assert sum(s.num_rows for s in splits) == 10_000
    rows = [v for s in splits for v in read_split(src, s, ["a"], None).column("a").to_pylist()]
    assert rows == list(range(10_000))


def test_splits_are_even_and_enough_for_every_core(tmp_path: Path) -> None:
    """Spark's split size: under maxPartitionBytes, a table still gives one split per core
    (here, 4 asked for), and row groups are shared out evenly (no small tail split)."""
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": list(range(12_000))}), path, row_group_size=1_000)
    src = open_source("parquet", str(path), {}, None)
    splits = plan_splits(src, max_bytes=128 << 20, open_cost=0, min_splits=4)
    assert [s.num_rows for s in splits] == [3_000] * 4
    assert len(plan_splits(src, max_bytes=128 << 20, min_splits=4)) == 1  # below the 4 MB open cost: one task


def test_input_big_enough_gets_twice_the_splits_and_small_input_does_not(tmp_path: Path) -> None:
    """Each of twice the cores' splits must hold `spread_bytes`, or the cores get one each."""
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": list(range(12_000))}), path, row_group_size=1_000)
    src = open_source("parquet", str(path), {}, None)
    size = path.stat().st_size
    wide = plan_splits(src, max_bytes=128 << 20, open_cost=0, min_splits=2, spread_bytes=size // 4 - 1)
    assert [s.num_rows for s in wide] == [3_000] * 4
    narrow = plan_splits(src, max_bytes=128 << 20, open_cost=0, min_splits=2, spread_bytes=size // 4 + 1)
    assert [s.num_rows for s in narrow] == [6_000] * 2


def test_small_file_is_one_split(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), tmp_path / "a.parquet")
    splits = plan_splits(open_source("parquet", str(tmp_path), {}, None))
    assert len(splits) == 1 and splits[0].row_groups is None


def test_row_group_statistics_prune_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "sorted.parquet"
    pq.write_table(pa.table({"a": list(range(1_000))}), path, row_group_size=100)
    src = open_source("parquet", str(path), {}, None)
    kept = prune_splits(src, plan_splits(src), pc.field("a") >= 950)
    assert [s.row_groups for s in kept] == [(9,)]
    assert read_split(src, kept[0], ["a"], pc.field("a") >= 950).num_rows == 50


def test_corrupt_parquet_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_text("this is not parquet")
    with pytest.raises(AnalysisException) as err:
        open_source("parquet", str(bad), {}, None)
    assert f"file:{bad}" in str(err.value)


def test_corrupt_file_found_at_read_time_raises_runtime_error_naming_it(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), tmp_path / "a.parquet")
    src = open_source("parquet", str(tmp_path), {}, None)
    (tmp_path / "z.parquet").write_text("garbage")
    split = [s for s in plan_splits(src) if s.path.endswith("z.parquet")][0]
    with pytest.raises(SparkRuntimeException, match="z.parquet"):
        read_split(src, split, None, None)


def test_merge_schema_unions_columns_and_fills_nulls(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), tmp_path / "1.parquet")
    pq.write_table(pa.table({"a": [2], "b": ["x"]}), tmp_path / "2.parquet")
    src = open_source("parquet", str(tmp_path), {"mergeSchema": True}, None)
    assert source_schema(src).names == ["a", "b"]
    out = read_all(src).sort_by("a")
    assert out.column("b").to_pylist() == [None, "x"]


def test_user_schema_casts_and_adds_missing_columns(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": pa.array([1], pa.int32())}), tmp_path / "1.parquet")
    schema = pa.schema([("a", pa.int64()), ("z", pa.string())])
    out = read_all(open_source("parquet", str(tmp_path), {}, schema))
    assert out.schema == schema and out.to_pylist() == [{"a": 1, "z": None}]


def test_zero_columns_still_count_rows(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1, 2, 3]}), tmp_path / "a.parquet")
    src = open_source("parquet", str(tmp_path), {}, None)
    tables = [read_split(src, s, [], None) for s in plan_splits(src)]
    assert [t.num_rows for t in tables] == [3] and tables[0].num_columns == 0


def test_stats_report_rows_from_footers_and_bytes_on_disk(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1, 2, 3]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"a": [4]}), tmp_path / "b.parquet")
    rows, size = source_stats(open_source("parquet", str(tmp_path), {}, None))
    assert rows == 4
    assert size == sum(p.stat().st_size for p in tmp_path.iterdir())


def write_partitioned(root: Path) -> None:
    for day, city, values in [
        ("2024-01-01", "paris", [1, 2]),
        ("2024-01-02", "paris", [3]),
        ("2024-01-02", "__HIVE_DEFAULT_PARTITION__", [4]),
    ]:
        d = root / f"day={day}" / f"city={city}"
        d.mkdir(parents=True)
        pq.write_table(pa.table({"v": values}), d / "part-0.parquet")


def test_partition_columns_come_last_with_inferred_types(tmp_path: Path) -> None:
    write_partitioned(tmp_path)
    src = open_source("parquet", str(tmp_path), {}, None)
    assert partition_columns(src) == ["day", "city"]
    assert source_schema(src) == pa.schema([("v", pa.int64()), ("day", pa.date32()), ("city", pa.string())])
    rows = read_all(src).sort_by("v").to_pylist()
    assert rows[0] == {"v": 1, "day": datetime.date(2024, 1, 1), "city": "paris"}
    assert rows[3] == {"v": 4, "day": datetime.date(2024, 1, 2), "city": None}


def test_partition_pruning_drops_files_whose_values_rule_the_predicate_out(tmp_path: Path) -> None:
    write_partitioned(tmp_path)
    src = open_source("parquet", str(tmp_path), {}, None)
    splits = plan_splits(src)
    on_day = prune_splits(src, splits, pc.field("day") == datetime.date(2024, 1, 2))
    assert len(on_day) == 2
    null_city = prune_splits(src, splits, pc.field("city").is_null())
    assert [dict(s.partition_values)["city"] for s in null_city] == [None]
    either = prune_splits(src, splits, (pc.field("city") == "rome") | (pc.field("v") > 0))
    assert len(either) == 3


def test_partition_value_types_follow_spark_inference(tmp_path: Path) -> None:
    d = tmp_path / "i=1" / "l=3000000000" / "d=1.5" / "ts=2020-01-01 10%3A00%3A00" / "s=abc"
    d.mkdir(parents=True)
    pq.write_table(pa.table({"v": [1]}), d / "p.parquet")
    schema = source_schema(open_source("parquet", str(tmp_path), {}, None))
    assert [schema.field(n).type for n in ["i", "l", "d", "ts", "s"]] == [
        pa.int32(),
        pa.int64(),
        pa.float64(),
        pa.timestamp("us", tz="UTC"),
        pa.string(),
    ]


def test_mixed_int_and_string_partition_values_widen_to_string(tmp_path: Path) -> None:
    for value in ["1", "x"]:
        (tmp_path / f"k={value}").mkdir()
        pq.write_table(pa.table({"v": [1]}), tmp_path / f"k={value}" / "p.parquet")
    src = open_source("parquet", str(tmp_path), {}, None)
    assert source_schema(src).field("k").type == pa.string()
    assert sorted(read_all(src).column("k").to_pylist()) == ["1", "x"]


def test_partition_type_inference_can_be_switched_off(tmp_path: Path) -> None:
    (tmp_path / "k=1").mkdir()
    pq.write_table(pa.table({"v": [1]}), tmp_path / "k=1" / "p.parquet")
    src = open_source("parquet", str(tmp_path), {"partitionColumnTypeInference": False}, None)
    assert source_schema(src).field("k").type == pa.string()


def test_predicate_on_partition_and_data_columns_filters_rows(tmp_path: Path) -> None:
    write_partitioned(tmp_path)
    src = open_source("parquet", str(tmp_path), {}, None)
    pred = (pc.field("city") == "paris") & (pc.field("v") > 1)
    assert sorted(read_all(src, ["v"], pred).column("v").to_pylist()) == [2, 3]


def test_statistics_and_partitions_prune_together(tmp_path: Path) -> None:
    write_partitioned(tmp_path)
    src = open_source("parquet", str(tmp_path), {}, None)
    kept = prune_splits(src, plan_splits(src), (pc.field("city") == "rome") | (pc.field("v") > 3))
    assert [s.partition_values for s in kept] == [(("day", datetime.date(2024, 1, 2)), ("city", None))]


def test_few_valued_string_columns_read_through_dictionaries_come_back_as_plain_strings(tmp_path: Path) -> None:
    from engine.io.parquet import _dictionary_coded

    n = 20_000
    flags = pa.array([["A", "N", "R", None][i % 4] for i in range(n)], pa.string())
    comments = pa.array([f"comment number {i}" for i in range(n)], pa.string())
    pq.write_table(pa.table({"flag": flags, "comment": comments}), tmp_path / "t.parquet", row_group_size=5_000)
    path = str(tmp_path / "t.parquet")
    assert _dictionary_coded(path, None, ["flag", "comment"]) == ["flag"]
    assert _dictionary_coded(path, None, ["comment"]) == []
    table = read_all(open_source("parquet", path, {}, None))
    assert table.schema.field("flag").type == pa.string()
    assert table.column("flag").to_pylist() == flags.to_pylist()
    assert table.column("comment").to_pylist() == comments.to_pylist()


def test_plain_encoded_string_columns_are_not_read_as_dictionaries(tmp_path: Path) -> None:
    from engine.io.parquet import _dictionary_coded

    flags = pa.array(["A", "N"] * 5_000, pa.string())
    pq.write_table(pa.table({"flag": flags}), tmp_path / "t.parquet", use_dictionary=False)
    assert _dictionary_coded(str(tmp_path / "t.parquet"), None, ["flag"]) == []
