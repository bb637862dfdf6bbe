"""upper/lower map case as Java does, hash refuses maps, and try_divide by a decimal zero is NULL,
as PySpark 4.3 answers (values and error classes observed there)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def test_case_mapping_outside_ascii_is_full(spark: engine.SparkSession) -> None:
    row = spark.sql("SELECT upper('ß'), lower('İ'), upper('Straße'), upper('abc'), lower(CAST(NULL AS STRING))").collect()[0]
    assert list(row) == ["SS", "i\u0307", "STRASSE", "ABC", None]


def test_case_mapping_of_a_column_mixing_ascii_and_not(spark: engine.SparkSession) -> None:
    rows = spark.sql("SELECT upper(x), lower(x) FROM VALUES (1, 'ß'), (2, 'abc'), (3, NULL), (4, 'İx') AS t(i, x) ORDER BY i").collect()
    assert [tuple(r) for r in rows] == [("SS", "ß"), ("ABC", "abc"), (None, None), ("İX", "i\u0307x")]


@pytest.mark.parametrize("call", ["hash(map(1, 'a'))", "xxhash64(array(map(1, 'a')))"])
def test_hash_of_a_map_is_refused(spark: engine.SparkSession, call: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT {call}")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.HASH_MAP_TYPE"
    assert 'cannot contain elements of the "MAP" type.' in str(info.value)


def test_try_divide_by_a_decimal_zero_is_null(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT try_divide(5, 0.0) AS q")
    assert df.schema.simpleString() == "struct<q:decimal(8,6)>"
    assert df.collect()[0].q is None
