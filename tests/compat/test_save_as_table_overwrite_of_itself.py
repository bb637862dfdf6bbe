"""saveAsTable in overwrite mode of a DataFrame that reads the same table is refused, as PySpark 4.3
refuses it (UNSUPPORTED_OVERWRITE.TABLE, SQLSTATE 42902), and the table keeps its rows; engine
replaced the table with the query's answer."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def test_overwriting_a_table_from_itself_is_refused(spark: engine.SparkSession) -> None:
    spark.sql("drop table if exists overwrite_self")
    try:
        spark.range(3).write.saveAsTable("overwrite_self")
        with pytest.raises(AnalysisException) as info:
            spark.table("overwrite_self").filter("id > 0").write.mode("overwrite").saveAsTable("overwrite_self")
        assert info.value.getCondition() == "UNSUPPORTED_OVERWRITE.TABLE"
        assert info.value.getSqlState() == "42902"
        assert str(info.value).startswith(
            "[UNSUPPORTED_OVERWRITE.TABLE] Can't overwrite the target that is also being read from. "
            "The target table is `spark_catalog`.`default`.`overwrite_self`."
        )
        assert spark.table("overwrite_self").count() == 3
    finally:
        spark.sql("drop table if exists overwrite_self")


def test_overwriting_from_another_table_is_allowed(spark: engine.SparkSession) -> None:
    spark.sql("drop table if exists overwrite_src")
    spark.sql("drop table if exists overwrite_dst")
    try:
        spark.range(3).write.saveAsTable("overwrite_src")
        spark.range(1).write.saveAsTable("overwrite_dst")
        spark.table("overwrite_src").select((F.col("id") * 10).alias("id")).write.mode("overwrite").saveAsTable(
            "overwrite_dst"
        )
        assert sorted(r.id for r in spark.table("overwrite_dst").collect()) == [0, 10, 20]
    finally:
        spark.sql("drop table if exists overwrite_src")
        spark.sql("drop table if exists overwrite_dst")
