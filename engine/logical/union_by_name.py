"""unionByName inside structs: fields matched by name at any depth, as Spark's ResolveUnion does.

``struct<a:int,b:string>`` unions by name with ``struct<b:string,a:int>`` (and with
``array<struct<...>>`` in either order); with ``allowMissingColumns`` a field one side lacks
is null there, and fields only later inputs have are appended after the first input's own.
Each input's column is rebuilt with the agreed field order before the by-position union
widens the leaf types.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr import nodes as n
from engine.expr.literals import literal


def nested_layout(types: Sequence[T.DataType], allow_missing: bool) -> T.DataType:
    """The field layout all `types` are brought to: the first type's fields in its order,
    each merged by (case-insensitive) name with the others'; later-only fields appended when
    `allow_missing`. Leaf types are the first seen (widening comes after, by position)."""
    out = types[0]
    for t in types[1:]:
        out = _merge(out, t, allow_missing)
    return out


def _merge(left: T.DataType, right: T.DataType, allow_missing: bool) -> T.DataType:
    if isinstance(left, T.StructType) and isinstance(right, T.StructType):
        by_name = {f.name.lower(): f for f in right.fields}
        left_names = {f.name.lower() for f in left.fields}
        if not allow_missing and left_names != set(by_name):
            return left  # not a by-name match: the positional union reports it
        fields = [
            T.StructField(f.name, _merge(f.dataType, by_name[f.name.lower()].dataType, allow_missing), True)
            if f.name.lower() in by_name
            else T.StructField(f.name, f.dataType, True)
            for f in left.fields
        ]
        fields += [
            T.StructField(f.name, f.dataType, True) for f in right.fields if f.name.lower() not in left_names
        ]
        return T.StructType(fields)
    if isinstance(left, T.ArrayType) and isinstance(right, T.ArrayType):
        return T.ArrayType(_merge(left.elementType, right.elementType, allow_missing), True)
    return left


def same_layout(t: T.DataType, layout: T.DataType) -> bool:
    """Whether `t` already has `layout`'s struct fields, names and order, at every depth."""
    if isinstance(t, T.StructType) and isinstance(layout, T.StructType):
        return len(t.fields) == len(layout.fields) and all(
            f.name == g.name and same_layout(f.dataType, g.dataType) for f, g in zip(t.fields, layout.fields)
        )
    if isinstance(t, T.ArrayType) and isinstance(layout, T.ArrayType):
        return same_layout(t.elementType, layout.elementType)
    return True


def reshaped(e: n.Expr, t: T.DataType, layout: T.DataType, allow_missing: bool) -> n.Expr:
    """`e` (of type `t`) rebuilt with `layout`'s struct fields, as an unresolved expression:
    fields taken by name, missing ones null (only when `allow_missing`; otherwise a struct whose
    names differ is left for the positional union to report), a null struct still null."""
    if same_layout(t, layout):
        return e
    if isinstance(t, T.StructType) and isinstance(layout, T.StructType):
        own = {f.name.lower(): f for f in t.fields}
        if not allow_missing and set(own) != {g.name.lower() for g in layout.fields}:
            return e
        args: list[n.Expr] = []
        for g in layout.fields:
            f = own.get(g.name.lower())
            value = (
                reshaped(n.UnresolvedExtract(e, literal(f.name)), f.dataType, g.dataType, allow_missing)
                if f is not None
                else n.Literal(None, g.dataType)
            )
            args += [literal(g.name), value]
        rebuilt = n.UnresolvedFunction("named_struct", tuple(args))
        return n.UnresolvedFunction("if", (n.UnresolvedFunction("isnull", (e,)), literal(None), rebuilt))
    if isinstance(t, T.ArrayType) and isinstance(layout, T.ArrayType):
        x = n.UnresolvedColumn(f"x_{n.new_id()}")
        body = reshaped(x, t.elementType, layout.elementType, allow_missing)
        return n.UnresolvedFunction("transform", (e, n.Lambda((x,), body)))
    return e
