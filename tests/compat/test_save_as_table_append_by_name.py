"""saveAsTable in append mode matches the DataFrame's columns to the table's by name (insertInto
goes by position), and a different column count is Spark's legacy error naming both schemas.
Expected values are PySpark 4's answers."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def test_append_matches_columns_by_name(spark: engine.SparkSession) -> None:
    spark.sql("drop table if exists append_by_name")
    try:
        spark.sql("select 1 a, 'x' b").write.saveAsTable("append_by_name")
        spark.sql("select 'y' b, 2 a").write.mode("append").saveAsTable("append_by_name")
        assert sorted(tuple(r) for r in spark.table("append_by_name").collect()) == [(1, "x"), (2, "y")]
    finally:
        spark.sql("drop table if exists append_by_name")


def test_append_with_other_column_count_is_refused(spark: engine.SparkSession) -> None:
    spark.sql("drop table if exists append_fewer")
    try:
        spark.sql("select 1 a, 'x' b").write.saveAsTable("append_fewer")
        with pytest.raises(AnalysisException) as info:
            spark.sql("select 2 a").write.mode("append").saveAsTable("append_fewer")
        assert info.value.getErrorClass() == "_LEGACY_ERROR_TEMP_1161"
        assert str(info.value).startswith(
            "The column number of the existing table spark_catalog.default.append_fewer (struct<a:int,b:string>) "
            "doesn't match the data schema (struct<a:int>)."
        )
    finally:
        spark.sql("drop table if exists append_fewer")
