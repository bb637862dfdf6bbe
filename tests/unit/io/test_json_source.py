"""JSON reading: JSON lines, Spark's inference (bigint, double, sorted names), multiLine, corrupt lines."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pytest

from engine.errors import SparkRuntimeException
from engine.io import open_source, source_schema

LINES = (
    '{"b": 1.5, "a": 1, "c": "x"}\n{"a": 3000000000, "d": [1, 2], "e": {"x": 1}}\n\n{"a": null, "f": true}\n'
)


def json_file(tmp_path: Path, text: str, name: str = "data.json") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_inferred_schema_is_sorted_with_bigint_and_double(tmp_path: Path) -> None:
    src = open_source("json", str(json_file(tmp_path, LINES)), {}, None)
    assert source_schema(src) == pa.schema(
        [
            ("a", pa.int64()),
            ("b", pa.float64()),
            ("c", pa.string()),
            ("d", pa.list_(pa.int64())),
            ("e", pa.struct([("x", pa.int64())])),
            ("f", pa.bool_()),
        ]
    )


def test_json_lines_values(tmp_path: Path, read) -> None:
    out = read("json", json_file(tmp_path, LINES))
    assert out.column("a").to_pylist() == [1, 3000000000, None]
    assert out.column("e").to_pylist() == [None, {"x": 1}, None]


def test_corrupt_line_gets_corrupt_record_column_in_permissive_mode(tmp_path: Path, read) -> None:
    out = read("json", json_file(tmp_path, '{"a": 1}\nnot json\n'))
    assert out.column_names == ["_corrupt_record", "a"]
    assert out.to_pylist() == [{"_corrupt_record": None, "a": 1}, {"_corrupt_record": "not json", "a": None}]


def test_dropmalformed_and_failfast(tmp_path: Path, read) -> None:
    path = json_file(tmp_path, '{"a": 1}\nnot json\n')
    assert read("json", path, mode="DROPMALFORMED").to_pylist() == [{"a": 1}]
    with pytest.raises(SparkRuntimeException, match="data.json"):
        read("json", path, mode="FAILFAST")


def test_multiline_array_document(tmp_path: Path, read) -> None:
    path = json_file(tmp_path, '[\n  {"a": 1},\n  {"a": 2, "b": "x"}\n]\n')
    out = read("json", path, multiLine=True)
    assert out.to_pylist() == [{"a": 1, "b": None}, {"a": 2, "b": "x"}]


def test_user_schema_selects_fields_and_parses_dates(tmp_path: Path, read) -> None:
    schema = pa.schema([("d", pa.date32()), ("a", pa.int64())])
    out = read("json", json_file(tmp_path, '{"a": 1, "d": "2020-01-02", "z": 0}\n'), schema)
    assert out.to_pylist() == [{"d": datetime.date(2020, 1, 2), "a": 1}]


def test_timestamp_looking_strings_stay_strings_when_inferred(tmp_path: Path) -> None:
    src = open_source("json", str(json_file(tmp_path, '{"t": "2020-01-01 10:00:00"}\n')), {}, None)
    assert source_schema(src).field("t").type == pa.string()


def test_round_trip_with_writer(tmp_path: Path, read) -> None:
    from engine.io.write import commit_write, prepare_write, write_partition

    table = pa.table({"a": [1, None], "s": ['q"uote', "b"]})
    job = prepare_write(str(tmp_path / "out"), "json", "error", (), {})
    commit_write(job, [write_partition(job, 0, table)], table.schema)
    assert read("json", tmp_path / "out").to_pylist() == [{"a": 1, "s": 'q"uote'}, {"a": None, "s": "b"}]
