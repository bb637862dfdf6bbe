"""SQL's ``a >>> b`` is shiftrightunsigned, named ``(a >>> b)``, as in PySpark 4.3 (values observed
there): the sign bit shifts in as zero, in the width of the left operand."""

from __future__ import annotations

import engine


def test_unsigned_right_shift_of_literals(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 20181117 >>> 2, -8 >>> 1, -8L >>> 1, shiftrightunsigned(-8, 1)")
    assert df.columns == ["(20181117 >>> 2)", "(-8 >>> 1)", "(-8 >>> 1)", "shiftrightunsigned(-8, 1)"]
    assert df.schema.simpleString().endswith(":int,(-8 >>> 1):int,(-8 >>> 1):bigint,shiftrightunsigned(-8, 1):int>")
    assert list(df.collect()[0]) == [5045279, 2147483644, 9223372036854775804, 2147483644]


def test_unsigned_right_shift_of_columns_binds_looser_than_plus(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT a >>> b, a >>> b + 1 FROM VALUES (-8, 1) AS t(a, b)")
    assert df.columns == ["(a >>> b)", "(a >>> (b + 1))"]
    assert list(df.collect()[0]) == [2147483644, 1073741822]


def test_greater_than_comparisons_are_untouched(spark: engine.SparkSession) -> None:
    assert list(spark.sql("SELECT 2 > 1, 8 >> 1, 2 >= 1").collect()[0]) == [True, 4, True]
