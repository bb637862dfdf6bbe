"""``na.fill`` types its columns as PySpark 4 does: it builds ``coalesce(nanvl(c, null),
CAST(value AS type))``, and PySpark turns a whole-number value into a double first, so
``fill(0)`` makes float and double columns non-null but leaves integral ones nullable (a
double cast to an int may be null), while a dict's values fill every column non-null."""

from __future__ import annotations

import engine


def _frame(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame(
        [(1, None, "a", 1.0, True, 5.0), (None, 2, None, None, None, None)],
        "i int, l bigint, s string, d double, b boolean, f float",
    )


def _nullable(df: engine.DataFrame) -> list[tuple[str, str, bool]]:
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


def test_fill_with_a_number(spark: engine.SparkSession) -> None:
    out = _frame(spark).na.fill(0)
    assert _nullable(out) == [
        ("i", "int", True), ("l", "bigint", True), ("s", "string", True), ("d", "double", False),
        ("b", "boolean", True), ("f", "float", False),
    ]  # fmt: skip
    assert [tuple(r) for r in out.collect()] == [(1, 0, "a", 1.0, True, 5.0), (0, 2, None, 0.0, None, 0.0)]


def test_fill_with_a_string_and_a_bool(spark: engine.SparkSession) -> None:
    out = _frame(spark).na.fill("?").na.fill(True)
    assert [f.nullable for f in out.schema.fields] == [True, True, False, True, False, True]


def test_fill_with_a_dict(spark: engine.SparkSession) -> None:
    out = _frame(spark).fillna({"i": 1, "l": 2, "d": 3, "s": "z", "b": False, "f": 1.5})
    assert [f.nullable for f in out.schema.fields] == [False] * 6
    assert [tuple(r) for r in out.collect()][1] == (1, 2, "z", 3.0, False, 1.5)
