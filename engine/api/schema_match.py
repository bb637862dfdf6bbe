"""``DataFrame.to(schema)`` and ``withMetadata``: a DataFrame reshaped to a given schema.

``to`` follows Spark's ``Project.matchSchema``: columns are found by name (reordered, the
rest dropped), a missing nullable column becomes null, values are cast only where Spark's
ANSI store-assignment allows (numbers to numbers, anything atomic to string, datetimes to
datetimes), a nullable column is not forced into a non-nullable one, and nested structs are
matched field by field the same way. Column metadata (which engine's plans do not carry)
is kept per output attribute in the session, as Spark keeps it on the attribute.
"""

from __future__ import annotations

from typing import Any

from engine import types as T
from engine.errors import AnalysisException, PySparkTypeError
from engine.expr import nodes as n
from engine.expr.display import type_sql
from engine.expr.resolve import unresolved_column_error
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import output


def conform(df: Any, schema: Any) -> Any:
    """`df` with exactly the columns of `schema` (a StructType), in its order and types."""
    if not isinstance(schema, T.StructType):
        raise PySparkTypeError(
            f"[NOT_STRUCT] Argument `schema` should be a StructType, got {type(schema).__name__}.", "NOT_STRUCT"
        )
    attrs = output(df._plan)
    cs = df._cs()
    exprs: list[n.Expr] = []
    for f in schema.fields:
        matches = [a for a in attrs if (a.name == f.name if cs else a.name.lower() == f.name.lower())]
        if len(matches) > 1:
            raise _ambiguous(f.name, len(matches))
        if not matches:
            if not f.nullable:
                raise unresolved_column_error(f.name, [a.name for a in attrs])
            value: n.Expr = n.Literal(None, f.dataType)
        else:
            value = _match(matches[0], matches[0].dtype, matches[0].nullable, f, cs)
        exprs.append(n.Alias(value, f.name))
    plan = B.project(df._plan, exprs, cs)
    for a, f in zip(output(plan), schema.fields):
        if f.metadata:
            df._session._column_metadata[a.id] = dict(f.metadata)
    return df._new(plan)


def _match(e: n.Expr, src: T.DataType, nullable: bool, f: T.StructField, cs: bool) -> n.Expr:
    """`e` (of type `src`) as a value of field `f`, or Spark's error naming the field."""
    if nullable and not f.nullable:
        raise AnalysisException(
            f"[NULLABLE_COLUMN_OR_FIELD] Column or field `{f.name}` is nullable while it's required to be non-nullable.",
            "NULLABLE_COLUMN_OR_FIELD",
            {"name": f"`{f.name}`"},
        )
    to = f.dataType
    if isinstance(src, T.StructType) and isinstance(to, T.StructType):
        return _match_struct(e, src, to, cs)
    if src == to:
        return e
    if not store_assignable(src, to):
        raise AnalysisException(
            f'[INVALID_COLUMN_OR_FIELD_DATA_TYPE] Column or field `{f.name}` is of type "{type_sql(src)}" while '
            f'it\'s required to be "{type_sql(to)}".',
            "INVALID_COLUMN_OR_FIELD_DATA_TYPE",
            {"name": f"`{f.name}`", "type": f'"{type_sql(src)}"', "expectedType": f'"{type_sql(to)}"'},
        )
    return n.Cast(e, to)


def _match_struct(e: n.Expr, src: T.StructType, to: T.StructType, cs: bool) -> n.Expr:
    """A struct value rebuilt with `to`'s fields, each taken from `src` by name."""
    from engine.expr.literals import literal

    args: list[n.Expr] = []
    for f in to.fields:
        found = [s for s in src.fields if (s.name == f.name if cs else s.name.lower() == f.name.lower())]
        if len(found) > 1:
            raise _ambiguous(f.name, len(found))
        if not found:
            if not f.nullable:
                raise unresolved_column_error(f.name, [s.name for s in src.fields])
            value: n.Expr = n.Literal(None, f.dataType)
        else:
            s = found[0]
            value = _match(n.UnresolvedExtract(e, literal(s.name)), s.dataType, s.nullable, f, cs)
        args += [literal(f.name), value]
    return n.UnresolvedFunction("named_struct", tuple(args))


