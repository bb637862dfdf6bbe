"""Writes: save modes, the staging/commit protocol, partitionBy layout, formats and round trips."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.errors import AnalysisException
from engine.io.write import abort_write, commit_write, prepare_write, write_partition

TABLE = pa.table({"id": [1, 2, 3], "city": ["paris", "rome", None], "v": [1.5, None, 3.0]})


def write(
    path: Path, table: pa.Table, fmt: str = "parquet", mode: str = "error", partition_by=(), **options
) -> None:
    job = prepare_write(str(path), fmt, mode, tuple(partition_by), options)
    if job is None:
        return
    files = [write_partition(job, 0, table.slice(0, 2)), write_partition(job, 1, table.slice(2))]
    commit_write(job, files, table.schema)


def visible(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def test_parquet_round_trip_with_success_marker(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE)
    assert read("parquet", tmp_path / "out").sort_by("id") == TABLE
    names = visible(tmp_path / "out")
    assert "_SUCCESS" in names and all(n.endswith(".snappy.parquet") for n in names if n != "_SUCCESS")
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".engine")]


def test_error_mode_raises_and_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    write(tmp_path / "out", TABLE)
    before = visible(tmp_path / "out")
    with pytest.raises(AnalysisException) as err:
        write(tmp_path / "out", TABLE)
    assert str(err.value) == (
        f'[PATH_ALREADY_EXISTS] Path file:{tmp_path}/out already exists. Set mode as "overwrite" to overwrite the existing path. SQLSTATE: 42K04'
    )
    assert visible(tmp_path / "out") == before
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".engine")]


def test_ignore_mode_skips_an_existing_target(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE)
    assert prepare_write(str(tmp_path / "out"), "parquet", "ignore", (), {}) is None
    assert read("parquet", tmp_path / "out").num_rows == 3


def test_overwrite_replaces_and_append_adds(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE)
    write(tmp_path / "out", TABLE.slice(0, 1), mode="overwrite")
    assert read("parquet", tmp_path / "out").column("id").to_pylist() == [1]
    write(tmp_path / "out", TABLE.slice(1, 1), mode="append")
    assert sorted(read("parquet", tmp_path / "out").column("id").to_pylist()) == [1, 2]


def test_overwrite_changes_nothing_until_commit(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE)
    before = visible(tmp_path / "out")
    job = prepare_write(str(tmp_path / "out"), "parquet", "overwrite", (), {})
    write_partition(job, 0, TABLE.slice(0, 1))
    assert visible(tmp_path / "out") == before
    abort_write(job)
    assert visible(tmp_path / "out") == before
    assert read("parquet", tmp_path / "out").num_rows == 3
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".engine")]


@pytest.mark.parametrize("partition_by", [(), ("city",)], ids=["flat", "partitioned"])
def test_a_task_still_running_after_the_abort_cannot_bring_the_staging_dir_back(
    tmp_path: Path, read, partition_by: tuple[str, ...]
) -> None:
    """A cancelled task of a failed write may finish after abort_write: its rows go nowhere."""
    write(tmp_path / "out", TABLE)
    job = prepare_write(str(tmp_path / "out"), "parquet", "overwrite", partition_by, {})
    abort_write(job)
    with pytest.raises(FileNotFoundError, match="was aborted"):
        write_partition(job, 0, TABLE)
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".engine")]
    assert read("parquet", tmp_path / "out").num_rows == 3


def test_failed_append_leaves_no_visible_files(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE)
    job = prepare_write(str(tmp_path / "out"), "parquet", "append", (), {})
    write_partition(job, 0, TABLE)
    assert read("parquet", tmp_path / "out").num_rows == 3
    abort_write(job)
    assert read("parquet", tmp_path / "out").num_rows == 3


def test_partition_by_layout_drops_the_columns_from_files(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE, partition_by=["city"])
    dirs = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert dirs == ["city=__HIVE_DEFAULT_PARTITION__", "city=paris", "city=rome"]
    one = next((tmp_path / "out" / "city=paris").iterdir())
    assert pq.read_schema(one).names == ["id", "v"]
    back = read("parquet", tmp_path / "out").sort_by("id")
    assert back.column_names == ["id", "v", "city"]
    assert back.column("city").to_pylist() == ["paris", "rome", None]


def test_partition_values_are_escaped_and_typed_back(tmp_path: Path, read) -> None:
    table = pa.table(
        {"v": [1, 2], "ts": pa.array([datetime.datetime(2020, 1, 1, 10), None], pa.timestamp("us", tz="UTC"))}
    )
    write(tmp_path / "out", table, partition_by=["ts"])
    assert (tmp_path / "out" / "ts=2020-01-01 10%3A00%3A00").is_dir()
    back = read("parquet", tmp_path / "out").sort_by("v")
    assert back.column("ts").to_pylist()[0] == datetime.datetime(2020, 1, 1, 10, tzinfo=datetime.timezone.utc)


def test_empty_result_still_writes_a_readable_parquet_file(tmp_path: Path, read) -> None:
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", (), {})
    assert write_partition(job, 0, TABLE.slice(0, 0)) == []
    commit_write(job, [[]], TABLE.schema)
    out = read("parquet", tmp_path / "out")
    assert out.num_rows == 0 and out.schema == TABLE.schema


def test_compression_option_names_the_codec(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE, compression="zstd")
    files = [n for n in visible(tmp_path / "out") if n.endswith(".parquet")]
    assert files and all(n.endswith(".zstd.parquet") for n in files)
    assert pq.ParquetFile(tmp_path / "out" / files[0]).metadata.row_group(0).column(0).compression == "ZSTD"


def test_csv_write_as_spark_formats_values(tmp_path: Path) -> None:
    table = pa.table({"a": [1, 2], "b": ["x,y", None], "c": [1.0, None]})
    write(tmp_path / "out", table, "csv", header=True)
    text = "".join(
        (tmp_path / "out" / n).read_text() for n in visible(tmp_path / "out") if n.endswith(".csv")
    )
    assert text == 'a,b,c\n1,"x,y",1.0\n2,,\n'


def test_csv_round_trip_with_null_value_and_sep(tmp_path: Path, read) -> None:
    write(tmp_path / "out", TABLE, "csv", sep="|", nullValue="NULL")
    schema = pa.schema([("id", pa.int64()), ("city", pa.string()), ("v", pa.float64())])
    back = read("csv", tmp_path / "out", schema, sep="|", nullValue="NULL").sort_by("id")
    assert back == TABLE


def test_json_write_omits_nulls(tmp_path: Path) -> None:
    write(tmp_path / "out", TABLE, "json")
    text = "".join(
        (tmp_path / "out" / n).read_text() for n in visible(tmp_path / "out") if n.endswith(".json")
    )
    assert text == '{"id":1,"city":"paris","v":1.5}\n{"id":2,"city":"rome"}\n{"id":3,"v":3.0}\n'


def test_unknown_mode_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="Unknown save mode"):
        prepare_write(str(tmp_path / "out"), "parquet", "sideways", (), {})
