"""reflect runs scala.Predef.require (a void method: the text "null" when true; false throws, so
try_reflect gives NULL), and java.util.UUID.fromString of text that is no UUID throws Java's
IllegalArgumentException (try_reflect NULL) instead of failing inside engine. Observed on
PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine.errors import IllegalArgumentException


def test_require_is_null_text_when_true_and_try_reflect_null_when_false(spark: engine.SparkSession) -> None:
    out = spark.sql("SELECT reflect('scala.Predef', 'require', true) a, try_reflect('scala.Predef', 'require', false) b")
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["string", "string"]
    assert tuple(out.first()) == ("null", None)
    with pytest.raises(IllegalArgumentException, match="requirement failed"):
        spark.sql("SELECT reflect('scala.Predef', 'require', false)").collect()


def test_a_malformed_uuid_is_null_under_try_reflect(spark: engine.SparkSession) -> None:
    out = spark.sql("SELECT try_reflect('java.util.UUID', 'fromString', 'zz')")
    assert out.columns == ["try_reflect(java.util.UUID, fromString, zz)"]
    assert out.first()[0] is None
    with pytest.raises(IllegalArgumentException, match="Invalid UUID string: zz"):
        spark.sql("SELECT reflect('java.util.UUID', 'fromString', 'zz')").collect()
