"""CSV text written as Spark writes it: strings trimmed, quoted when they hold the separator, a
quote or a line break or start with ``#``; inside quotes backslashes doubled; ``""`` for an empty
string; quoteAll, emptyValue, escapeQuotes, lineSep and compression honoured; nested columns
refused. Expected texts are PySpark 4's output files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException


def _written(spark: engine.SparkSession, rows: list[tuple[object, ...]], ddl: str, path: Path, **options: object) -> str:
    spark.createDataFrame(rows, ddl).coalesce(1).write.csv(str(path), **options)
    (part,) = sorted(path.glob("part-*"))
    data = part.read_bytes()
    return (gzip.decompress(data) if part.name.endswith(".gz") else data).decode()


def test_quoting_escaping_and_trimming(spark: engine.SparkSession, tmp_path: Path) -> None:
    values = ["a\\b,c", "a\\b", "\\", '\\"', '"', 'a"', "x\ny", "#", "a#", " #", "", "\t", "  x  "]
    text = _written(spark, [(v,) for v in values], "a string", tmp_path / "o")
    assert text == '"a\\\\b,c"\na\\b\n\\\n"\\\\\\""\n"\\""\n"a\\""\n"x\ny"\n"#"\na#\n#\n""\n""\nx\n'


def test_quote_all_and_header(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = _written(spark, [(1, "a"), (2, None)], "i int, s string", tmp_path / "o", quoteAll=True, header=True)
    assert text == '"i","s"\n"1","a"\n"2",""\n'


def test_empty_value_null_value_and_line_sep(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = _written(
        spark, [(1, "", None)], "i int, e string, n string", tmp_path / "o", emptyValue="EMPTY", nullValue="NULL"
    )
    assert text == "1,EMPTY,NULL\n"
    assert _written(spark, [(1,), (2,)], "i int", tmp_path / "p", lineSep="|") == "1|2|"


def test_escape_quotes_false_leaves_quotes_alone(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = _written(spark, [('a"b',), ("c,d",), ("\\",)], "a string", tmp_path / "o", escapeQuotes=False)
    assert text == 'a"b\n"c,d"\n\\\n'


def test_floats_are_written_as_java_prints_them(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = _written(spark, [(1e7, 9.0e-4, 1e20, 0.001)], "a double, b double, c double, d double", tmp_path / "o")
    assert text == "1.0E7,9.0E-4,1.0E20,0.001\n"


def test_gzip_compression_writes_gz_files_that_read_back(spark: engine.SparkSession, tmp_path: Path) -> None:
    assert _written(spark, [(1,)], "a int", tmp_path / "o", compression="gzip") == "1\n"
    assert [p.name.endswith(".csv.gz") for p in (tmp_path / "o").glob("part-*")] == [True]
    assert [tuple(r) for r in spark.read.csv(str(tmp_path / "o")).collect()] == [("1",)]


def test_unknown_codec_is_refused_before_anything_is_written(spark: engine.SparkSession, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="CODEC_NOT_AVAILABLE"):
        spark.createDataFrame([(1,)], "a int").write.csv(str(tmp_path / "o"), compression="foo")
    assert not list(tmp_path.iterdir())


def test_nested_column_is_refused(spark: engine.SparkSession, tmp_path: Path) -> None:
    with pytest.raises(AnalysisException, match="The CSV datasource doesn't support the column `a`") as info:
        spark.createDataFrame([([1],)], "a array<int>").write.csv(str(tmp_path / "o"))
    assert info.value.getErrorClass() == "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE"
    assert not (tmp_path / "o").exists()
