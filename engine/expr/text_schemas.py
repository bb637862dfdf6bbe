"""Schemas Spark infers from one sample text: ``schema_of_json`` and ``schema_of_csv``.

They live here, below the kernels, because a literal sample is a constant Spark folds while
it analyzes: ``from_json(s, schema_of_json('{"a": 1}'))`` is typed ``struct<a: bigint>``
before any row is read, and the kernels give the same DDL row by row.
"""

from __future__ import annotations

import csv
import decimal
import re
from collections.abc import Callable
from typing import Any

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.json_lenient import STRICT, JsonFeatures, parse_json


def loads(text: str | None, features: JsonFeatures = STRICT) -> tuple[bool, Any]:
    """(True, value) for the first JSON value of `text` as Spark's parser reads it under
    `features`, (False, None) otherwise."""
    return parse_json(text, features)


def json_value_type(v: Any, options: dict[str, str] | None = None) -> T.DataType:
    """The type Spark's JSON inference gives a parsed value (``{"b": 1, "a": [1.5]}`` is
    ``struct<a: array<double>, b: bigint>``): integers bigint, other numbers double, object
    fields sorted by name, array elements merged, a type no value decided string.

    Options (keys lower-cased) as Spark's: ``primitivesAsString`` makes every number and boolean
    a string; ``prefersDecimal`` types a fraction as the decimal that holds its digits."""
    opts = options or {}
    flag = lambda key: opts.get(key, "false").strip().lower() == "true"  # noqa: E731
    return _canon(_infer(v, flag("primitivesasstring"), flag("prefersdecimal")))


def _infer(v: Any, as_string: bool = False, exact: bool = False) -> T.DataType:
    if isinstance(v, (bool, int, decimal.Decimal)) and as_string:
        return T.StringType()
    if isinstance(v, bool):
        return T.BooleanType()
    if isinstance(v, int):
        return T.LongType() if -(2**63) <= v < 2**63 else T.DecimalType(min(38, len(str(abs(v)))), 0)
    if isinstance(v, decimal.Decimal):
        return _exact_decimal(v) if exact else T.DoubleType()
    if isinstance(v, list):
        el: T.DataType = T.NullType()
        for x in v:
            el = _merge(el, _infer(x, as_string, exact))
        return T.ArrayType(el)
    if isinstance(v, dict):
        return T.StructType([T.StructField(k, _infer(v[k], as_string, exact)) for k in sorted(v)])
    return T.StringType() if v is not None else T.NullType()


def _exact_decimal(v: decimal.Decimal) -> T.DataType:
    """prefersDecimal: the decimal of the number's digits (``0.1`` is decimal(1,1)), double past
    38 digits; a negative scale (``1e3``) is Spark's NEGATIVE_SCALE_DISALLOWED."""
    _, digits, exponent = v.as_tuple()
    scale = -int(exponent)
    precision = max(len(digits), scale)
    if precision > 38:
        return T.DoubleType()
    if scale < 0:
        raise AnalysisException(
            f"[NEGATIVE_SCALE_DISALLOWED] Negative scale is not allowed: '{scale}'. Set the config "
            '"spark.sql.legacy.allowNegativeScaleOfDecimal" to "true" to allow it.',
            "NEGATIVE_SCALE_DISALLOWED",
            {"scale": f"'{scale}'"},
        )
    return T.DecimalType(precision, scale)


def _canon(t: T.DataType) -> T.DataType:
    """Types no value decided (JSON null) become string, and fields holding only empty objects
    (``{}``, or arrays of them) are dropped, as Spark's canonicalizeType ends its inference (the
    top-level type stays as it is: ``[{}]`` is ``ARRAY<STRUCT<>>``)."""
    if isinstance(t, T.StructType):
        fields = [T.StructField(f.name, _canon(f.dataType)) for f in t.fields]
        return T.StructType([f for f in fields if not _only_empty(f.dataType)])
    if isinstance(t, T.ArrayType):
        return T.ArrayType(_canon(t.elementType))
    return T.StringType() if isinstance(t, T.NullType) else t


def _only_empty(t: T.DataType) -> bool:
    """A struct without fields, or an array of such."""
    if isinstance(t, T.ArrayType):
        return _only_empty(t.elementType)
    return isinstance(t, T.StructType) and not t.fields


def _merge(a: T.DataType, b: T.DataType) -> T.DataType:
    if isinstance(a, T.NullType) or a == b:
        return b
    if isinstance(b, T.NullType):
        return a
    if isinstance(a, (T.DecimalType, T.LongType)) and isinstance(b, (T.DecimalType, T.LongType)):
        a, b = (T.DecimalType(20, 0) if isinstance(t, T.LongType) else t for t in (a, b))
        scale = max(a.scale, b.scale)
        digits = max(a.precision - a.scale, b.precision - b.scale) + scale
        return T.DoubleType() if digits > 38 else T.DecimalType(digits, scale)
    if T.is_numeric(a) and T.is_numeric(b):
        return T.DoubleType()
    if isinstance(a, T.StructType) and isinstance(b, T.StructType):
        names = sorted({f.name for f in a.fields} | {f.name for f in b.fields})
        fa, fb = {f.name: f.dataType for f in a.fields}, {f.name: f.dataType for f in b.fields}
        return T.StructType(
            [T.StructField(k, _merge(fa.get(k, T.NullType()), fb.get(k, T.NullType()))) for k in names]
        )
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        return T.ArrayType(_merge(a.elementType, b.elementType))
    return T.StringType()


_CSV_INFERRED: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (re.compile(r"[+-]?\d+"), lambda t: "INT" if -(2**31) <= int(t) < 2**31 else "BIGINT"),
    (re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"), lambda t: "DOUBLE"),
    (re.compile(r"(?i)true|false"), lambda t: "BOOLEAN"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), lambda t: "DATE"),
    (re.compile(r"\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?"), lambda t: "TIMESTAMP"),
)


def csv_field_type(text: str | None) -> str:
    """The type Spark's CSV inference gives one field: INT, BIGINT, DOUBLE, BOOLEAN, DATE,
    TIMESTAMP, else STRING."""
    if text is None or text == "":
        return "STRING"
    for pattern, kind in _CSV_INFERRED:
        if pattern.fullmatch(text.strip()):
            return kind(text.strip())
    return "STRING"


def csv_line_schema(line: str | None, options: dict[str, str]) -> str:
    """``STRUCT<_c0: INT, _c1: STRING>`` for one CSV line (``1,abc``); `options` keys lower-cased
    (``sep`` or ``delimiter``)."""
    sep = options.get("sep", options.get("delimiter", ","))
    fields = next(csv.reader([line or ""], delimiter=sep), [])
    return "STRUCT<" + ", ".join(f"_c{i}: {csv_field_type(f)}" for i, f in enumerate(fields)) + ">"
