"""A map cannot be keyed by a map or by a struct or array holding one (maps have no equality in
Spark): map, map_from_arrays and map_from_entries are DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE,
naming the whole key type. Engine failed in an Arrow kernel. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (
            "map(map(1, 2), 'v')",
            'Cannot resolve "map(map(1, 2), v)" due to data type mismatch: The key of map cannot be/contain '
            '"MAP<INT, INT>".',
        ),
        (
            "map(named_struct('a', map(1, 2)), 'v')",
            'Cannot resolve "map(named_struct(a, map(1, 2)), v)" due to data type mismatch: The key of map cannot '
            'be/contain "STRUCT<a: MAP<INT, INT> NOT NULL>".',
        ),
        (
            "map(array(map(1, 2)), 1)",
            'Cannot resolve "map(array(map(1, 2)), 1)" due to data type mismatch: The key of map cannot be/contain '
            '"ARRAY<MAP<INT, INT>>".',
        ),
        (
            "map_from_arrays(array(map(1, 2)), array(1))",
            'Cannot resolve "map_from_arrays(array(map(1, 2)), array(1))" due to data type mismatch: The key of map '
            'cannot be/contain "MAP<INT, INT>".',
        ),
        (
            "map_from_entries(array(named_struct('k', map(1, 2), 'v', 1)))",
            'Cannot resolve "map_from_entries(array(named_struct(k, map(1, 2), v, 1)))" due to data type mismatch: '
            'The key of map cannot be/contain "MAP<INT, INT>".',
        ),
    ],
)
def test_map_keyed_by_a_map_is_refused(spark: engine.SparkSession, expr: str, message: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"select {expr} r")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE"
    assert f"[DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE] {message}" in str(info.value)


def test_map_with_plain_keys_still_builds(spark: engine.SparkSession) -> None:
    df = spark.sql("select map(1, 'a', 2, 'b') r")
    assert df.schema.simpleString() == "struct<r:map<int,string>>"
    assert df.collect() == [engine.Row(r={1: "a", 2: "b"})]