def store_assignable(src: T.DataType, to: T.DataType) -> bool:
    """Spark's ``Cast.canANSIStoreAssign``: which values a column of type `to` accepts."""
    datetimes = (T.DateType, T.TimestampType, T.TimestampNTZType)
    if src == to or isinstance(src, T.NullType):
        return True
    if T.is_numeric(src) and T.is_numeric(to):
        return True
    if T.is_string(to):
        return not isinstance(src, (T.ArrayType, T.MapType, T.StructType))
    if isinstance(src, datetimes) and isinstance(to, datetimes):
        return True
    if isinstance(src, T.ArrayType) and isinstance(to, T.ArrayType):
        return (to.containsNull or not src.containsNull) and store_assignable(src.elementType, to.elementType)
    if isinstance(src, T.MapType) and isinstance(to, T.MapType):
        return (
            (to.valueContainsNull or not src.valueContainsNull)
            and store_assignable(src.keyType, to.keyType)
            and store_assignable(src.valueType, to.valueType)
        )
    return False


def _ambiguous(name: str, count: int) -> AnalysisException:
    return AnalysisException(
        f"[AMBIGUOUS_COLUMN_OR_FIELD] Column or field `{name}` is ambiguous and has {count} matches.",
        "AMBIGUOUS_COLUMN_OR_FIELD",
        {"name": f"`{name}`", "n": str(count)},
    )


# metadata given by ``col.alias(name, metadata=...)``, by the alias's (so its output column's)
# id: a Column belongs to no session, so it cannot go in a session's ``_column_metadata``
ALIAS_METADATA: dict[int, dict[str, Any]] = {}


def remember_alias_metadata(alias_id: int, metadata: dict[str, Any]) -> None:
    if not isinstance(metadata, dict):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `metadata` should be dict, got {type(metadata).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    ALIAS_METADATA[alias_id] = dict(metadata)


def named_as(e: n.Expr, name: str) -> n.Alias:
    """`e` (without its alias) named `name`, keeping metadata its alias gave it:
    ``withColumn("z", col.alias("q", metadata=m))`` has m on z, as in Spark."""
    inner = e.child if isinstance(e, n.Alias) else e
    named = n.Alias(inner, name)
    if isinstance(e, n.Alias) and e.id in ALIAS_METADATA:
        ALIAS_METADATA[named.id] = ALIAS_METADATA[e.id]
    return named


def schema_metadata(session: Any, plan: L.LogicalPlan) -> list[dict[str, Any] | None]:
    """The metadata of each output column of `plan`: set by withMetadata/to on the session or by
    ``alias(..., metadata=...)``, else that of the column it renames, as Spark's Alias passes
    its child's metadata on (``col("a").alias("b")`` keeps a's)."""
    renamed: dict[int, int] = {}
    _collect_renames(plan, renamed)

    def lookup(attr_id: int) -> dict[str, Any] | None:
        seen: set[int] = set()
        current: int | None = attr_id
        while current is not None and current not in seen:
            seen.add(current)
            found: dict[str, Any] | None = session._column_metadata.get(current) or ALIAS_METADATA.get(current)
            if found is not None:
                return found
            current = renamed.get(current)
        return None

    return [lookup(a.id) for a in output(plan)]


def _collect_renames(plan: L.LogicalPlan, into: dict[int, int]) -> None:
    """Alias id -> id of the column or alias it renames, over every node of `plan`."""
    for e in L.expressions(plan):
        if isinstance(e, n.Alias) and isinstance(e.child, (n.Attribute, n.Alias)):
            into[e.id] = e.child.id
            if isinstance(e.child, n.Alias) and isinstance(e.child.child, n.Attribute):
                into[e.child.id] = e.child.child.id
    for child in L.children(plan):
        _collect_renames(child, into)


def with_metadata(df: Any, name: str, metadata: dict[str, Any]) -> Any:
    """`df` with column `name`'s metadata replaced by `metadata` (Spark replaces, not merges)."""
    from engine.expr.resolve import resolve

    if not isinstance(metadata, dict):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `metadata` should be dict, got {type(metadata).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    target = resolve(n.UnresolvedColumn(name), df._scope())
    exprs: list[n.Expr] = []
    new_id = 0
    for a in output(df._plan):
        if isinstance(target, n.Attribute) and a.id == target.id:
            alias = n.Alias(a, a.name)
            new_id = alias.id
            exprs.append(alias)
        else:
            exprs.append(a)
    df._session._column_metadata[new_id] = dict(metadata)
    return df._new(L.Project(df._plan, tuple(exprs)))
