"""Type rules of collate, collation and the resolver's internal collation_key (Spark 4)."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.collation import canonical_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import types_of, unexpected_type


def _name_argument(fname: str, args: Sequence[object]) -> str:
    """The collation name, which Spark takes only as a string literal."""
    arg = args[1]
    if not (isinstance(arg, n.Literal) and isinstance(arg.value, str)):
        raise AnalysisException(
            f"[UNEXPECTED_INPUT_TYPE] The second argument of `{fname}` must be a collation name, "
            "given as a string literal.",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        )
    return arg.value


@function("collate", min_args=2, max_args=2)
def _collate(args: Sequence[object]) -> Signature:
    """``collate(s, 'UTF8_LCASE')``: the same strings, typed ``string collate UTF8_LCASE``."""
    (t, _) = types_of(args)
    if not isinstance(t, (T.StringType, T.CharType, T.VarcharType)):
        raise unexpected_type("collate", args, 0, '"STRING"')
    return Signature(T.StringType(canonical_name(_name_argument("collate", args))), (None, None))


@function("collation", min_args=1, max_args=1)
def _collation(args: Sequence[object]) -> Signature:
    """``collation(s)``: the qualified name of s's collation, ``SYSTEM.BUILTIN.UTF8_LCASE``."""
    (t,) = types_of(args)
    if not isinstance(t, (T.StringType, T.CharType, T.VarcharType)):
        raise unexpected_type("collation", args, 0, '"STRING"')
    return Signature(T.StringType(), (None,), nullable=False)


@function("collation_key", min_args=2, max_args=3)
def _collation_key(args: Sequence[object]) -> Signature:
    """Internal: a string's key under a collation (the resolver adds it, users do not call it);
    a third argument asks for a key substring tests can use ("in_place": case folded in place)
    or for a case-insensitive regex pattern ("regex")."""
    return Signature(T.StringType(), (None,) * len(args))
