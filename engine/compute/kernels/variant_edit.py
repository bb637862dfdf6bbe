"""Kernels that edit variants: variant_set, variant_insert, variant_delete, variant_array_append
(and their try_ forms) and variant_strip_nulls.

Each document is decoded, edited as a Python tree along its path, and encoded again as Spark's
builder rebuilds it: a fresh key dictionary, existing fields in key order, new keys after them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.compute.kernels.variant import parse_path
from engine.compute.variant_values import ABSENT, from_pairs, trees_of
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call
from engine.types.variant_codec import decode, encode

Steps = list[str | int]


class EditError(Exception):
    """An edit the document does not allow (a try_ form gives null instead)."""

    def __init__(self, error: SparkRuntimeException) -> None:
        super().__init__(str(error))
        self.error = error


def _path_text(steps: Steps) -> str:
    return "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" if s.isidentifier() else f"['{s}']" for s in steps)


def _mismatch(path: str, at: Steps, function: str) -> EditError:
    return EditError(
        SparkRuntimeException(
            f"[VARIANT_PATH_TYPE_MISMATCH] The path '{path}' is incompatible with the variant value at "
            f"'{_path_text(at)}' in `{function}`.",
            "VARIANT_PATH_TYPE_MISMATCH",
            {"path": path, "failedAt": _path_text(at), "functionName": f"`{function}`"},
        )
    )


def _invalid_target(path: str, function: str) -> SparkRuntimeException:
    return SparkRuntimeException(
        f"[INVALID_VARIANT_PATH] The path '{path}' is not a valid `{function}` target.\nA valid path should start "
        "with `$` and is followed by segments like `[123]`, `.name`, `['name']`, or `[\"name\"]`.",
        "INVALID_VARIANT_PATH",
        {"path": path, "functionName": f"`{function}`"},
    )


def _fits(container: Any, step: str | int) -> bool:
    return isinstance(container, dict) if isinstance(step, str) else isinstance(container, list)


def _parent(tree: Any, steps: Steps, path: str, function: str, create: bool) -> Any:
    """The container the last step of `steps` addresses (made on the way when `create`), or
    ABSENT where the path leads nowhere; a value of the wrong kind on the way is a mismatch."""
    node = tree
    for i, step in enumerate(steps[:-1]):
        if not _fits(node, step):
            raise _mismatch(path, steps[:i], function)
        child = _child(node, step)
        if child is ABSENT:
            if not create:
                return ABSENT
            child = {} if isinstance(steps[i + 1], str) else []
            _put(node, step, child)
        node = child
    if not _fits(node, steps[-1]):
        raise _mismatch(path, steps[:-1], function)
    return node


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, str):
        return node.get(step, ABSENT)
    return node[step] if step < len(node) else ABSENT


def _put(node: Any, step: str | int, value: Any) -> None:
    if isinstance(step, str):
        node[step] = value
        return
    node.extend([None] * (step + 1 - len(node)))  # past the end: padded with JSON nulls
    node[step] = value


def variant_set(tree: Any, steps: Steps, value: Any, path: str, function: str, create: bool) -> Any:
    node = _parent(tree, steps, path, function, create)
    if node is not ABSENT and (create or _child(node, steps[-1]) is not ABSENT):
        _put(node, steps[-1], value)
    return tree


def variant_insert(tree: Any, steps: Steps, value: Any, path: str, function: str) -> Any:
    node = _parent(tree, steps, path, function, True)  # missing parents are made, as Spark makes them
    if node is ABSENT:
        return tree
    last = steps[-1]
    if isinstance(last, str):
        if last in node:
            raise EditError(
                SparkRuntimeException(
                    f"[VARIANT_DUPLICATE_KEY] Failed to build variant because of a duplicate object key `{last}`.",
                    "VARIANT_DUPLICATE_KEY",
                    {"key": f"`{last}`"},
                )
            )
        node[last] = value
    elif last < len(node):
        node.insert(last, value)
    else:
        _put(node, last, value)
    return tree


def variant_delete(tree: Any, steps: Steps, path: str, function: str) -> Any:
    node = tree
    for step in steps[:-1]:
        node = _child(node, step) if _fits(node, step) else ABSENT
        if node is ABSENT:
            return tree
    last = steps[-1]
    if _fits(node, last) and _child(node, last) is not ABSENT:
        del node[last]
    return tree


def variant_array_append(tree: Any, steps: Steps, value: Any, path: str, function: str) -> Any:
    node = tree
    for i, step in enumerate(steps):
        if not _fits(node, step):
            raise _mismatch(path, steps[:i], function)
        node = _child(node, step)
        if node is ABSENT:
            return tree
    if not isinstance(node, list):
        raise _mismatch(path, steps, function)
    node.append(value)
    return tree


def strip_nulls(tree: Any, arrays: bool) -> Any:
    """`tree` without JSON nulls in objects (and, when `arrays`, in arrays), at any depth."""
    if isinstance(tree, dict):
        return {k: strip_nulls(v, arrays) for k, v in tree.items() if v is not None}
    if isinstance(tree, list):
        return [strip_nulls(v, arrays) for v in tree if v is not None or not arrays]
    return tree


# --------------------------------------------------------------------------- kernels


def _documents(a: pa.Array) -> list[Any]:
    """Each row's decoded tree (`ABSENT` for a null row)."""
    if pa.types.is_null(a.type):
        return [ABSENT] * len(a)
    ok = np.asarray(a.is_valid())
    values, metas = a.field("value"), a.field("metadata")
    return [decode(values[i].as_py(), metas[i].as_py()) if ok[i] else ABSENT for i in range(len(a))]


