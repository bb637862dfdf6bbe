"""Variant columns to and from Python trees, and variants cast to other types (``CAST(v AS t)``,
``variant_get``) and other types to variants (``CAST(x AS VARIANT)``, ``to_variant_object``).

Variants are documents: decoding and building them is row-wise (`engine.types.variant_codec`).
What is vectorised is the typed part: a cast of variant scalars to a Spark type groups the scalars
by their own type and casts each group with engine's ordinary cast kernels.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.errors import SparkRuntimeException
from engine.expr.display import type_sql
from engine.types.variant import VARIANT_ARROW
from engine.types.variant_codec import Float32, decode, encode, from_parsed_json
from engine.types.variant_text import jvm_scalar_text, jvm_tree_json

ABSENT = object()  # a SQL null (no variant at all), apart from the variant null (None)


def to_trees(a: pa.Array) -> list[Any]:
    """The rows of a variant array decoded (`ABSENT` for a null row)."""
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    values, metas = a.field("value").to_pylist(), a.field("metadata").to_pylist()
    ok = np.asarray(a.is_valid())
    return [decode(values[i], metas[i]) if ok[i] else ABSENT for i in range(len(a))]


def from_pairs(pairs: list[tuple[bytes, bytes] | None]) -> pa.Array:
    """A variant array of encoded ``(value, metadata)`` pairs (None for a null row)."""
    mask = pa.array([p is None for p in pairs], pa.bool_())
    values = pa.array([p[0] if p is not None else b"" for p in pairs], pa.binary())
    metas = pa.array([p[1] if p is not None else b"" for p in pairs], pa.binary())
    return pa.StructArray.from_arrays([values, metas], fields=list(VARIANT_ARROW), mask=mask)


def from_trees(trees: list[Any]) -> pa.Array:
    """A variant array of Python trees (`ABSENT` for a null row)."""
    return from_pairs([None if t is ABSENT else encode(t) for t in trees])


# --------------------------------------------------------------------------- variant -> type


def _own_type(v: Any) -> T.DataType | None:
    """The Spark type of a variant scalar (None for objects, arrays and the variant null)."""
    if v is True or v is False:
        return T.BooleanType()
    if isinstance(v, int):
        return T.LongType()
    if isinstance(v, Float32):
        return T.FloatType()
    if isinstance(v, float):
        return T.DoubleType()
    if isinstance(v, decimal.Decimal):
        scale = max(0, -int(v.as_tuple().exponent))
        return T.DecimalType(38, scale)
    if isinstance(v, str):
        return T.StringType()
    if isinstance(v, bytes):
        return T.BinaryType()
    if isinstance(v, dt.datetime):
        return T.TimestampType() if v.tzinfo is not None else T.TimestampNTZType()
    if isinstance(v, dt.date):
        return T.DateType()
    return None


def invalid_cast(v: Any, to: T.DataType, ctx: EvalContext) -> SparkRuntimeException:
    """Spark's INVALID_VARIANT_CAST for variant value `v` cast to `to`."""
    shown = jvm_tree_json(v, ctx.timezone)
    return SparkRuntimeException(
        f'[INVALID_VARIANT_CAST] The variant value `{shown}` cannot be cast into `"{type_sql(to)}"`. '
        "Please use `try_variant_get` instead.",
        "INVALID_VARIANT_CAST",
        {"value": shown, "dataType": f'"{type_sql(to)}"'},
    )


def cast_trees(trees: list[Any], to: T.DataType, ctx: EvalContext, strict: bool) -> pa.Array:
    """Variant trees as an array of type `to`: `ABSENT` and the variant null are null; a value
    that does not convert raises INVALID_VARIANT_CAST when `strict`, else is null."""
    if isinstance(to, T.VariantType):
        return from_trees(trees)  # a JSON null stays a variant null
    if isinstance(to, T.StructType):
        return _to_struct(trees, to, ctx, strict)
    if isinstance(to, T.ArrayType):
        return _to_list(trees, to, ctx, strict)
    if isinstance(to, T.MapType):
        return _to_map(trees, to, ctx, strict)
    return _to_atomic(trees, to, ctx, strict)


def _fail(v: Any, to: T.DataType, ctx: EvalContext, strict: bool) -> Any:
    if strict:
        raise invalid_cast(v, to, ctx)
    return ABSENT


def _to_atomic(trees: list[Any], to: T.DataType, ctx: EvalContext, strict: bool) -> pa.Array:
    from engine.compute.cast import cast_array

    if T.is_string(to):  # text as the JVM prints each value (a timestamp without its offset)
        texts = [v if isinstance(v, str) or v is ABSENT or v is None else _text(v, ctx) for v in trees]
        return pa.array([None if v is ABSENT or v is None else v for v in texts], pa.string())
    groups: dict[T.DataType, list[int]] = {}
    for i, v in enumerate(trees):
        if v is ABSENT or v is None:
            continue
        own = _own_type(v)
        if own is None:  # an object or array: only text, structs, arrays and maps take it
            _fail(v, to, ctx, strict)
            continue
        groups.setdefault(own, []).append(i)
    out: list[Any] = [None] * len(trees)
    for own, rows in groups.items():
        source = pa.array([trees[i] for i in rows], T.to_arrow(own))
        try:
            cast = cast_array(source, own, to, ctx, safe=True).to_pylist()
        except Exception:  # a pairing the cast kernels refuse outright
            cast = [None] * len(rows)
        for i, value in zip(rows, cast):
            if value is None:
                _fail(trees[i], to, ctx, strict)
            out[i] = value
    return pa.array(out, T.to_arrow(to))


