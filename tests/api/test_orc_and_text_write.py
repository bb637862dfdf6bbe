"""ORC read/write, text writing and clusterBy; file names, rows and errors as PySpark 4.3 gives them."""

from __future__ import annotations

import datetime
import glob
import os

import pytest
from apihelpers import sorted_tuples

from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException

ROWS = [(1, "a", 1.5), (2, None, None)]


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(ROWS, "i int, s string, d double")


def _data_files(path):
    return sorted(f for f in os.listdir(path) if f.startswith("part-"))


def test_orc_round_trip_modes_and_partitions(spark, df, tmp_path):
    out = str(tmp_path / "o1")
    df.write.orc(out)
    assert all(f.endswith(".zstd.orc") for f in _data_files(out))
    back = spark.read.orc(out)
    assert back.schema.simpleString() == "struct<i:int,s:string,d:double>"
    assert sorted_tuples(back) == [(1, "a", 1.5), (2, None, None)]
    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS"):
        df.write.orc(out)
    df.write.orc(out, mode="append")
    assert spark.read.orc(out).count() == 4
    parted = str(tmp_path / "o2")
    df.write.orc(parted, partitionBy="i", compression="zlib")
    assert sorted(os.listdir(parted)) == ["_SUCCESS", "i=1", "i=2"]
    assert sorted_tuples(spark.read.format("orc").load(parted)) == [(None, None, 2), ("a", 1.5, 1)]
    with pytest.raises(AnalysisException, match="PATH_NOT_FOUND"):
        spark.read.orc(str(tmp_path / "nope"))


def test_orc_codecs_and_timestamps(spark, tmp_path):
    one = spark.createDataFrame([(1, "a", "b")], "i int, s string, t string")
    one.write.orc(str(tmp_path / "none"), compression="none")
    assert [f.endswith("c000.orc") for f in _data_files(tmp_path / "none")] == [True]
    one.write.orc(str(tmp_path / "snappy"), compression="snappy")
    assert [f.endswith(".snappy.orc") for f in _data_files(tmp_path / "snappy")] == [True]
    assert spark.read.orc([str(tmp_path / "none"), str(tmp_path / "snappy")]).count() == 2
    with pytest.raises(IllegalArgumentException) as e:
        one.write.orc(str(tmp_path / "bad"), compression="bogus")
    assert e.value.getCondition() == "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION"
    assert "Available codecs are brotli, uncompressed, lz4, lzo, snappy, zlib, none, zstd." in str(e.value)
    assert not os.path.exists(tmp_path / "bad")
    when = datetime.datetime(2020, 1, 1, 1, 2, 3)
    ts = spark.createDataFrame([(when, when)], "a timestamp, b timestamp_ntz")
    ts.write.orc(str(tmp_path / "ts"))
    back = spark.read.orc(str(tmp_path / "ts"))
    assert back.schema.simpleString() == "struct<a:timestamp,b:timestamp_ntz>"
    assert [tuple(r) for r in back.collect()] == [(when, when)]


def _texts(path):
    return sorted(open(f).read() for f in glob.glob(os.path.join(path, "part-*")))


def test_text_write_lines_separators_partitions_and_gzip(spark, df, tmp_path):
    df.select("s").write.text(str(tmp_path / "t1"))
    assert _texts(tmp_path / "t1") == ["\n", "a\n"]
    df.select("s").write.text(str(tmp_path / "t2"), lineSep="|")
    assert _texts(tmp_path / "t2") == ["a|", "|"]
    df.select("s", "i").write.partitionBy("i").text(str(tmp_path / "t3"))
    assert sorted(os.listdir(tmp_path / "t3")) == ["_SUCCESS", "i=1", "i=2"]
    df.select("s").write.text(str(tmp_path / "t4"), compression="gzip")
    assert all(f.endswith(".txt.gz") for f in _data_files(tmp_path / "t4"))
    assert sorted(r.value for r in spark.read.text(str(tmp_path / "t4")).collect()) == ["", "a"]
    spark.range(0).select(F.lit("x").alias("v")).write.text(str(tmp_path / "t5"))
    assert [f.endswith(".txt") for f in _data_files(tmp_path / "t5")] == [True]


@pytest.mark.parametrize(
    ("cols", "error_class", "message"),
    [
        (["i", "s", "d"], "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
         "The Text datasource doesn't support the column `i` of the type \"INT\"."),
        (["i"], "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", "column `i` of the type \"INT\""),
        (["s", "s"], "COLUMN_ALREADY_EXISTS", "The column `s` already exists."),
        ([F.col("s"), F.col("s").alias("t")], "_LEGACY_ERROR_TEMP_1290",
         "Text data source supports only a single column, and you have 2 columns."),
    ],
)  # fmt: skip
def test_text_write_errors_leave_nothing(df, tmp_path, cols, error_class, message):
    target = tmp_path / "bad"
    with pytest.raises(AnalysisException) as e:
        df.select(*cols).write.text(str(target))
    assert e.value.getCondition() == error_class and message in str(e.value)
    assert not os.path.exists(target)


def test_text_codec_error(df, tmp_path):
    with pytest.raises(IllegalArgumentException, match="Available codecs are bzip2, deflate, uncompressed, snappy"):
        df.select("s").write.text(str(tmp_path / "t"), compression="bogus")


def test_cluster_by_writes_the_same_rows(spark, df, tmp_path):
    df.write.clusterBy("i").parquet(str(tmp_path / "c"))
    assert sorted_tuples(spark.read.parquet(str(tmp_path / "c"))) == sorted_tuples(df)
