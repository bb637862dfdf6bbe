"""Type rules of the null-handling and conditional functions (coalesce, nvl, nullif, if, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine import types as T
from engine.expr.coercion import common_type
from engine.expr.nodes import Expr
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import data_diff_types, types_of, unexpected_type
from engine.expr.signatures.operators import comparison_signature
from engine.expr.typing import cast_may_null, dtype_of, nullable_of


def _common(name: str, args: Sequence[object], nullable: bool | None = None) -> Signature:
    out = common_type(types_of(args))
    if out is None:
        raise data_diff_types(name, args)
    return Signature(out, tuple(out for _ in args), nullable)


def _nullable_as(arg: Expr, to: T.DataType) -> bool:
    """Whether `arg` may be null once cast to the call's common type, as Spark sees the cast it
    inserts: ``coalesce(d, '2024-01-01')`` may be null, a string cast to a date may be."""
    src = dtype_of(arg)
    return nullable_of(arg) or (src != to and cast_may_null(src, to))


def _first_non_null(name: str, args: Sequence[object]) -> Signature:
    """coalesce / nvl / ifnull: the first non-null argument; null only when every argument can be."""
    sig = _common(name, args)
    return replace(sig, nullable=all(_nullable_as(a, sig.result) for a in args))  # type: ignore[arg-type]


@function("coalesce", min_args=1)
def _coalesce(args: Sequence[object]) -> Signature:
    return _first_non_null("coalesce", args)


@function("nvl", min_args=2, max_args=2)
def _nvl(args: Sequence[object]) -> Signature:
    return _first_non_null("nvl", args)


@function("ifnull", min_args=2, max_args=2)
def _ifnull(args: Sequence[object]) -> Signature:
    return _first_non_null("ifnull", args)


@function("nullif", min_args=2, max_args=2)
def _nullif(args: Sequence[object]) -> Signature:
    """nullif(a, b): null when a = b, else a (both compared in their common type)."""
    cmp = comparison_signature("nullif", args)
    first = types_of(args)[0]
    # Spark's nullif(a, b) is ``if(a = b, null, a)``: typed as `a` (nullif(1, 2L) is an int);
    # a numeric `a` widened for the comparison narrows back losslessly in the kernel
    result = first if T.is_numeric(first) else cmp.arg_types[0] or first
    return Signature(result, cmp.arg_types, True)


@function("nvl2", min_args=3, max_args=3)
def _nvl2(args: Sequence[object]) -> Signature:
    """nvl2(a, b, c): b when a is not null, else c."""
    branch = _common("nvl2", args[1:])
    # Spark rewrites it to ``if(isnotnull(a), b, c)``: null only when b or c may be
    nullable = any(_nullable_as(a, branch.result) for a in args[1:])  # type: ignore[arg-type]
    return Signature(branch.result, (None, *branch.arg_types), nullable)


@function("if", min_args=3, max_args=3, pretty=lambda _n, a: f"(IF({', '.join(a)}))")
def _if(args: Sequence[object]) -> Signature:
    """if(cond, a, b): a where cond is true, b where it is false or null."""
    cond = types_of(args)[0]
    if not isinstance(cond, (T.BooleanType, T.NullType)):
        raise unexpected_type("if", args, 0, '"BOOLEAN"')
    branch = _common("if", args[1:])
    return Signature(branch.result, (T.BooleanType(), *branch.arg_types))


@function("equal_null", min_args=2, max_args=2)
def _equal_null(args: Sequence[object]) -> Signature:
    return comparison_signature("equal_null", args, nullable=False)