def _text(v: Any, ctx: EvalContext) -> str:
    if isinstance(v, (dict, list)):
        return jvm_tree_json(v, ctx.timezone)
    return jvm_scalar_text(v, ctx.timezone, offset=False)


def _to_struct(trees: list[Any], to: T.StructType, ctx: EvalContext, strict: bool) -> pa.Array:
    null = []
    for i, v in enumerate(trees):
        if v is not ABSENT and v is not None and not isinstance(v, dict):
            trees[i] = _fail(v, to, ctx, strict)
        null.append(trees[i] is ABSENT or trees[i] is None)
    children = [
        cast_trees([t.get(f.name, ABSENT) if isinstance(t, dict) else ABSENT for t in trees], f.dataType, ctx, strict)
        for f in to.fields
    ]
    return pa.StructArray.from_arrays(children, fields=list(T.to_arrow(to)), mask=pa.array(null, pa.bool_()))


def _to_list(trees: list[Any], to: T.ArrayType, ctx: EvalContext, strict: bool) -> pa.Array:
    offsets, items, null = [0], [], []
    for i, v in enumerate(trees):
        if v is not ABSENT and v is not None and not isinstance(v, list):
            v = trees[i] = _fail(v, to, ctx, strict)
        null.append(v is ABSENT or v is None)
        if isinstance(v, list):
            items.extend(v)
        offsets.append(len(items))
    values = cast_trees(items, to.elementType, ctx, strict)
    return pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()), values, type=T.to_arrow(to), mask=pa.array(null, pa.bool_())
    )


def _to_map(trees: list[Any], to: T.MapType, ctx: EvalContext, strict: bool) -> pa.Array:
    offsets, keys, items, null = [0], [], [], []
    for i, v in enumerate(trees):
        if v is not ABSENT and v is not None and not (isinstance(v, dict) and T.is_string(to.keyType)):
            v = trees[i] = _fail(v, to, ctx, strict)
        null.append(v is ABSENT or v is None)
        if isinstance(v, dict):
            keys.extend(v)
            items.extend(v.values())
        offsets.append(len(keys))
    return pa.MapArray.from_arrays(
        pa.array(offsets, pa.int32()),
        pa.array(keys, pa.string()),
        cast_trees(items, to.valueType, ctx, strict),
        type=T.to_arrow(to),
        mask=pa.array(null, pa.bool_()),
    )


# --------------------------------------------------------------------------- type -> variant


def trees_of(a: pa.Array, src: T.DataType) -> list[Any]:
    """Values of Spark type `src` as variant trees (`ABSENT` for null rows; nested nulls are
    variant nulls): structs and maps become objects in field or entry order, floats `Float32`."""
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    return [ABSENT if v is None else _tree(v, src) for v in a.to_pylist()]


def _tree(v: Any, src: T.DataType) -> Any:
    if v is None:
        return None
    if isinstance(src, T.VariantType):
        return decode(v["value"], v["metadata"])
    if isinstance(src, T.StructType):
        return {f.name: _tree(v[f.name], f.dataType) for f in src.fields}
    if isinstance(src, T.MapType):
        return {str(k): _tree(x, src.valueType) for k, x in v}
    if isinstance(src, T.ArrayType):
        return [_tree(x, src.elementType) for x in v]
    if isinstance(src, T.FloatType):
        return Float32(v)
    return v


def cast_variant(a: pa.Array, src: T.DataType, to: T.DataType, ctx: EvalContext, strict: bool) -> pa.Array:
    """``CAST(a AS to)`` where either side is a variant (`strict`: INVALID_VARIANT_CAST on failure,
    else null, as ``try_cast``)."""
    if isinstance(src, T.VariantType):
        return cast_trees(to_trees(a), to, ctx, strict)
    return from_trees(trees_of(a, src))


def variant_json(a: pa.Array, ctx: EvalContext) -> pa.Array:
    """Variants as the JVM's JSON text (``to_json``), timestamps in the session time zone."""
    return pa.array([None if t is ABSENT else jvm_tree_json(t, ctx.timezone) for t in to_trees(a)], pa.string())


def json_value_variant(v: Any) -> dict[str, bytes]:
    """A value engine's JSON reader parsed (numbers as int or Decimal, as written) as the variant
    parse_json would build from its text, in the shape pyarrow takes for a variant struct."""
    value, metadata = encode(from_parsed_json(v))
    return {"value": value, "metadata": metadata}
