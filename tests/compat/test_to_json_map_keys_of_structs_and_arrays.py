"""to_json names a map entry by its key's text: a struct or array key is its parts joined by
commas in brackets (``[1,a]``), a null part ``null``, nested parts the same way. Engine failed
casting the key to a string. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("to_json(map(named_struct('a', 1, 'b', 'a'), 1))", '{"[1,a]":1}'),
        ("to_json(named_struct('x', map(named_struct('a', 1, 'b', 'a'), array(1, 2))))", '{"x":{"[1,a]":[1,2]}}'),
        ("to_json(map(array(1, 2), 'v'))", '{"[1,2]":"v"}'),
        ("to_json(map(named_struct('a', cast(null as int), 'b', 'x'), 1))", '{"[null,x]":1}'),
        ("to_json(map(named_struct('a', 1, 'b', named_struct('c', 2.5D)), 1))", '{"[1,[2.5]]":1}'),
        ("to_json(map(array('a', null), 1))", '{"[a,null]":1}'),
    ],
)
def test_to_json_writes_struct_and_array_keys_bracketed(spark: engine.SparkSession, expr: str, expected: str) -> None:
    assert spark.sql(f"select {expr} j").collect() == [engine.Row(j=expected)]
