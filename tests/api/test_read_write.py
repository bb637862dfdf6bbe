"""Readers and writers through the public API: round trips, save modes, partitioning, bad paths.

Files written by engine are read back with pyarrow (the oracle), and files written by
pyarrow are read with engine.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from apihelpers import sorted_tuples

from engine import functions as F
from engine.errors import AnalysisException

ROWS = [(1, "a", 1.5), (2, None, 2.5), (3, "c", None), (4, "a", 4.0)]


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(ROWS, "id long, k string, v double")


def test_parquet_round_trip_read_back_by_pyarrow(df, tmp_path):
    path = str(tmp_path / "p")
    df.write.parquet(path)
    table = pq.read_table(path)
    assert sorted(tuple(r.values()) for r in table.to_pylist()) == sorted(ROWS)


def test_read_parquet_written_by_pyarrow(spark, tmp_path):
    pq.write_table(pa.table({"x": [1, 2, 3], "y": ["p", "q", None]}), tmp_path / "f.parquet")
    out = spark.read.parquet(str(tmp_path / "f.parquet"))
    assert out.dtypes == [("x", "bigint"), ("y", "string")]
    assert sorted_tuples(out) == [(1, "p"), (2, "q"), (3, None)]
    assert sorted_tuples(spark.read.format("parquet").load(str(tmp_path))) == [(1, "p"), (2, "q"), (3, None)]


def test_save_modes(spark, df, tmp_path):
    path = str(tmp_path / "m")
    df.write.parquet(path)
    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS"):
        df.write.parquet(path)
    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS"):
        df.write.mode("error").parquet(path)
    df.write.mode("append").parquet(path)
    assert spark.read.parquet(path).count() == 2 * len(ROWS)
    df.limit(1).write.mode("overwrite").parquet(path)
    assert spark.read.parquet(path).count() == 1
    df.write.mode("ignore").parquet(path)
    assert spark.read.parquet(path).count() == 1


def test_partition_by_writes_hive_directories_and_reads_them_back(spark, df, tmp_path):
    path = tmp_path / "parts"
    df.write.partitionBy("k").parquet(str(path))
    assert {p.name for p in path.iterdir() if p.is_dir()} == {"k=a", "k=c", "k=__HIVE_DEFAULT_PARTITION__"}
    back = spark.read.parquet(str(path))
    assert sorted(back.columns) == ["id", "k", "v"]
    assert sorted_tuples(back.select("id", "k", "v")) == sorted_tuples(df)
    assert sorted(r.id for r in back.filter(F.col("k") == "a").collect()) == [1, 4]


def test_csv_with_header_and_infer_schema(spark, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,name,score\n1,ann,1.5\n2,,2\n3,cid,\n")
    out = spark.read.csv(str(path), header=True, inferSchema=True)
    assert out.dtypes == [("id", "int"), ("name", "string"), ("score", "double")]
    assert sorted_tuples(out) == [(1, "ann", 1.5), (2, None, 2.0), (3, "cid", None)]
    raw = spark.read.option("header", "true").csv(str(path))
    assert raw.dtypes == [("id", "string"), ("name", "string"), ("score", "string")]


def test_csv_with_separator_and_schema(spark, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("1;x\n2;y\n")
    out = spark.read.csv(str(path), sep=";", schema="n long, t string")
    assert sorted_tuples(out) == [(1, "x"), (2, "y")]


def test_csv_round_trip_read_back_by_pyarrow(df, tmp_path):
    path = tmp_path / "w"
    df.write.option("header", True).csv(str(path))
    empty_is_null = pacsv.ConvertOptions(strings_can_be_null=True)  # Spark writes null as an empty field
    tables = [pacsv.read_csv(f, convert_options=empty_is_null) for f in sorted(path.glob("*.csv"))]
    rows = [tuple(r.values()) for t in tables for r in t.to_pylist()]
    assert sorted(rows, key=lambda r: r[0]) == [(1, "a", 1.5), (2, None, 2.5), (3, "c", None), (4, "a", 4.0)]


def test_json_lines_round_trip(spark, df, tmp_path):
    path = str(tmp_path / "j")
    df.write.json(path)
    back = spark.read.json(path)
    assert sorted(back.columns) == ["id", "k", "v"]
    assert sorted_tuples(back.select("id", "k", "v")) == sorted_tuples(df)


def test_read_json_lines(spark, tmp_path):
    path = tmp_path / "in.json"
    path.write_text('{"a": 1, "b": "x"}\n{"a": 2}\n')
    out = spark.read.json(str(path))
    assert out.dtypes == [("a", "bigint"), ("b", "string")]
    assert sorted_tuples(out) == [(1, "x"), (2, None)]


def test_write_and_read_many_partitions(spark, tmp_path):
    path = str(tmp_path / "many")
    spark.range(0, 1000, numPartitions=50).write.parquet(path)
    assert sorted(r.id for r in spark.read.parquet(path).collect()) == list(range(1000))


def test_missing_path_is_an_analysis_error_naming_it(spark, tmp_path):
    missing = str(tmp_path / "definitely" / "missing")
    for read in (spark.read.parquet, spark.read.csv, spark.read.json):
        with pytest.raises(AnalysisException, match="PATH_NOT_FOUND") as info:
            read(missing).collect()
        assert "definitely/missing" in str(info.value)
