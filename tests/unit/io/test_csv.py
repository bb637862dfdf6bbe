"""CSV reading: header, inference, options, and the PERMISSIVE / DROPMALFORMED / FAILFAST modes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pytest

from engine.errors import SparkRuntimeException
from engine.io import open_source, source_schema

UTC = datetime.timezone.utc


def csv_file(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_without_header_columns_are_c0_c1_and_strings(tmp_path: Path, read) -> None:
    out = read("csv", csv_file(tmp_path, "1,a\n2,b\n"))
    assert out.schema == pa.schema([("_c0", pa.string()), ("_c1", pa.string())])
    assert out.to_pylist() == [{"_c0": "1", "_c1": "a"}, {"_c0": "2", "_c1": "b"}]


def test_header_names_columns_and_is_not_data(tmp_path: Path, read) -> None:
    out = read("csv", csv_file(tmp_path, "x,y\n1,a\n"), header=True)
    assert out.to_pylist() == [{"x": "1", "y": "a"}]


def test_infer_schema_follows_spark_types(tmp_path: Path) -> None:
    text = (
        "i,l,d,b,ts,dt,s,e\n"
        "1,3000000000,1.5,true,2020-01-01 10:00:00,2020-01-01,abc,\n"
        "2,4,2,false,2020-01-01T10:00:00,2020-01-02,1,\n"
    )
    src = open_source("csv", str(csv_file(tmp_path, text)), {"header": True, "inferSchema": True}, None)
    assert source_schema(src) == pa.schema(
        [
            ("i", pa.int32()),
            ("l", pa.int64()),
            ("d", pa.float64()),
            ("b", pa.bool_()),
            ("ts", pa.timestamp("us", tz="UTC")),
            ("dt", pa.date32()),
            ("s", pa.string()),
            ("e", pa.string()),
        ]
    )


def test_inferred_values_are_parsed_and_empty_strings_are_null(tmp_path: Path, read) -> None:
    out = read(
        "csv",
        csv_file(tmp_path, "a,b,c\n1,2020-01-01 10:00:00,\n,2020-01-02 00:00:00,x\n"),
        header=True,
        inferSchema=True,
    )
    assert out.to_pylist() == [
        {"a": 1, "b": datetime.datetime(2020, 1, 1, 10, tzinfo=UTC), "c": None},
        {"a": None, "b": datetime.datetime(2020, 1, 2, tzinfo=UTC), "c": "x"},
    ]


def test_inference_widens_across_files(tmp_path: Path) -> None:
    csv_file(tmp_path, "a\n1\n", "1.csv")
    csv_file(tmp_path, "a\n2.5\n", "2.csv")
    src = open_source("csv", str(tmp_path), {"header": True, "inferSchema": True}, None)
    assert source_schema(src).field("a").type == pa.float64()


def test_sep_quote_escape_and_null_value(tmp_path: Path, read) -> None:
    path = csv_file(tmp_path, "a;b\n'x;y';NA\n'it\\'s';z\n")
    out = read("csv", path, header=True, sep=";", quote="'", nullValue="NA")
    assert out.to_pylist() == [{"a": "x;y", "b": None}, {"a": "it's", "b": "z"}]


def test_nan_value_and_infinities_parse_as_doubles(tmp_path: Path, read) -> None:
    schema = pa.schema([("v", pa.float64())])
    out = read("csv", csv_file(tmp_path, "v\nnope\nInf\n-Inf\n1.5\n"), schema, header=True, nanValue="nope")
    values = out.column("v").to_pylist()
    assert values[0] != values[0] and values[1:] == [float("inf"), float("-inf"), 1.5]


def test_date_and_timestamp_formats(tmp_path: Path, read) -> None:
    schema = pa.schema([("d", pa.date32()), ("t", pa.timestamp("us", tz="UTC"))])
    out = read(
        "csv",
        csv_file(tmp_path, "31/12/2020,31/12/2020 23:59:01\n"),
        schema,
        dateFormat="dd/MM/yyyy",
        timestampFormat="dd/MM/yyyy HH:mm:ss",
    )
    assert out.to_pylist() == [
        {"d": datetime.date(2020, 12, 31), "t": datetime.datetime(2020, 12, 31, 23, 59, 1, tzinfo=UTC)}
    ]


def test_comment_lines_are_skipped(tmp_path: Path, read) -> None:
    out = read("csv", csv_file(tmp_path, "# note\na\n1\n# more\n2\n"), header=True, comment="#")
    assert out.column("a").to_pylist() == ["1", "2"]


def test_multiline_quoted_values(tmp_path: Path, read) -> None:
    out = read("csv", csv_file(tmp_path, 'a,b\n"line1\nline2",x\n'), header=True, multiLine=True)
    assert out.to_pylist() == [{"a": "line1\nline2", "b": "x"}]


def test_whitespace_trimming_options(tmp_path: Path, read) -> None:
    path = csv_file(tmp_path, "a,b\n  x  ,  y  \n")
    both = read("csv", path, header=True, ignoreLeadingWhiteSpace=True, ignoreTrailingWhiteSpace=True)
    assert both.to_pylist() == [{"a": "x", "b": "y"}]
    assert read("csv", path, header=True).to_pylist() == [{"a": "  x  ", "b": "  y  "}]


def test_latin1_encoding(tmp_path: Path, read) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes("a\ncafé\n".encode("latin-1"))
    assert read("csv", path, header=True, encoding="latin1").column("a").to_pylist() == ["café"]


MALFORMED = "a,b\n1,2\n3\n4,5,6\nx,7\n"
WITH_CORRUPT = pa.schema([("a", pa.int32()), ("b", pa.int32()), ("_corrupt_record", pa.string())])


def test_permissive_fills_nulls_and_keeps_the_raw_line(tmp_path: Path, read) -> None:
    out = read("csv", csv_file(tmp_path, MALFORMED), WITH_CORRUPT, header=True)
    assert out.to_pylist() == [
        {"a": 1, "b": 2, "_corrupt_record": None},
        {"a": 3, "b": None, "_corrupt_record": "3"},
        {"a": 4, "b": 5, "_corrupt_record": "4,5,6"},
        {"a": None, "b": 7, "_corrupt_record": "x,7"},
    ]


def test_permissive_without_corrupt_column_just_nulls_bad_fields(tmp_path: Path, read) -> None:
    schema = pa.schema([("a", pa.int32()), ("b", pa.int32())])
    out = read("csv", csv_file(tmp_path, MALFORMED), schema, header=True)
    assert out.column("a").to_pylist() == [1, 3, 4, None]


def test_custom_corrupt_record_column_name(tmp_path: Path, read) -> None:
    schema = pa.schema([("a", pa.int32()), ("bad", pa.string())])
    out = read("csv", csv_file(tmp_path, "a\n1\nx\n"), schema, header=True, columnNameOfCorruptRecord="bad")
    assert out.to_pylist() == [{"a": 1, "bad": None}, {"a": None, "bad": "x"}]


def test_dropmalformed_drops_bad_rows(tmp_path: Path, read) -> None:
    out = read("csv", csv_file(tmp_path, MALFORMED), WITH_CORRUPT, header=True, mode="DROPMALFORMED")
    assert out.to_pylist() == [{"a": 1, "b": 2, "_corrupt_record": None}]


def test_failfast_names_file_and_line_and_what_to_do(tmp_path: Path, read) -> None:
    path = csv_file(tmp_path, "a,b\n1,2\nx,7\n")
    with pytest.raises(SparkRuntimeException) as err:
        read("csv", path, pa.schema([("a", pa.int32()), ("b", pa.int32())]), header=True, mode="FAILFAST")
    message = str(err.value)
    assert f"file:{path}" in message and "line 3" in message and "PERMISSIVE" in message


def test_failfast_on_wrong_field_count(tmp_path: Path, read) -> None:
    with pytest.raises(SparkRuntimeException, match="line 3"):
        read("csv", csv_file(tmp_path, MALFORMED), header=True, mode="FAILFAST")
