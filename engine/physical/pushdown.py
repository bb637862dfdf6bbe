"""Translates pushed-down filters into pyarrow dataset expressions (file column names)."""

from __future__ import annotations

from typing import Any

import pyarrow.compute as pc

from engine import types as T
from engine.compute.expr_eval import literal_scalar
from engine.expr import nodes as n
from engine.expr.nodes import Attribute, Expr

_COMPARISONS = {"=": "equal", "!=": "not_equal", "<": "less", "<=": "less_equal", ">": "greater", ">=": "greater_equal"}


def to_arrow_predicate(filters: tuple[Expr, ...], attrs: tuple[Attribute, ...], columns: tuple[str, ...]) -> Any:
    """A pyarrow Expression implied by `filters` (only the parts that translate exactly), or None.

    Used for partition pruning and Parquet row-group skipping; the engine still applies the
    full filter after the scan, so an untranslatable part is simply left out.
    """
    names = {a.id: c for a, c in zip(attrs, columns)}
    parts = [p for f in filters if (p := _translate(f, names)) is not None]
    if not parts:
        return None
    out = parts[0]
    for p in parts[1:]:
        out = out & p
    return out


def _translate(e: Expr, names: dict[int, str]) -> Any:
    match e:
        case n.Call(name="and", args=(a, b)):
            ta, tb = _translate(a, names), _translate(b, names)
            if ta is None:
                return tb
            if tb is None:
                return ta
            return ta & tb
        case n.Call(name="or", args=(a, b)):
            ta, tb = _translate(a, names), _translate(b, names)
            return None if ta is None or tb is None else ta | tb
        case n.Call(name=op, args=(a, b)) if op in _COMPARISONS:
            field, lit, flipped = _field_and_literal(a, b, names)
            if field is None:
                return None
            if flipped:
                op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
            return getattr(pc, _COMPARISONS[op])(field, lit)
        case n.Call(name="isnull", args=(a,)) if isinstance(a, Attribute) and a.id in names:
            return pc.field(names[a.id]).is_null()
        case n.Call(name="isnotnull", args=(a,)) if isinstance(a, Attribute) and a.id in names:
            return pc.field(names[a.id]).is_valid()
        case n.Call(name="in", args=(a, *vals)) if isinstance(a, Attribute) and a.id in names:
            if not all(isinstance(v, n.Literal) and v.value is not None for v in vals):
                return None
            return pc.field(names[a.id]).isin([literal_scalar(v.value, v.dtype) for v in vals])  # type: ignore[union-attr]
        case _:
            return None


def _field_and_literal(a: Expr, b: Expr, names: dict[int, str]) -> tuple[Any, Any, bool]:
    if isinstance(a, Attribute) and a.id in names and isinstance(b, n.Literal) and b.value is not None:
        if _exact(a.dtype, b.dtype):
            return pc.field(names[a.id]), literal_scalar(b.value, b.dtype), False
    if isinstance(b, Attribute) and b.id in names and isinstance(a, n.Literal) and a.value is not None:
        if _exact(b.dtype, a.dtype):
            return pc.field(names[b.id]), literal_scalar(a.value, a.dtype), True
    return None, None, False


def _exact(col: T.DataType, lit: T.DataType) -> bool:
    """Only same-type comparisons are pushed, so pyarrow compares exactly as engine does."""
    return col == lit and not isinstance(col, (T.FloatType, T.DoubleType))
