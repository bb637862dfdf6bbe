"""The task commit protocol: every task attempt writes under its own directory, the driver
publishes exactly one attempt per partition (the first that succeeded) under Spark's file names,
and nothing any other attempt wrote, or is still writing, reaches the output."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyarrow as pa
import pytest

from engine.io.write import abort_write, commit_write, prepare_write, winning_attempts, write_partition

TABLE = pa.table({"id": [1, 2, 3, 4], "city": ["paris", "rome", "paris", None]})
SPARK_NAME = r"part-0000[01]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000"


def visible(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def leftovers(tmp_path: Path) -> list[str]:
    return [str(p) for p in tmp_path.rglob(".engine-*")]


# file names observed from PySpark 4.3: part-00000-db2e4e6f-7c4e-4ed9-8008-626f1ceed0ae-c000.snappy.parquet,
# ...-c000.csv, ...-c000.json, ...-c000.txt and ...-c000.zstd.orc
@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("parquet", ".snappy.parquet"), ("csv", ".csv"), ("json", ".json"), ("orc", ".zstd.orc"), ("text", ".txt")],
)
def test_files_are_named_as_spark_names_them(tmp_path: Path, fmt: str, suffix: str) -> None:
    table = TABLE.select(["city"]).cast(pa.schema([("city", pa.string())])) if fmt == "text" else TABLE
    job = prepare_write(str(tmp_path / "out"), fmt, "error", (), {})
    commit_write(job, [write_partition(job, 0, table.slice(0, 2)), write_partition(job, 1, table.slice(2))], table.schema)
    names = [n for n in visible(tmp_path / "out") if n != "_SUCCESS"]
    assert len(names) == 2 and all(re.fullmatch(SPARK_NAME + re.escape(suffix), n) for n in names)
    assert len({n.split("-c000")[0][len("part-00000-") :] for n in names}) == 1  # one job UUID


def test_each_attempt_writes_under_a_directory_of_its_own(tmp_path: Path) -> None:
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", ("city",), {})
    first, second = write_partition(job, 1, TABLE), write_partition(job, 1, TABLE)
    assert {f.split("/", 1)[1] for f in first} == {f.split("/", 1)[1] for f in second}  # same names...
    assert {f.split("/", 1)[0] for f in first}.isdisjoint({f.split("/", 1)[0] for f in second})  # ...apart
    abort_write(job)


def test_the_first_successful_attempt_of_a_partition_wins() -> None:
    first = ["task-00001-attempt-aaa/city=paris/part-1", "task-00001-attempt-aaa/city=rome/part-1"]
    later = ["task-00001-attempt-bbb/city=paris/part-1"]
    other = ["task-00002-attempt-ccc/part-2"]
    assert winning_attempts([first, other, later]) == [*first, *other]


def test_a_retried_partition_is_published_once_and_the_losing_attempt_is_removed(tmp_path: Path, read) -> None:
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", ("city",), {})
    zero = write_partition(job, 0, TABLE.slice(0, 2))
    one = write_partition(job, 1, TABLE.slice(2))
    one_again = write_partition(job, 1, TABLE.slice(2))  # a retry whose first attempt also finished
    commit_write(job, [zero, one, one_again], TABLE.schema)
    assert read("parquet", tmp_path / "out").sort_by("id").column("id").to_pylist() == [1, 2, 3, 4]
    assert leftovers(tmp_path) == []


def test_an_attempt_given_up_on_but_still_writing_is_never_published(tmp_path: Path, read) -> None:
    """An attempt the driver declared lost may have written files it never reported: they stay
    out of the output, and once the job committed it can write nothing more."""
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", (), {})
    write_partition(job, 0, TABLE)  # the "lost" attempt: its report never reached the driver
    retry = write_partition(job, 0, TABLE)
    commit_write(job, [retry], TABLE.schema)
    assert read("parquet", tmp_path / "out").num_rows == 4
    with pytest.raises(FileNotFoundError, match="was aborted"):
        write_partition(job, 0, TABLE)  # the lost attempt writing on after the commit
    assert read("parquet", tmp_path / "out").num_rows == 4
    assert leftovers(tmp_path) == []


def test_append_and_dynamic_overwrite_publish_only_the_winning_attempts(tmp_path: Path, read) -> None:
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", ("city",), {})
    commit_write(job, [write_partition(job, 0, TABLE)], TABLE.schema)
    job = prepare_write(str(tmp_path / "out"), "parquet", "append", ("city",), {})
    win, lose = write_partition(job, 0, TABLE.slice(0, 1)), write_partition(job, 0, TABLE.slice(0, 1))
    commit_write(job, [win, lose], TABLE.schema)
    assert sorted(read("parquet", tmp_path / "out").column("id").to_pylist()) == [1, 1, 2, 3, 4]
    options = {"partitionOverwriteMode": "dynamic"}
    job = prepare_write(str(tmp_path / "out"), "parquet", "overwrite", ("city",), options)
    win, lose = write_partition(job, 0, TABLE.slice(1, 1)), write_partition(job, 0, TABLE.slice(1, 1))
    commit_write(job, [win, lose], TABLE.schema)
    back = read("parquet", tmp_path / "out").sort_by("id")
    assert list(zip(back.column("id").to_pylist(), back.column("city").to_pylist())) == [
        (1, "paris"), (1, "paris"), (2, "rome"), (3, "paris"), (4, None)
    ]
    assert leftovers(tmp_path) == []


def test_an_abort_leaves_no_attempt_directory_behind(tmp_path: Path) -> None:
    job = prepare_write(str(tmp_path / "out"), "csv", "error", ("city",), {})
    write_partition(job, 0, TABLE)
    write_partition(job, 0, TABLE)
    abort_write(job)
    assert not os.path.exists(tmp_path / "out") and leftovers(tmp_path) == []


def test_files_under_partition_directories_are_named_as_spark_names_them(tmp_path: Path) -> None:
    # observed from PySpark 4.3: p=0/part-00000-8bf717f5-4e3f-4c8f-861c-3c2e8558f13f.c000.snappy.parquet
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", ("city",), {})
    commit_write(job, [write_partition(job, 0, TABLE)], TABLE.schema)
    names = [n for n in visible(tmp_path / "out") if n != "_SUCCESS"]
    assert [n.split("/")[0] for n in names] == ["city=__HIVE_DEFAULT_PARTITION__", "city=paris", "city=rome"]
    pattern = SPARK_NAME.replace("-c000", r"\.c000") + r"\.snappy\.parquet"
    assert all(re.fullmatch(pattern, n.split("/")[1]) for n in names)


# from PySpark 4.3: range(10) in one task with maxRecordsPerFile=4 writes c000, c001, c002 of 4, 4 and 2
# rows; partitioned by id % 2 with 3, each directory has c000 of 3 rows and c001 of 2; 0 or -1: one file
@pytest.mark.parametrize(
    ("limit", "partition_by", "want"),
    [
        ("4", (), [("", "c000", 4), ("", "c001", 4), ("", "c002", 2)]),
        ("3", ("p",), [("p=0", "c000", 3), ("p=0", "c001", 2), ("p=1", "c000", 3), ("p=1", "c001", 2)]),
        ("0", (), [("", "c000", 10)]),
        ("-1", (), [("", "c000", 10)]),
    ],
)
def test_max_records_per_file_starts_another_file(
    tmp_path: Path, read, limit: str, partition_by: tuple[str, ...], want: list[tuple[str, str, int]]
) -> None:
    import pyarrow.parquet as pq

    table = pa.table({"id": list(range(10)), "p": [i % 2 for i in range(10)]})
    job = prepare_write(str(tmp_path / "out"), "parquet", "error", partition_by, {"maxRecordsPerFile": limit})
    commit_write(job, [write_partition(job, 0, table)], table.schema)
    files = [n for n in visible(tmp_path / "out") if n != "_SUCCESS"]
    got = [(os.path.dirname(n), n.split("/")[-1][48:52], pq.read_metadata(tmp_path / "out" / n).num_rows) for n in files]
    assert got == want
    assert sorted(read("parquet", tmp_path / "out").column("id").to_pylist()) == list(range(10))


def test_max_records_per_file_must_be_a_number(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="maxRecordsPerFile must be a whole number"):
        prepare_write(str(tmp_path / "out"), "parquet", "error", (), {"maxRecordsPerFile": "many"})
    assert not os.path.exists(tmp_path / "out") and leftovers(tmp_path) == []
