"""Parquet read with a user schema whose type the file's column cannot become is Spark's
FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH (int read as string, bigint as int, double as
float...), while Spark's widenings still read; mergeSchema widens no types (int with bigint is
CANNOT_MERGE_SCHEMAS) but merges nested fields and same-scale decimals. Expected values are
PySpark 4's answers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException, SparkRuntimeException


def _write(spark: engine.SparkSession, path: Path, ddl: str, row: tuple) -> str:
    spark.createDataFrame([row], ddl).write.parquet(str(path))
    return str(path)


@pytest.mark.parametrize(
    ("stored", "value", "wanted", "column", "expected", "physical"),
    [
        ("a int", 1, "a string", "[a]", "string", "INT32"),
        ("a string", "x", "a int", "[a]", "int", "BINARY"),
        ("a long", 1, "a int", "[a]", "int", "INT64"),
        ("a long", 1, "a double", "[a]", "double", "INT64"),
        ("a int", 1, "a float", "[a]", "float", "INT32"),
        ("a double", 1.5, "a float", "[a]", "float", "DOUBLE"),
        ("a double", 1.5, "a int", "[a]", "int", "DOUBLE"),
        ("a int", 1, "a boolean", "[a]", "boolean", "INT32"),
        ("a int", 1, "a decimal(5,0)", "[a]", "decimal(5,0)", "INT32"),
        ("a boolean", True, "a string", "[a]", "string", "BOOLEAN"),
        ("a date", datetime.date(2020, 1, 1), "a timestamp", "[a]", "timestamp", "INT32"),
        ("s struct<a:int>", ((1,),), "s struct<a:string>", "[s, a]", "string", "INT32"),
    ],
)
def test_parquet_user_schema_incompatible_with_the_file_is_a_type_mismatch(
    spark: engine.SparkSession,
    tmp_path: Path,
    stored: str,
    value: object,
    wanted: str,
    column: str,
    expected: str,
    physical: str,
) -> None:
    row = value if isinstance(value, tuple) else (value,)
    path = _write(spark, tmp_path / "o", stored, row)
    with pytest.raises(SparkRuntimeException) as e:
        spark.read.schema(wanted).parquet(path).collect()
    assert e.value.getCondition() == "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH"
    assert e.value.getSqlState() == "KD001"
    assert (
        f"Data type mismatches when reading Parquet column {column}. Expected Spark type {expected}, "
        f"actual Parquet type {physical}. SQLSTATE: KD001"
    ) in e.value.getMessage()


@pytest.mark.parametrize(
    ("stored", "value", "wanted", "expected"),
    [
        ("a int", 1, "a long", 1),
        ("a int", 1, "a double", 1.0),
        ("a float", 1.5, "a double", 1.5),
        ("a int", 1, "a decimal(10,0)", Decimal("1")),
        ("a long", 1, "a decimal(20,0)", Decimal("1")),
        ("a short", 1, "a int", 1),
        ("a int", 1, "a short", 1),
        ("a int", 1, "a date", datetime.date(1970, 1, 2)),
        ("a date", datetime.date(2020, 1, 1), "a timestamp_ntz", datetime.datetime(2020, 1, 1)),
        ("a string", "x", "a binary", b"x"),
        ("a decimal(5,2)", Decimal("1"), "a decimal(10,2)", Decimal("1.00")),
    ],
)
def test_parquet_user_schema_widenings_spark_allows_still_read(
    spark: engine.SparkSession, tmp_path: Path, stored: str, value: object, wanted: str, expected: object
) -> None:
    path = _write(spark, tmp_path / "o", stored, (value,))
    assert spark.read.schema(wanted).parquet(path).collect()[0][0] == expected


def _merge(spark: engine.SparkSession, tmp_path: Path, *specs: tuple[str, tuple]):  # type: ignore[no-untyped-def]
    for i, (ddl, row) in enumerate(specs):
        _write(spark, tmp_path / "o" / f"k={i}", ddl, row)
    return spark.read.option("mergeSchema", "true").parquet(str(tmp_path / "o"))


def test_parquet_merge_schema_of_int_and_bigint_is_cannot_merge_schemas(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    with pytest.raises(AnalysisException) as e:
        _merge(spark, tmp_path, ("a int, b string", (1, "x")), ("a long, s struct<q:int>", (2, (1,))))
    assert e.value.getCondition() == "CANNOT_MERGE_SCHEMAS"
    assert e.value.getMessage() == (
        '[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\nInitial schema:\n"STRUCT<a: INT, b: STRING>"\n'
        'Schema that cannot be merged with the initial schema:\n"STRUCT<a: BIGINT, s: STRUCT<q: INT>>". '
        "SQLSTATE: 42KD9"
    )


@pytest.mark.parametrize(
    "specs",
    [
        (("c decimal(5,2)", (Decimal("2"),)), ("c decimal(7,3)", (Decimal("3"),))),
        (("s struct<a:int>", ((1,),)), ("s struct<a:string>", (("x",),))),
        (("a int", (1,)), ("a double", (2.5,))),
    ],
)
def test_parquet_merge_schema_conflicts_spark_does_not_widen(
    spark: engine.SparkSession, tmp_path: Path, specs: tuple
) -> None:
    with pytest.raises(AnalysisException) as e:
        _merge(spark, tmp_path, *specs)
    assert e.value.getCondition() == "CANNOT_MERGE_SCHEMAS"


def test_parquet_merge_schema_merges_nested_fields_and_same_scale_decimals(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    df = _merge(
        spark, tmp_path, ("s array<struct<a:int>>", ([(1,)],)), ("s array<struct<b:string>>", ([("x",)],))
    )
    assert df.schema.simpleString() == "struct<s:array<struct<a:int,b:string>>,k:int>"
    dec = _merge(
        spark, tmp_path / "d", ("c decimal(5,2)", (Decimal("2"),)), ("c decimal(7,2)", (Decimal("3"),))
    )
    assert dec.schema.simpleString() == "struct<c:decimal(7,2),k:int>"