def _steps(path: str, function: str, cache: dict[str, Steps], root: bool = False) -> Steps:
    """The steps of an edit's path; INVALID_VARIANT_PATH for a malformed one, or for ``$`` itself
    unless the edit takes the root (`root`: variant_array_append)."""
    if path not in cache:
        try:
            steps = parse_path(path, function)
        except SparkRuntimeException:
            raise _invalid_target(path, function) from None
        if not steps and not root:
            raise _invalid_target(path, function)
        cache[path] = steps
    return cache[path]


def _edited(call: Call, rows: list[tuple[Any, ...]], edit: Any) -> pa.Array:
    """`edit(tree, *rest)` of every row whose arguments are all present, encoded; a try_ form's
    failed edits are null."""
    pairs: list[tuple[bytes, bytes] | None] = []
    for tree, *rest in rows:
        if tree is ABSENT or any(r is None for r in rest):
            pairs.append(None)
            continue
        try:
            pairs.append(encode(edit(tree, *rest)))
        except EditError as e:
            if not call.name.startswith("try_"):
                raise e.error from None
            pairs.append(None)
    return from_pairs(pairs)


def _value_trees(arg: Any, call: Call) -> list[Any]:
    from engine.expr.typing import dtype_of

    dtype = dtype_of(call.args[2])  # type: ignore[arg-type]
    return [None if t is ABSENT else (t,) for t in trees_of(arg, dtype)]


@kernel("variant_set", "try_variant_set")
def _variant_set(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (doc, paths, values, *flag), scalar = broadcast(args)
    name = call.name.removeprefix("try_")
    creates = flag[0].to_pylist() if flag else [True] * len(doc)
    cache: dict[str, Steps] = {}
    rows = list(zip(_documents(doc), paths.to_pylist(), _value_trees(values, call), creates))
    out = _edited(
        call, rows,
        lambda tree, path, value, create: variant_set(tree, _steps(path, name, cache), value[0], path, name, create),
    )  # fmt: skip
    return finish(out, scalar)


@kernel("variant_insert", "try_variant_insert", "variant_array_append", "try_variant_array_append")
def _variant_insert(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (doc, paths, values), scalar = broadcast(args)
    name = call.name.removeprefix("try_")
    edit = variant_insert if name == "variant_insert" else variant_array_append
    cache: dict[str, Steps] = {}
    root = name == "variant_array_append"
    rows = list(zip(_documents(doc), paths.to_pylist(), _value_trees(values, call)))
    out = _edited(call, rows, lambda tree, path, value: edit(tree, _steps(path, name, cache, root), value[0], path, name))
    return finish(out, scalar)


@kernel("variant_delete")
def _variant_delete(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (doc, *paths), scalar = broadcast(args)
    cache: dict[str, Steps] = {}

    def delete(tree: Any, row_paths: tuple[str | None, ...]) -> Any:
        for path in row_paths:
            if path is not None:  # a null path is skipped, as in Spark (not a null result)
                tree = variant_delete(tree, _steps(path, "variant_delete", cache), path, "variant_delete")
        return tree

    rows = list(zip(_documents(doc), zip(*(p.to_pylist() for p in paths))))
    return finish(_edited(call, rows, delete), scalar)


@kernel("variant_strip_nulls")
def _variant_strip_nulls(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (doc, *flag), scalar = broadcast(args)
    arrays = flag[0].to_pylist() if flag else [True] * len(doc)
    rows = list(zip(_documents(doc), arrays))
    pairs = [None if d is ABSENT or a is None else encode(strip_nulls(d, a)) for d, a in rows]
    return finish(from_pairs(pairs), scalar)

