"""CSV fields read as Spark reads them: an unquoted empty field is null, a quoted ``""`` is the
emptyValue, and then any field equal to nullValue is null (so ``""`` is null with the defaults);
an empty file has no columns and an empty directory cannot be inferred. Expected values are
PySpark 4's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException

_TEXT = 'a,b\n"",1\n,2\n"NA",3\nNA,4\n" ",5\n'


def _rows(df: engine.DataFrame) -> list[tuple[object, ...]]:
    return sorted((tuple(r) for r in df.collect()), key=repr)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, [(" ", "5"), ("NA", "3"), ("NA", "4"), (None, "1"), (None, "2")]),
        ({"nullValue": "NA"}, [(" ", "5"), ("", "1"), (None, "2"), (None, "3"), (None, "4")]),
        ({"emptyValue": "E"}, [(" ", "5"), ("E", "1"), ("NA", "3"), ("NA", "4"), (None, "2")]),
        ({"emptyValue": "E", "nullValue": "NA"}, [(" ", "5"), ("E", "1"), (None, "2"), (None, "3"), (None, "4")]),
    ],
)
def test_quoted_empty_is_empty_value_and_null_value_is_null(
    spark: engine.SparkSession, tmp_path: Path, options: dict[str, str], expected: list[tuple[object, ...]]
) -> None:
    (tmp_path / "a.csv").write_text(_TEXT)
    assert _rows(spark.read.csv(str(tmp_path), header=True, **options)) == expected


def test_empty_csv_file_reads_as_no_columns(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("")
    df = spark.read.csv(str(tmp_path / "a.csv"), header=True)
    assert df.columns == []
    assert df.collect() == []


def test_empty_directory_is_unable_to_infer_schema(spark: engine.SparkSession, tmp_path: Path) -> None:
    for fmt, name in (("csv", "CSV"), ("json", "JSON"), ("parquet", "Parquet")):
        with pytest.raises(AnalysisException, match=f"Unable to infer schema for {name}") as info:
            spark.read.format(fmt).load(str(tmp_path))
        assert info.value.getErrorClass() == "UNABLE_TO_INFER_SCHEMA"


def test_line_sep_splits_records(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("a,b;1,2;3,4")
    assert _rows(spark.read.csv(str(tmp_path), header=True, lineSep=";")) == [("1", "2"), ("3", "4")]


def test_whole_numbers_beyond_bigint_infer_as_decimal(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("a,d\n1,1\n2.5,9999999999999999999999\n")
    df = spark.read.csv(str(tmp_path), header=True, inferSchema=True)
    assert [(f.name, f.dataType.simpleString()) for f in df.schema] == [("a", "double"), ("d", "decimal(22,0)")]
    assert sorted(r.d for r in df.collect()) == [1, 9999999999999999999999]
