"""Expression helpers the rules share: conjuncts, references, substitution, determinism."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from engine import types as T
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Attribute, Expr
from engine.expr.registry import lookup
from engine.logical.nodes import LogicalPlan, map_expressions

TRUE = n.Literal(True, T.BooleanType())
FALSE = n.Literal(False, T.BooleanType())

# Functions whose value depends on more than their arguments (time, position, randomness),
# whatever the registry says.
_VOLATILE = {
    "rand", "random", "randn", "uuid", "shuffle", "monotonically_increasing_id", "spark_partition_id",
    "input_file_name", "current_date", "current_timestamp", "now", "localtimestamp", "curdate",
    "current_timezone", "unix_timestamp", "current_user", "user", "session_user",
}  # fmt: skip


def split_conjuncts(e: Expr | None) -> list[Expr]:
    """``a AND b AND c`` -> [a, b, c]."""
    if e is None:
        return []
    if isinstance(e, n.Call) and e.name == "and" and len(e.args) == 2:
        return [*split_conjuncts(e.args[0]), *split_conjuncts(e.args[1])]
    return [e]


def conjoin(parts: Iterable[Expr]) -> Expr | None:
    """[a, b, c] -> ``a AND b AND c`` (duplicates dropped, order kept); None for no parts."""
    out: Expr | None = None
    for p in dict.fromkeys(parts):
        out = p if out is None else n.Call("and", (out, p), T.BooleanType(), True)
    return out


def refs(e: Expr) -> set[int]:
    """Ids of the columns `e` reads."""
    return tr.attribute_ids(e)


def ids(attrs: Iterable[Attribute]) -> set[int]:
    return {a.id for a in attrs}


def is_deterministic(e: Expr) -> bool:
    """Whether `e` gives the same value for the same input row wherever and however often it runs."""
    for x in tr.walk(e):
        match x:
            case n.Call(name=name):
                fd = lookup(name)
                if name.lower() in _VOLATILE or (fd is not None and not fd.deterministic):
                    return False
            case n.UDFCall(deterministic=False) | n.ScalarSubquery():
                return False
    return True


def is_cheap(e: Expr) -> bool:
    """Cheap enough to compute twice rather than once: a column, a literal, a struct field."""
    e = tr.strip_alias(e)
    match e:
        case Attribute() | n.Literal():
            return True
        case n.Call(name="get_struct_field", args=(c, _)):
            return is_cheap(c)
        case _:
            return False


def has_udf(e: Expr) -> bool:
    return tr.contains(e, (n.UDFCall, n.ScalarSubquery))


def substitute(e: Expr, mapping: Mapping[int, Expr]) -> Expr:
    """`e` with every column whose id is in `mapping` replaced by its expression."""
    if not mapping:
        return e

    def swap(x: Expr) -> Expr:
        if isinstance(x, Attribute) and x.id in mapping:
            return mapping[x.id]
        return x

    return tr.transform_up(e, swap)


def alias_map(exprs: Iterable[Expr]) -> dict[int, Expr]:
    """Output id -> the expression computing it, for a projection's aliases."""
    return {a.id: a.child for a in exprs if isinstance(a, n.Alias)}


def is_literal_bool(e: Expr, value: bool | None) -> bool:
    """Whether `e` is the boolean literal `value` (None: a null literal)."""
    return (
        isinstance(e, n.Literal)
        and e.value is value
        and (value is None or isinstance(e.dtype, T.BooleanType))
    )


def rewrite_expressions(plan: LogicalPlan, fn: Callable[[Expr], Expr]) -> LogicalPlan:
    """`plan` (this node) with `fn` applied to its expressions; `plan` itself if none changed."""
    changed = False

    def each(e: Expr) -> Expr:
        nonlocal changed
        new = fn(e)
        changed = changed or new is not e
        return new

    new_plan = map_expressions(plan, each)
    return new_plan if changed else plan
