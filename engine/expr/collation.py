"""String collations (Spark 4): their names, which one an expression takes, and key folding.

A collation is an attribute of `StringType`; Arrow data never changes. Where a collation
changes an answer (comparisons, IN, LIKE, contains / startswith / endswith, sort keys,
grouping, window and join keys, max / min), the resolver wraps the string operands in
``collation_key(x, name)``, a call that maps each value to a binary-comparable key
(lower-cased for UTF8_LCASE), so every operator, pushdown and join downstream runs
unchanged on plain strings. String functions of a collated string return its collation.

Which collation an operation uses follows Spark's precedence: an explicit ``collate(...)``
beats a column's (implicit) collation, which beats a literal's default; two different
explicit collations are COLLATION_MISMATCH.EXPLICIT, two different implicit ones leave the
comparison's collation indeterminate (INDETERMINATE_COLLATION_IN_EXPRESSION).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n

DEFAULT = "UTF8_BINARY"
# Spark's names of the collations engine implements; lookups ignore case.
SUPPORTED = ("UTF8_BINARY", "UTF8_LCASE", "UNICODE", "UNICODE_CI")

# Functions whose answer depends on the collation of their string operands.
ORDERING_FUNCTIONS = frozenset({"=", "!=", "<", "<=", ">", ">=", "<=>", "equal_null", "in", "between"})
MATCHING_FUNCTIONS = frozenset({"contains", "startswith", "endswith", "like"})
# Pattern matches Spark allows under UTF8_BINARY and UTF8_LCASE only.
PATTERN_FUNCTIONS = frozenset({"like", "rlike", "regexp", "regexp_like"})


def canonical_name(name: str) -> str:
    """Spark's spelling of a collation name given in any case; COLLATION_INVALID_NAME otherwise.

    >>> canonical_name("utf8_lcase")
    'UTF8_LCASE'
    """
    upper = name.upper()
    if upper in SUPPORTED:
        return upper
    close = difflib.get_close_matches(upper, SUPPORTED, n=3, cutoff=0.5)
    msg = (
        f"[COLLATION_INVALID_NAME] The value {name} does not represent a correct collation name. "
        f"Suggested valid collation names: [{', '.join(close)}]. (engine supports the collations "
        f"{', '.join(SUPPORTED)}.)"
    )
    raise AnalysisException(
        msg, "COLLATION_INVALID_NAME", {"collationName": name, "proposals": ", ".join(close)}
    )


def collation_of(t: T.DataType) -> str | None:
    """The collation of a string type; None for any other type."""
    return t.collation if isinstance(t, T.StringType) else None


def _strength(e: n.Expr) -> str:
    """Spark's collation strength of a string operand: explicit (``collate``), default (a
    literal), or implicit (anything else: a column, an expression over columns)."""
    inner = e
    while isinstance(inner, (n.Cast, n.Alias)) and (not isinstance(inner, n.Cast) or inner.implicit):
        inner = inner.child
    if isinstance(inner, n.Call) and inner.name == "collate":
        return "explicit"
    return "default" if isinstance(inner, n.Literal) else "implicit"


def operation_collation(args: Sequence[n.Expr], dtypes: Sequence[T.DataType], shown: Callable[[], str]) -> str:
    """The collation an operation over string operands uses, by Spark's precedence. Two
    different explicit collations are COLLATION_MISMATCH.EXPLICIT; without an explicit one,
    two different implicit ones (``c = s`` of a UTF8_LCASE and a plain column) leave the
    collation indeterminate (`shown` names the operation in that error)."""
    by_strength: dict[str, list[str]] = {"explicit": [], "implicit": [], "default": []}
    for e, t in zip(args, dtypes):
        if isinstance(t, T.StringType):
            by_strength[_strength(e)].append(t.collation)
    explicit = list(dict.fromkeys(by_strength["explicit"]))
    if len(explicit) > 1:
        shown_types = ", ".join(f'"STRING COLLATE {c}"' for c in explicit)
        raise AnalysisException(
            "[COLLATION_MISMATCH.EXPLICIT] Could not determine which collation to use for string functions and "
            f"operators. Error occurred due to the mismatch between explicit collations: [{shown_types}]. "
            "Decide on a single explicit collation and remove others.",
            "COLLATION_MISMATCH.EXPLICIT",
            {"explicitTypes": shown_types},
        )
    if explicit:
        return explicit[0]
    implicit = list(dict.fromkeys(by_strength["implicit"]))
    if len(implicit) > 1:
        expr = shown()
        raise AnalysisException(
            f'[INDETERMINATE_COLLATION_IN_EXPRESSION] Data type of "{expr}" has indeterminate collation. '
            "Use COLLATE clause to set the collation explicitly.",
            "INDETERMINATE_COLLATION_IN_EXPRESSION",
            {"expr": f'"{expr}"'},
        )
    if implicit:
        return implicit[0]
    return next(iter(dict.fromkeys(by_strength["default"])), DEFAULT)


def key_of(e: n.Expr, collation: str, matching: bool = False) -> n.Expr:
    """`e` as a key under `collation`: ``collation_key(e, name)``, or `e` itself when the
    collation compares bytes. With `matching` (LIKE, contains, ...) the key keeps every
    character in place: a case-sensitive UNICODE needs none, a case-insensitive one is
    lower-cased as UTF8_LCASE is."""
    if collation == DEFAULT or (matching and collation == "UNICODE"):
        return e
    nullable = not (isinstance(e, n.Literal) and e.value is not None)
    args: tuple[n.Expr, ...] = (e, n.Literal(collation, T.StringType()))
    if matching and collation != "UTF8_LCASE":
        args += (n.Literal("in_place", T.StringType()),)  # a key for substring tests: lower-cased in place
    return n.Call("collation_key", args, T.StringType(), nullable)


def case_insensitive_regex(pattern: n.Expr) -> n.Expr:
    """A regex pattern that matches as under UTF8_LCASE: Spark's CASE_INSENSITIVE flag."""
    args = (pattern, n.Literal("UTF8_LCASE", T.StringType()), n.Literal("regex", T.StringType()))
    return n.Call("collation_key", args, T.StringType(), not isinstance(pattern, n.Literal))


