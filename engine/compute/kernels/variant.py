"""Kernels of the variant functions: parse_json, variant_get, schema_of_variant, to_variant_object."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.compute.variant_values import ABSENT, cast_trees, from_pairs, from_trees, to_trees, trees_of
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call
from engine.types.variant_codec import (
    ARRAY,
    OBJECT,
    DuplicateKey,
    Malformed,
    MalformedJson,
    array_items,
    decode,
    kind,
    object_fields,
    parse_json,
    slice_value,
)
from engine.types.variant_schema import schema_text


@kernel("parse_json", "try_parse_json")
def _parse_json(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    strict = call.name == "parse_json"
    return finish(from_pairs([_parse(s, strict) for s in a.to_pylist()]), scalar)


def _parse(text: str | None, strict: bool) -> tuple[bytes, bytes] | None:
    if text is None:
        return None
    try:
        return parse_json(text)
    except (MalformedJson, DuplicateKey):  # Spark reports a repeated key as a malformed record
        if not strict:
            return None
        raise SparkRuntimeException(
            f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
            f"parsing: {text}.\nParse Mode: FAILFAST. To process malformed records as null result, try "
            "setting the option 'mode' as 'PERMISSIVE'.",
            "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
            {"badRecord": text, "failFastMode": "FAILFAST"},
        ) from None


@kernel("is_variant_null")
def _is_variant_null(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    if pa.types.is_null(a.type):
        return finish(pa.repeat(pa.scalar(False), len(a)), scalar)
    null_value = pc.equal(a.field("value"), pa.scalar(b"\x00", pa.binary()))
    return finish(pc.fill_null(pc.and_kleene(a.is_valid(), null_value), False), scalar)


@kernel("is_valid_variant")
def _is_valid_variant(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    if pa.types.is_null(a.type):
        return finish(pa.repeat(pa.scalar(True), len(a)), scalar)
    ok = []
    values, metas = a.field("value").to_pylist(), a.field("metadata").to_pylist()
    for i, valid in enumerate(np.asarray(a.is_valid())):
        if not valid:
            ok.append(True)
            continue
        try:
            decode(values[i], metas[i])
            ok.append(True)
        except (Malformed, IndexError, UnicodeDecodeError, ValueError):
            ok.append(False)
    return finish(pa.array(ok, pa.bool_()), scalar)


# --------------------------------------------------------------------------- variant_get

_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]")


def parse_path(path: str, function: str) -> list[str | int]:
    """A variant path (``$.a.b[0]``, ``$['a b']``) as its keys and indexes; Spark's
    INVALID_VARIANT_GET_PATH for anything else."""
    steps: list[str | int] = []
    pos = 1
    ok = path.startswith("$")
    while ok and pos < len(path):
        m = _SEGMENT.match(path, pos)
        if m is None:
            ok = False
            break
        key, index, single, double = m.groups()
        steps.append(int(index) if index is not None else next(s for s in (key, single, double) if s is not None))
        pos = m.end()
    if not ok:
        raise SparkRuntimeException(
            f"[INVALID_VARIANT_GET_PATH] The path `{path}` is not a valid variant extraction path in "
            f"``{function}``.\nA valid path should start with `$` and is followed by zero or more segments "
            "like `[123]`, `.name`, `['name']`, or `[\"name\"]`.",
            "INVALID_VARIANT_GET_PATH",
            {"path": path, "functionName": f"``{function}``"},
        )
    return steps


def locate(value: bytes, metadata: bytes, steps: list[str | int]) -> int | None:
    """Where in `value` the part at `steps` starts (None where the path leads nowhere), read
    off the object and array headers without decoding anything else."""
    pos = 0
    for step in steps:
        basic, _info = kind(value, pos)
        if isinstance(step, int) and basic == ARRAY:
            items = array_items(value, pos)
            if step >= len(items):
                return None
            pos = items[step]
        elif isinstance(step, str) and basic == OBJECT:
            found = [p for k, p in object_fields(value, metadata, pos) if k == step]
            if not found:
                return None
            pos = found[0]
        else:
            return None
    return pos


@kernel("variant_get", "try_variant_get")
def _variant_get(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, paths), scalar = broadcast(args[:2])
    if pa.types.is_null(a.type):
        return finish(pa.nulls(len(a), T.to_arrow(call.dtype)), scalar)
    ok = np.asarray(a.is_valid())
    values, metas = a.field("value").to_pylist(), a.field("metadata").to_pylist()
    cache: dict[str, list[str | int]] = {}
    picked = []
    for i, path in enumerate(paths.to_pylist()):
        if not ok[i] or path is None:
            picked.append(ABSENT)
            continue
        if path not in cache:
            cache[path] = parse_path(path, call.name)
        pos = locate(values[i], metas[i], cache[path])  # only the part the path leads to is decoded
        picked.append(ABSENT if pos is None else decode(values[i], metas[i], pos))
    return finish(cast_trees(picked, call.dtype, ctx, strict=call.name == "variant_get"), scalar)


# --------------------------------------------------------------------------- schema_of_variant


@kernel("schema_of_variant")
def _schema_of_variant(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    if pa.types.is_null(a.type):
        return finish(pa.nulls(len(a), pa.string()), scalar)
    return finish(pa.array([None if t is ABSENT else schema_text(t) for t in to_trees(a)], pa.string()), scalar)


@kernel("to_variant_object")
def _to_variant_object(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    from engine.expr.typing import dtype_of

    (a,), scalar = broadcast(args[:1])
    return finish(from_trees(trees_of(a, dtype_of(call.args[0]))), scalar)  # type: ignore[arg-type]


@kernel("variant_explode", "variant_explode_outer")
def _variant_explode(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Runs inside Generate: per input row, the list of ``(pos, key, value)`` of an object's fields
    (in key order) or an array's elements (key null); each value keeps its document's metadata, as
    Spark slices it. Anything else, and a null, gives no rows."""
    (a,), scalar = broadcast(args[:1])
    offsets, pos, keys, values, metas = [0], [], [], [], []
    ok = np.asarray(a.is_valid()) if not pa.types.is_null(a.type) else np.zeros(len(a), bool)
    values_in = [] if pa.types.is_null(a.type) else a.field("value").to_pylist()
    metas_in = [] if pa.types.is_null(a.type) else a.field("metadata").to_pylist()
    for i in range(len(a)):
        if ok[i]:
            value, metadata = values_in[i], metas_in[i]
            basic, _info = kind(value)
            if basic == OBJECT:
                parts: list[tuple[str | None, int]] = list(object_fields(value, metadata))
            elif basic == ARRAY:
                parts = [(None, p) for p in array_items(value)]
            else:
                parts = []
            for j, (key, p) in enumerate(parts):
                pos.append(j)
                keys.append(key)
                values.append(slice_value(value, p))
                metas.append(metadata)
        offsets.append(len(pos))
    value_struct = pa.StructArray.from_arrays(
        [pa.array(values, pa.binary()), pa.array(metas, pa.binary())], fields=list(T.to_arrow(T.VariantType()))
    )
    rows = pa.StructArray.from_arrays(
        [pa.array(pos, pa.int32()), pa.array(keys, pa.string()), value_struct], fields=list(T.to_arrow(call.dtype))
    )
    return finish(pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), rows), scalar)
