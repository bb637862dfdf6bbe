"""get_json_object through ``[*]`` follows Spark's (Hive's) rules: a string found through a
wildcard stays a quoted JSON string, one match is shown without the surrounding array, several
are gathered into one, ``[*][*]`` flattens the inner arrays, and an index followed by a wildcard
keeps the array. A string reached without a wildcard is shown bare. Expected texts come from
PySpark 4.3."""

from __future__ import annotations

import engine

DOCS = [
    (1, '[{"f1":"value12"}]'),
    (2, '[{"f1":"value12"},{"f1":"v2"}]'),
    (3, '{"a":["x"]}'),
    (4, '{"a":[["x"],["y","z"]]}'),
    (5, '{"a":[null, "q"]}'),
    (6, '{"a":[{"b":"x"},{"c":1}]}'),
]


def _paths(spark: engine.SparkSession, *paths: str) -> list[tuple[str | None, ...]]:
    df = spark.createDataFrame(DOCS, "i int, j string").orderBy("i")
    return [tuple(r) for r in df.selectExpr(*[f"get_json_object(j, '{p}')" for p in paths]).collect()]


def test_one_wildcard_match_is_unwrapped_but_stays_quoted(spark: engine.SparkSession) -> None:
    assert [r[0] for r in _paths(spark, "$[*].f1")] == ['"value12"', '["value12","v2"]', None, None, None, None]
    assert [r[0] for r in _paths(spark, "$.a[*].b")] == [None, None, None, None, None, '"x"']


def test_a_wildcard_over_an_array_gives_its_elements_as_json(spark: engine.SparkSession) -> None:
    assert [r[0] for r in _paths(spark, "$.a[*]")] == [
        None, None, '"x"', '[["x"],["y","z"]]', '[null,"q"]', '[{"b":"x"},{"c":1}]',
    ]  # fmt: skip


def test_a_double_wildcard_flattens_inner_arrays(spark: engine.SparkSession) -> None:
    assert [r[0] for r in _paths(spark, "$.a[*][*]")][2:5] == ['["x"]', '["x","y","z"]', '[null,"q"]']


def test_an_index_before_a_wildcard_keeps_the_array_and_a_plain_index_shows_strings_bare(
    spark: engine.SparkSession,
) -> None:
    rows = _paths(spark, "$.a[0][*]", "$.a[1]")
    assert rows[3] == ('["x"]', '["y","z"]')
    assert rows[4] == (None, "q")