def apply_to_call(
    name: str, originals: Sequence[n.Expr], cast_args: Sequence[n.Expr], shown: Callable[[], str]
) -> tuple[n.Expr, ...]:
    """The arguments of a resolved call to `name` (`cast_args`, after type coercion),
    string operands wrapped in collation keys when the call's answer depends on a
    non-default collation; the collation is chosen from the operands as written
    (`originals`), since coercion may have cast them to one type; `shown` names the call
    in errors."""
    from engine.expr.typing import dtype_of

    if name not in ORDERING_FUNCTIONS and name not in MATCHING_FUNCTIONS and name not in PATTERN_FUNCTIONS:
        return tuple(cast_args)
    dtypes = [dtype_of(a) for a in originals]
    if not any(collation_of(t) not in (None, DEFAULT) for t in dtypes):
        return tuple(cast_args)
    collation = operation_collation(originals, dtypes, shown)
    if name in PATTERN_FUNCTIONS and collation.startswith("UNICODE"):
        at = next(i for i, t in enumerate(dtypes) if collation_of(t) == collation)
        raise _pattern_type_error(originals, dtypes, at, shown())
    if name not in ORDERING_FUNCTIONS and name not in MATCHING_FUNCTIONS:  # rlike under UTF8_LCASE
        return (cast_args[0], case_insensitive_regex(cast_args[1]), *cast_args[2:])
    matching = name in MATCHING_FUNCTIONS
    return tuple(
        key_of(a, collation, matching) if isinstance(dtype_of(a), T.StringType) else a for a in cast_args
    )


def _pattern_type_error(args: Sequence[n.Expr], dtypes: Sequence[T.DataType], at: int, shown: str) -> AnalysisException:
    from engine.expr.display import sql_name

    ordinal = ("first", "second", "third")[at] if at < 3 else f"{at + 1}th"
    return AnalysisException(
        f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{shown}" due to data type mismatch: The {ordinal} '
        f'parameter requires the "STRING" type, however "{sql_name(args[at])}" has the type "{dtypes[at]._sql()}".',  # noqa: SLF001
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
    )


def sort_key(e: n.Expr) -> n.Expr:
    """A sort, grouping or partitioning key: collated strings by their collation key."""
    from engine.expr.typing import dtype_of

    collation = collation_of(dtype_of(e))
    return e if collation in (None, DEFAULT) else key_of(e, collation)


def propagate(
    name: str, originals: Sequence[n.Expr], cast_args: Sequence[n.Expr], targets: Sequence[T.DataType | None],
    result: T.DataType,
) -> tuple[tuple[n.Expr, ...], T.DataType]:
    """A string function over a collated string returns that collation (``upper(c)`` of a
    UTF8_LCASE c is UTF8_LCASE), and its string literal arguments take it too (Spark shows
    them as ``'x' collate UTF8_LCASE``). Arguments the function casts to another type (md5's
    binary) do not count; without a single collation the call is left as it is."""
    from engine.expr.typing import dtype_of

    if name in _NOT_PROPAGATING or result != T.StringType():
        return tuple(cast_args), result
    strings = [
        (e, dtype_of(e)) for i, e in enumerate(originals)
        if isinstance(dtype_of(e), T.StringType) and (i >= len(targets) or isinstance(targets[i], (T.StringType, type(None))))
    ]  # fmt: skip
    if not any(collation_of(t) != DEFAULT for _, t in strings):
        return tuple(cast_args), result
    try:
        collation = operation_collation([e for e, _ in strings], [t for _, t in strings], lambda: name)
    except AnalysisException:
        return tuple(cast_args), result  # Spark leaves the collation indeterminate
    collated = T.StringType(collation)
    out = tuple(
        n.Cast(a, collated, implicit=True) if _is_string_literal(a) else a for a in cast_args
    )
    return out, collated


_NOT_PROPAGATING = frozenset({"collation", "collation_key", "typeof", "to_json", "schema_of_json", "current_path"})


def _is_string_literal(e: n.Expr) -> bool:
    while isinstance(e, n.Cast) and e.implicit:
        e = e.child
    return isinstance(e, n.Literal) and isinstance(e.value, str)


def aggregate_by_key(name: str, args: Sequence[n.Expr], distinct: bool) -> tuple[str, tuple[n.Expr, ...]]:
    """An aggregate over collated strings, as Spark computes it under the collation:
    ``max(c)`` / ``min(c)`` as ``max_by(c, key(c))`` (the greatest value under the collation,
    one of the group's own; display shows ``max(c)`` again), and a count of distinct values
    (``count(DISTINCT c)``, approx_count_distinct) over the collation keys."""
    if name in ("max", "min") and len(args) == 1:
        keyed = sort_key(args[0])
        if keyed is not args[0]:
            return f"{name}_by", (args[0], keyed)
    if distinct and name == "count":
        return name, tuple(sort_key(a) for a in args)
    if name == "approx_count_distinct" and args:  # its second argument is the accuracy
        return name, (sort_key(args[0]), *args[1:])
    return name, tuple(args)
