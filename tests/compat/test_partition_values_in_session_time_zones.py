"""Partition directories and the values read back from them, as PySpark 4.3 writes and reads them
(every expected value below was observed there): a TIMESTAMP is written as its wall clock in the
session time zone (or the write's ``timeZone`` option), a TIMESTAMP_NTZ as its own wall clock,
fractions without trailing zeros; reading, ``yyyy-MM-dd HH:mm:ss[.S]`` is a timestamp (typed as
spark.sql.timestampType says) whose wall clock is read in the reader's session zone, and pruning
filters see those values. engine wrote and read every timestamp as UTC."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine

LA = "America/Los_Angeles"
ROWS = (
    "select timestamp'2024-01-02 03:04:05' as ts, timestamp_ntz'2024-01-02 03:04:05' as ntz, 1 as v"
    " union all select timestamp'2024-07-01 00:00:00', timestamp_ntz'2024-07-01 00:00:00', 2"
    " union all select null, null, 3"
)


@pytest.fixture()
def conf(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    keys = ("spark.sql.session.timeZone", "spark.sql.timestampType", "spark.sql.sources.partitionColumnTypeInference.enabled")
    before = {k: spark.conf.get(k, None) for k in keys}
    yield spark
    for k, v in before.items():
        spark.conf.unset(k) if v is None else spark.conf.set(k, v)


def dirs(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.is_dir())


def as_strings(df: engine.DataFrame, col: str) -> list[tuple]:
    return [tuple(r) for r in df.orderBy("v").selectExpr("v", f"cast({col} as string)").collect()]


def test_a_timestamp_is_written_as_its_wall_clock_in_the_session_zone(conf: engine.SparkSession, tmp_path: Path) -> None:
    conf.conf.set("spark.sql.session.timeZone", LA)
    made = conf.sql(ROWS.replace("timestamp'2024-01-02 03:04:05'", "timestamp'2024-01-02 03:04:05Z'").replace(
        "timestamp'2024-07-01 00:00:00'", "timestamp'2024-07-01 00:00:00Z'"
    ))  # the TIMESTAMPs are instants given in UTC
    made.select("ts", "v").write.partitionBy("ts").parquet(str(tmp_path / "ts"))
    made.select("ntz", "v").write.partitionBy("ntz").parquet(str(tmp_path / "ntz"))
    made.select("ts", "v").write.option("timeZone", "Asia/Tokyo").partitionBy("ts").parquet(str(tmp_path / "tokyo"))
    assert dirs(tmp_path / "ts") == [
        "ts=2024-01-01 19%3A04%3A05", "ts=2024-06-30 17%3A00%3A00", "ts=__HIVE_DEFAULT_PARTITION__"
    ]
    assert dirs(tmp_path / "ntz") == [
        "ntz=2024-01-02 03%3A04%3A05", "ntz=2024-07-01 00%3A00%3A00", "ntz=__HIVE_DEFAULT_PARTITION__"
    ]
    assert dirs(tmp_path / "tokyo")[0] == "ts=2024-01-02 12%3A04%3A05"


@pytest.mark.parametrize("zone", ["UTC", LA])
def test_a_timestamp_ntz_partition_round_trips_its_wall_clock_in_any_zone(
    conf: engine.SparkSession, tmp_path: Path, zone: str
) -> None:
    conf.conf.set("spark.sql.session.timeZone", zone)
    conf.sql(ROWS).select("ntz", "v").write.partitionBy("ntz").parquet(str(tmp_path / "o"))
    for reader_zone in ("UTC", LA):
        conf.conf.set("spark.sql.session.timeZone", reader_zone)
        for kind, type_name in (("TIMESTAMP_LTZ", "timestamp"), ("TIMESTAMP_NTZ", "timestamp_ntz")):
            conf.conf.set("spark.sql.timestampType", kind)
            back = conf.read.parquet(str(tmp_path / "o"))
            assert back.schema.simpleString() == f"struct<v:int,ntz:{type_name}>"
            assert as_strings(back, "ntz") == [(1, "2024-01-02 03:04:05"), (2, "2024-07-01 00:00:00"), (3, None)]
            assert [r.v for r in back.where("ntz = '2024-01-02 03:04:05'").collect()] == [1]
            assert [r.v for r in back.where("ntz > timestamp_ntz'2024-03-01 00:00:00'").collect()] == [2]


def test_a_timestamp_partition_reads_back_the_wall_clock_in_the_readers_zone(
    conf: engine.SparkSession, tmp_path: Path
) -> None:
    conf.conf.set("spark.sql.session.timeZone", LA)
    conf.sql(ROWS).select("ts", "v").write.partitionBy("ts").parquet(str(tmp_path / "o"))
    conf.conf.set("spark.sql.session.timeZone", "UTC")
    back = conf.read.parquet(str(tmp_path / "o"))
    assert back.schema.simpleString() == "struct<v:int,ts:timestamp>"
    assert as_strings(back, "ts") == [(1, "2024-01-02 03:04:05"), (2, "2024-07-01 00:00:00"), (3, None)]
    assert [r.v for r in back.where("ts = '2024-01-02 03:04:05'").collect()] == [1]
    typed = conf.read.schema("v int, ts timestamp").parquet(str(tmp_path / "o"))
    assert as_strings(typed, "ts") == [(1, "2024-01-02 03:04:05"), (2, "2024-07-01 00:00:00"), (3, None)]


def test_fractions_lose_trailing_zeros_and_only_one_digit_infers_a_timestamp(
    conf: engine.SparkSession, tmp_path: Path
) -> None:
    conf.conf.set("spark.sql.session.timeZone", LA)
    one = conf.sql("select timestamp_ntz'2024-01-02 03:04:05.5' as ntz, timestamp'2024-01-02 03:04:05.25' as ts, 1 as v")
    one.write.partitionBy("ntz", "ts").parquet(str(tmp_path / "o"))
    assert dirs(tmp_path / "o") == ["ntz=2024-01-02 03%3A04%3A05.5"]
    assert dirs(tmp_path / "o" / "ntz=2024-01-02 03%3A04%3A05.5") == ["ts=2024-01-02 03%3A04%3A05.25"]
    back = conf.read.parquet(str(tmp_path / "o"))
    assert back.schema.simpleString() == "struct<v:int,ntz:timestamp,ts:string>"
    assert [tuple(r) for r in back.selectExpr("v", "cast(ntz as string)", "ts").collect()] == [
        (1, "2024-01-02 03:04:05.5", "2024-01-02 03:04:05.25")
    ]


@pytest.mark.parametrize("text", ["2024-01-02T03%3A04%3A05", "2024-01-02 03%3A04", "2024-01-02 03%3A04%3A05.123456"])
def test_other_timestamp_shapes_stay_strings(spark: engine.SparkSession, tmp_path: Path, text: str) -> None:
    (tmp_path / "o" / f"t={text}").mkdir(parents=True)
    spark.range(1).write.parquet(str(tmp_path / "data"))
    part = next(p for p in os.listdir(tmp_path / "data") if p.startswith("part-"))
    os.replace(tmp_path / "data" / part, tmp_path / "o" / f"t={text}" / part)
    assert spark.read.parquet(str(tmp_path / "o")).schema.simpleString() == "struct<id:bigint,t:string>"


@pytest.mark.parametrize("inference", ["true", "false"])
def test_dates_decimals_strings_and_booleans_as_spark_names_and_reads_them(
    conf: engine.SparkSession, tmp_path: Path, inference: str
) -> None:
    rows = conf.createDataFrame(
        [("2024-01-02", "1.50", "a/b=c%d e", True, 1), ("2024-06-01", "-2.00", "ü日", False, 2),
         (None, None, None, None, 3), ("2024-06-01", "0.00", "", None, 4)],
        "d string, dec string, s string, b boolean, v int",
    ).selectExpr("cast(d as date) d", "cast(dec as decimal(10,2)) dec", "s", "b", "v")
    for col in ("d", "dec", "s", "b"):
        rows.select(col, "v").write.partitionBy(col).parquet(str(tmp_path / col))
    assert dirs(tmp_path / "d") == ["d=2024-01-02", "d=2024-06-01", "d=__HIVE_DEFAULT_PARTITION__"]
    assert dirs(tmp_path / "dec") == ["dec=-2.00", "dec=0.00", "dec=1.50", "dec=__HIVE_DEFAULT_PARTITION__"]
    assert dirs(tmp_path / "s") == ["s=__HIVE_DEFAULT_PARTITION__", "s=a%2Fb%3Dc%25d e", "s=ü日"]
    assert dirs(tmp_path / "b") == ["b=__HIVE_DEFAULT_PARTITION__", "b=false", "b=true"]
    conf.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", inference)
    typed = inference == "true"
    want = {
        "d": ("date" if typed else "string", ["2024-01-02", "2024-06-01", None, "2024-06-01"]),
        "dec": ("double" if typed else "string", ["1.5", "-2.0", None, "0.0"] if typed else ["1.50", "-2.00", None, "0.00"]),
        "s": ("string", ["a/b=c%d e", "ü日", None, None]),
        "b": ("string", ["true", "false", None, None]),
    }
    for col, (type_name, values) in want.items():
        back = conf.read.parquet(str(tmp_path / col))
        assert back.schema.simpleString() == f"struct<v:int,{col}:{type_name}>"
        assert [s for _, s in as_strings(back, col)] == values


def test_a_partitioned_table_keeps_its_timestamp_ntz_values_outside_utc(
    conf: engine.SparkSession, tmp_path: Path
) -> None:
    """saveAsTable, insertInto, reads, pruning and SHOW PARTITIONS of a table partitioned by a
    TIMESTAMP_NTZ in America/Los_Angeles; engine read the table's values back 8 hours early and
    SHOW PARTITIONS listed every partition twice (its directory, and the shifted value)."""
    conf.conf.set("spark.sql.session.timeZone", LA)
    conf.sql("drop table if exists ntz_parts")
    try:
        conf.sql(
            "select 1 as v, timestamp_ntz'2024-01-02 03:04:05' as ntz, 'a/b=c' as s"
            " union all select 2, timestamp_ntz'2024-07-01 00:00:00.5', ''"
            " union all select 3, null, null"
        ).write.partitionBy("ntz", "s").saveAsTable("ntz_parts")
        conf.sql("select 4 as v, timestamp_ntz'2024-01-02 03:04:05' as ntz, 'x y' as s").write.insertInto("ntz_parts")
        table = conf.table("ntz_parts")
        assert table.schema.simpleString() == "struct<v:int,ntz:timestamp_ntz,s:string>"
        assert [tuple(r) for r in table.orderBy("v").selectExpr("v", "cast(ntz as string)", "s").collect()] == [
            (1, "2024-01-02 03:04:05", "a/b=c"), (2, "2024-07-01 00:00:00.5", None), (3, None, None),
            (4, "2024-01-02 03:04:05", "x y"),
        ]
        assert [r.v for r in table.where("ntz = timestamp_ntz'2024-01-02 03:04:05'").orderBy("v").collect()] == [1, 4]
        assert [r.partition for r in conf.sql("show partitions ntz_parts").collect()] == [
            "ntz=2024-01-02 03%3A04%3A05/s=a%2Fb%3Dc",
            "ntz=2024-01-02 03%3A04%3A05/s=x y",
            "ntz=2024-07-01 00%3A00%3A00.5/s=__HIVE_DEFAULT_PARTITION__",
            "ntz=__HIVE_DEFAULT_PARTITION__/s=__HIVE_DEFAULT_PARTITION__",
        ]
        assert [r.partition for r in conf.sql("show partitions ntz_parts partition (s='a/b=c')").collect()] == [
            "ntz=2024-01-02 03%3A04%3A05/s=a%2Fb%3Dc"
        ]
    finally:
        conf.sql("drop table if exists ntz_parts")


def test_a_table_partitioned_by_a_timestamp_lists_its_wall_clock_in_the_writers_zone(
    conf: engine.SparkSession, tmp_path: Path
) -> None:
    conf.conf.set("spark.sql.session.timeZone", LA)
    conf.sql("drop table if exists ts_parts")
    try:
        conf.sql(
            "select 1 as v, timestamp'2024-01-02 03:04:05' as ts, date'2024-01-02' as d,"
            " cast(1.50 as decimal(5,2)) as dec, true as b"
        ).write.partitionBy("ts", "d", "dec", "b").saveAsTable("ts_parts")
        assert conf.table("ts_parts").schema.simpleString() == (
            "struct<v:int,ts:timestamp,d:date,dec:decimal(5,2),b:boolean>"
        )
        want = ["ts=2024-01-02 03%3A04%3A05/d=2024-01-02/dec=1.50/b=true"]
        assert [r.partition for r in conf.sql("show partitions ts_parts").collect()] == want
        conf.conf.set("spark.sql.session.timeZone", "UTC")  # the directory's wall clock, read in UTC now
        assert [r.partition for r in conf.sql("show partitions ts_parts").collect()] == want
        assert [str(r[0]) for r in conf.table("ts_parts").selectExpr("cast(ts as string)").collect()] == [
            "2024-01-02 03:04:05"
        ]
    finally:
        conf.sql("drop table if exists ts_parts")


def test_static_partition_values_are_cast_to_their_column_types(conf: engine.SparkSession) -> None:
    """INSERT ... PARTITION (ts = '...') casts the text to the column's type in the session zone,
    as Spark does (engine refused it: CANNOT_SAFELY_CAST STRING to TIMESTAMP), and SHOW PARTITIONS
    ... PARTITION takes a typed literal (engine: "A partition value must be a literal")."""
    conf.conf.set("spark.sql.session.timeZone", LA)
    conf.sql("drop table if exists spec_parts")
    try:
        conf.sql(
            "create table spec_parts (v int, ts timestamp, ntz timestamp_ntz, d date, dec decimal(5,2), b boolean)"
            " using parquet partitioned by (ts, ntz, d, dec, b)"
        )
        conf.sql(
            "insert into spec_parts partition (ts=timestamp'2024-01-02 03:04:05.5', ntz=timestamp_ntz'2024-01-02 03:04:05',"
            " d=date'2024-01-02', dec=1.5, b=true) values (1)"
        )
        conf.sql(
            "insert into spec_parts partition (ts='2024-07-01 00:00:00', ntz='2024-07-01 00:00:00', d='2024-07-01',"
            " dec='2', b=false) values (2)"
        )
        first = "ts=2024-01-02 03%3A04%3A05.5/ntz=2024-01-02 03%3A04%3A05/d=2024-01-02/dec=1.50/b=true"
        second = "ts=2024-07-01 00%3A00%3A00/ntz=2024-07-01 00%3A00%3A00/d=2024-07-01/dec=2.00/b=false"
        assert [r.partition for r in conf.sql("show partitions spec_parts").collect()] == [first, second]
        spec = "show partitions spec_parts partition (ntz=timestamp_ntz'2024-01-02 03:04:05')"
        assert [r.partition for r in conf.sql(spec).collect()] == [first]
        strings = "v, cast(ts as string), cast(ntz as string), cast(d as string), cast(dec as string), cast(b as string)"
        assert [tuple(r) for r in conf.table("spec_parts").orderBy("v").selectExpr(*strings.split(", ")).collect()] == [
            (1, "2024-01-02 03:04:05.5", "2024-01-02 03:04:05", "2024-01-02", "1.50", "true"),
            (2, "2024-07-01 00:00:00", "2024-07-01 00:00:00", "2024-07-01", "2.00", "false"),
        ]
    finally:
        conf.sql("drop table if exists spec_parts")


def test_a_static_partition_value_is_its_text_cast_to_the_column_type(spark: engine.SparkSession) -> None:
    """As in PySpark 4.3: PARTITION (p = '5') of an INT column is 5, while PARTITION (p = 2.7) is
    CAST_INVALID_INPUT ('2.7' is no INT), as is 'abc'; nothing is written by a failed insert."""
    spark.sql("drop table if exists int_parts")
    try:
        spark.sql("create table int_parts (v int, p int) using parquet partitioned by (p)")
        spark.sql("insert into int_parts partition (p='5') values (1)")
        for value in ("2.7", "'abc'"):
            with pytest.raises(Exception, match="CAST_INVALID_INPUT"):
                spark.sql(f"insert into int_parts partition (p={value}) values (2)")
        assert [tuple(r) for r in spark.table("int_parts").collect()] == [(1, 5)]
        assert [r.partition for r in spark.sql("show partitions int_parts").collect()] == ["p=5"]
    finally:
        spark.sql("drop table if exists int_parts")
