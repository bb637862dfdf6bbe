"""Type rules of the CSV functions: from_csv, to_csv and schema_of_csv."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import literal_value, types_of, unexpected_type
from engine.expr.signatures.json import check_options, schema_argument

S = T.StringType()


@function("from_csv", min_args=2, max_args=3, pretty=lambda _n, a: f"from_csv({a[0]})")
def _from_csv(args: Sequence[object]) -> Signature:
    """``from_csv(text, 'a INT, b STRING'[, options])``: a struct of the schema's fields."""
    if not isinstance(types_of(args)[0], (T.StringType, T.NullType)):
        raise unexpected_type("from_csv", args, 0, '"STRING"')
    check_options(args, 2)
    dt = schema_argument(args[1])
    if not isinstance(dt, T.StructType):
        raise AnalysisException(
            f"[INVALID_SCHEMA.NON_STRUCT_TYPE] The input schema {literal_value(args[1])!r} should be a STRUCT "
            f"data type, but got {dt.simpleString().upper()}.",
            "INVALID_SCHEMA.NON_STRUCT_TYPE",
        )
    return Signature(dt, (S, None, None)[: len(args)])  # null only for null text, as Spark types it


@function("to_csv", min_args=1, max_args=2, pretty=lambda _n, a: f"to_csv({a[0]})")
def _to_csv(args: Sequence[object]) -> Signature:
    """``to_csv(struct[, options])``: one CSV line of the struct's fields."""
    if not isinstance(types_of(args)[0], T.StructType):
        raise unexpected_type("to_csv", args, 0, '"STRUCT"')
    check_options(args, 1)
    return Signature(S, (None,) * len(args), True)  # Spark types to_csv nullable whatever its input


@function("schema_of_csv", min_args=1, max_args=2, pretty=lambda _n, a: f"schema_of_csv({a[0]})")
def _schema_of_csv(args: Sequence[object]) -> Signature:
    """``schema_of_csv('1,abc')``: the DDL of the types inferred from one CSV line."""
    if not isinstance(literal_value(args[0]), str):
        raise AnalysisException(
            "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"schema_of_csv\": the input csv should be a "
            "foldable STRING expression.",
            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        )
    check_options(args, 1)
    return Signature(S, (S, None)[: len(args)], False)
