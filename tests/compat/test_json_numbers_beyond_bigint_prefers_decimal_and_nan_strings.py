"""JSON numbers as Spark infers and reads them: a whole number beyond bigint is decimal(p,0)
(double past 38 digits), prefersDecimal makes fractions decimals (a negative scale such as ``1e5``
is NEGATIVE_SCALE_DISALLOWED), and the strings "NaN" and the infinities read into a double
field while allowNonNumericNumbers is on. Expected values are PySpark 4's answers."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException


def _read(spark: engine.SparkSession, path: Path, text: str, schema: str | None = None, **options: object):  # type: ignore[no-untyped-def]
    path.write_text(text)
    reader = spark.read.schema(schema) if schema else spark.read
    df = reader.json(str(path), **options)
    fields = [(f.name, f.dataType.simpleString()) for f in df.schema]
    return fields, sorted((tuple(r) for r in df.collect()), key=repr)


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        (
            '{"a":123456789012345678901234}\n',
            {},
            ([("a", "decimal(24,0)")], [(Decimal("123456789012345678901234"),)]),
        ),
        (
            '{"a":12345678901234567890}\n{"a":1}\n',
            {},
            ([("a", "decimal(20,0)")], [(Decimal("1"),), (Decimal("12345678901234567890"),)]),
        ),
        (
            '{"a":-12345678901234567890}\n{"a":-5}\n',
            {},
            ([("a", "decimal(20,0)")], [(Decimal("-12345678901234567890"),), (Decimal("-5"),)]),
        ),
        (
            '{"a":12345678901234567890}\n{"a":1.5}\n',
            {},
            ([("a", "double")], [(1.2345678901234567e19,), (1.5,)]),
        ),
        (
            '{"a":123456789012345678901234567890123456789012}\n',
            {},
            ([("a", "double")], [(1.2345678901234568e41,)]),
        ),
        (
            '{"a":1.5}\n{"a":12.25}\n{"a":3}\n',
            {"prefersDecimal": True},
            ([("a", "decimal(22,2)")], [(Decimal("1.50"),), (Decimal("12.25"),), (Decimal("3.00"),)]),
        ),
        (
            '[{"a":1.5},\n{"a":2}]\n',
            {"prefersDecimal": True, "multiLine": True},
            ([("a", "decimal(21,1)")], [(Decimal("1.5"),), (Decimal("2.0"),)]),
        ),
    ],
)
def test_json_infers_decimals_for_long_whole_numbers_and_prefers_decimal(
    spark: engine.SparkSession, tmp_path: Path, text: str, options: dict, expected: tuple
) -> None:
    assert _read(spark, tmp_path / "a.json", text, **options) == expected


def test_json_prefers_decimal_nested_fields_merge_as_spark(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    text = '{"s":{"x":1.25},"l":[1,2.5],"m":"q"}\n{"s":{"x":2}}\n'
    fields, _ = _read(spark, tmp_path / "a.json", text, prefersDecimal=True)
    assert fields == [("l", "array<decimal(21,1)>"), ("m", "string"), ("s", "struct<x:decimal(22,2)>")]


def test_json_prefers_decimal_with_an_exponent_is_negative_scale_disallowed(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    with pytest.raises(AnalysisException) as e:
        _read(spark, tmp_path / "a.json", '{"a":1.5}\n{"a":1e5}\n', prefersDecimal=True)
    assert e.value.getCondition() == "NEGATIVE_SCALE_DISALLOWED"
    assert e.value.getMessage() == (
        "[NEGATIVE_SCALE_DISALLOWED] Negative scale is not allowed: '-5'. Set the config "
        '"spark.sql.legacy.allowNegativeScaleOfDecimal" to "true" to allow it. SQLSTATE: 0A000'
    )


def _nan_safe(rows: list[tuple]) -> list[tuple]:
    return [tuple("nan" if isinstance(v, float) and math.isnan(v) else v for v in r) for r in rows]


def test_json_nan_and_infinity_strings_read_into_double_fields(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    text = (
        '{"a":NaN,"b":"NaN"}\n{"a":Infinity,"b":"1.5"}\n{"a":-Infinity,"b":"Infinity"}\n'
        '{"a":1,"b":"-Infinity"}\n{"a":1,"b":"x"}\n'
    )
    _, rows = _read(spark, tmp_path / "a.json", text, "a double, b double")
    assert sorted(_nan_safe(rows), key=repr) == sorted(
        _nan_safe(
            [(-math.inf, math.inf), (1.0, -math.inf), (1.0, None), (math.inf, None), (math.nan, math.nan)]
        ),
        key=repr,
    )


def test_json_infinity_spellings_in_float_fields(spark: engine.SparkSession, tmp_path: Path) -> None:
    text = '{"a":NaN,"b":"NaN"}\n{"a":1,"b":"INF"}\n{"a":1,"b":"+INF"}\n{"a":1,"b":"-INF"}\n{"a":1,"b":"+Infinity"}\n'
    _, rows = _read(spark, tmp_path / "a.json", text, "a float, b float")
    assert sorted(_nan_safe(rows), key=repr) == sorted(
        _nan_safe([(1.0, -math.inf), (1.0, None), (1.0, math.inf), (1.0, math.inf), (math.nan, math.nan)]),
        key=repr,
    )


def test_json_non_numeric_numbers_off_makes_nan_records_malformed(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    text = '{"a":NaN,"b":"NaN"}\n{"a":1,"b":"1.5"}\n'
    _, rows = _read(spark, tmp_path / "a.json", text, "a double, b double", allowNonNumericNumbers=False)
    assert rows == [(1.0, None), (None, None)]
