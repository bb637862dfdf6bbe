"""JSON reader options and inference as in Spark: single quotes by default, comments and
unquoted field names when allowed, lineSep, dropFieldIfAllNull, ``{}`` fields dropped, arrays
of conflicting elements as array<string>, and a value that does not fit a user schema's field
making its record corrupt. Expected values are PySpark 4's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine


def _read(spark: engine.SparkSession, path: Path, text: str, schema: str | None = None, **options: object):  # type: ignore[no-untyped-def]
    path.write_text(text)
    reader = spark.read.schema(schema) if schema else spark.read
    df = reader.json(str(path), **options)
    fields = [(f.name, f.dataType.simpleString()) for f in df.schema]
    return fields, sorted((tuple(r) for r in df.collect()), key=repr)


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("{'a':'x'}\n", {}, ([("a", "string")], [("x",)])),
        (
            "{'a':'x'}\n{\"a\":\"y\"}\n",
            {"allowSingleQuotes": False},
            ([("_corrupt_record", "string"), ("a", "string")], [("{'a':'x'}", None), (None, "y")]),
        ),
        ('{"a":1 /* c */}\n', {"allowComments": True}, ([("a", "bigint")], [(1,)])),
        (
            '{"a":1 /* c */}\n{"a":2}\n',
            {},
            ([("_corrupt_record", "string"), ("a", "bigint")], [('{"a":1 /* c */}', None), (None, 2)]),
        ),
        ("{a:1}\n", {"allowUnquotedFieldNames": True}, ([("a", "bigint")], [(1,)])),
        ('{"a":1}|{"a":2}', {"lineSep": "|"}, ([("a", "bigint")], [(1,), (2,)])),
    ],
)
def test_relaxed_json_features(
    spark: engine.SparkSession, tmp_path: Path, text: str, options: dict[str, object], expected: object
) -> None:
    assert _read(spark, tmp_path / "a.json", text, **options) == expected


def test_empty_objects_are_dropped_and_all_null_fields_on_request(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = '{"a":null,"b":1,"c":[],"d":{}}\n'
    assert _read(spark, tmp_path / "a.json", text) == (
        [("a", "string"), ("b", "bigint"), ("c", "array<string>")],
        [(None, 1, [])],
    )
    assert _read(spark, tmp_path / "b.json", text, dropFieldIfAllNull=True) == ([("b", "bigint")], [(1,)])


def test_conflicting_array_elements_infer_array_of_strings(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = '{"a":1}\n{"a":"x"}\n{"a":1.5}\n{"b":[1]}\n{"b":["x"]}\n'
    assert _read(spark, tmp_path / "a.json", text) == (
        [("a", "string"), ("b", "array<string>")],
        [("1", None), ("1.5", None), ("x", None), (None, ["1"]), (None, ["x"])],
    )


def test_value_not_fitting_the_schema_makes_the_record_corrupt(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = '{"a":1}\n{bad\n{"a":"x"}\n'
    assert _read(spark, tmp_path / "a.json", text, "a int, _corrupt_record string") == (
        [("a", "int"), ("_corrupt_record", "string")],
        [(1, None), (None, '{"a":"x"}'), (None, "{bad")],
    )
