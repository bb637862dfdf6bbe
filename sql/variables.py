"""Spark 4's session variables: DECLARE [OR REPLACE] VARIABLE, SET VAR, DROP TEMPORARY VARIABLE,
and their use in queries (a name no column resolves to, ``v``, ``session.v`` or ``system.session.v``).

A variable holds a typed constant per session (``session._variables``: lower-cased name ->
`n.Literal`). A query names it as a column; Spark resolves columns first and variables after,
so `with_variables` translates a statement and, when a name resolves to no column but is a
variable's, translates it again with that name read as the variable's value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from sqlglot import exp

from engine import types as T
from engine.errors import AnalysisException, SparkRuntimeException
from engine.expr import nodes as n
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output

R = TypeVar("R")

# a placeholder name that `ExprTranslator` reads from its params, as it reads ``:name`` markers
_MARKER = "__session_variable__"


def variables(session: Any) -> dict[str, n.Literal]:
    """The session's variables, by lower-cased name."""
    found: dict[str, n.Literal] = session._variables
    return found


def qualified(name: str) -> str:
    """Spark's printed name of a session variable: ```system`.`session`.`v```."""
    return f"`system`.`session`.`{name}`"


def with_variables(session: Any, parse: Callable[[], exp.Expr], translate: Callable[[exp.Expr], R]) -> R:
    """``translate(parse())``, retried with each name a query could not resolve as a column but
    a session variable holds read as that variable's value (``SELECT v + 1`` is ``(v + 1)``)."""
    names: set[str] = set()
    while True:
        stmt = parse()
        if names:
            _substitute(stmt, names)
        try:
            return translate(stmt)
        except AnalysisException as e:
            name = _unresolved_variable(session, e)
            if name is None or name in names:
                raise
            names.add(name)


def _unresolved_variable(session: Any, e: AnalysisException) -> str | None:
    """The variable an UNRESOLVED_COLUMN error names (``v``, ``session.v``, ``system.session.v``)."""
    if not (e.error_class or "").startswith("UNRESOLVED_COLUMN"):
        return None
    shown = (e.getMessageParameters() or {}).get("objectName", "")
    parts = [p.lower() for p in shown.replace("`", "").split(".")] if shown else []
    if not parts or parts[:-1] not in ([], ["session"], ["system", "session"]):
        return None
    return parts[-1] if parts[-1] in variables(session) else None


def _substitute(stmt: exp.Expr, names: set[str]) -> None:
    """Each column reference to a variable in `names` becomes a marker for its value."""
    for column in list(stmt.find_all(exp.Column)):
        if _assigned(column):
            continue
        parts = [p.name.lower() for p in column.parts]
        if parts[-1] in names and parts[:-1] in ([], ["session"], ["system", "session"]):
            column.replace(exp.Placeholder(this=_MARKER + column.parts[-1].name))  # named as spelled


def _assigned(column: exp.Column) -> bool:
    """Whether `column` is the target of ``SET VAR v = ...`` (a name, not a value)."""
    parent = column.parent
    if isinstance(parent, exp.Tuple):
        parent = parent.parent
    return isinstance(parent, exp.EQ) and isinstance(parent.parent, exp.SetItem) and column in (parent.this, *parent.this.expressions)


class _Markers(dict):  # type: ignore[type-arg]
    """Query parameters plus the session's variables, each read as its constant named as the
    query spells it (``SELECT X`` names its column ``X``)."""

    def __init__(self, params: dict[str, Any], found: dict[str, n.Literal]) -> None:
        super().__init__(params)
        self._found = found

    def _variable(self, key: object) -> n.Literal | None:
        if isinstance(key, str) and key.startswith(_MARKER):
            return self._found.get(key[len(_MARKER) :].lower())
        return None

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or self._variable(key) is not None

    def __missing__(self, key: str) -> n.Expr:
        found = self._variable(key)
        if found is None:
            raise KeyError(key)
        return n.Alias(found, key[len(_MARKER) :])


def marker_values(session: Any, params: dict[str, Any] | None) -> dict[str, Any]:
    """`params` (``spark.sql``'s args as a dict, or None) with the session's variables' markers."""
    return _Markers(params or {}, variables(session))


# ------------------------------------------------------------------------------ statements


def declare(stmt: exp.Declare, session: Any, q: Any) -> LogicalPlan:
    """``DECLARE [OR REPLACE] [VARIABLE] v [type] [DEFAULT | =] expr``: a new variable, its value
    the default cast to the type (NULL when there is none)."""
    from sql.commands import rows
    from sql.literals import data_type

    for item in stmt.expressions:
        names = item.this if isinstance(item.this, list) else [item.this]
        name = _own_name([p.name for p in names])
        if name in variables(session) and not stmt.args.get("replace"):
            raise AnalysisException(
                f"[VARIABLE_ALREADY_EXISTS] Cannot create the variable {qualified(name)} because it already exists.\n"
                "Choose a different name, or drop or replace the existing variable. SQLSTATE: 42723",
                "VARIABLE_ALREADY_EXISTS",
                {"variableName": qualified(name)},
            )
        kind = item.args.get("kind")
        dtype = data_type(kind) if kind is not None else None
        default = item.args.get("default")
        if isinstance(default, exp.Expr) and default.find(exp.Query) is not None:
            raise AnalysisException(
                f"[INVALID_DEFAULT_VALUE.SUBQUERY_EXPRESSION] Failed to execute DECLARE VARIABLE command because the "
                f"destination column or variable {qualified(name)} has a DEFAULT value {default.sql(dialect='spark')}, "
                "which contains subquery expressions. SQLSTATE: 42623",
                "INVALID_DEFAULT_VALUE.SUBQUERY_EXPRESSION",
            )
        if not isinstance(default, exp.Expr):
            if dtype is None:
                raise AnalysisException(f"DECLARE VARIABLE {name} needs a type or a DEFAULT value.")
            value = n.Literal(None, dtype)
        else:
            value = evaluate(session, q, [default], [dtype])[0]
        variables(session)[name] = value
    return rows(session)


def set_variables(stmt: exp.Set, session: Any, q: Any) -> LogicalPlan:
    """``SET VAR v = expr, w = expr`` or ``SET VAR (v, w) = (SELECT ...)``: each value cast to
    its variable's type; a query giving no row sets NULLs, more than one row is an error."""
    from sql.commands import rows

    targets: list[str] = []
    values: list[exp.Expr] = []
    for item in stmt.expressions:
        eq = item.this
        if isinstance(eq.this, exp.Tuple):  # a row query's columns assign the listed variables
            query = eq.expression.this if isinstance(eq.expression, exp.Subquery) else eq.expression
            assign(session, q.query(query), [_own_name([p.name for p in c.parts]) for c in eq.this.expressions])
            continue
        name = _own_name([p.name for p in eq.this.parts]) if isinstance(eq.this, exp.Column) else eq.this.name.lower()
        _known(session, name)
        targets.append(name)
        values.append(eq.expression)
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    if repeated:
        raise AnalysisException(
            f"[DUPLICATE_ASSIGNMENTS] The columns or variables {', '.join(f'`{t}`' for t in repeated)} appear more than "
            "once as assignment targets. SQLSTATE: 42701",
            "DUPLICATE_ASSIGNMENTS",
        )
    if targets:
        dtypes: list[T.DataType | None] = [variables(session)[t].dtype for t in targets]
        for name, value in zip(targets, evaluate(session, q, values, dtypes)):
            variables(session)[name] = value
    return rows(session)


def assign(session: Any, plan: LogicalPlan, targets: list[str]) -> None:
    """The one row of `plan` into the variables `targets` (NULLs when it has no row), as
    ``SET VAR (a, b) = (SELECT ...)`` and ``EXECUTE IMMEDIATE ... INTO a, b`` do."""
    from engine.api.dataframe import DataFrame

    attrs = output(plan)
    if len(attrs) != len(targets):
        raise AnalysisException(
            f"[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables assigned or aliased: {len(targets)} "
            f"does not match the number of source expressions: {len(attrs)}. SQLSTATE: 42802",
            "ASSIGNMENT_ARITY_MISMATCH",
            {"numTarget": str(len(targets)), "numExpr": str(len(attrs))},
        )
    for name in targets:
        _known(session, name)
    dtypes = [variables(session)[t].dtype for t in targets]
    cast = L.Project(plan, tuple(n.Alias(n.Cast(a, t), a.name) for a, t in zip(attrs, dtypes)))
    found = DataFrame(session, L.Limit(cast, 2)).collect()
    if len(found) > 1:
        raise SparkRuntimeException(  # found when the query runs, as Spark's SparkException
            "[ROW_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as a row. SQLSTATE: 21000",
            "ROW_SUBQUERY_TOO_MANY_ROWS",
        )
    row = tuple(found[0]) if found else (None,) * len(targets)
    for name, value, dtype in zip(targets, row, dtypes):
        variables(session)[name] = n.Literal(value, dtype)


def evaluate(session: Any, q: Any, values: list[exp.Expr], dtypes: list[T.DataType | None]) -> list[n.Literal]:
    """The constants `values` (each cast to its type, where one is given), computed in one row."""
    from engine.api.dataframe import DataFrame

    plan = q.query(exp.Select(expressions=[v.copy() for v in values]))
    attrs = output(plan)
    cast = L.Project(
        plan, tuple(n.Alias(n.Cast(a, t) if t is not None else a, f"_{i}") for i, (a, t) in enumerate(zip(attrs, dtypes)))
    )
    (row,) = DataFrame(session, cast).collect()
    return [n.Literal(v, t if t is not None else a.dtype) for v, a, t in zip(row, attrs, dtypes)]


_DROP = re.compile(r"^\s*drop\s+temp(?:orary)?\s+var(?:iable)?\s+(if\s+exists\s+)?([\w.`]+)\s*;?\s*$", re.I)


def drop_variable(text: str, session: Any) -> LogicalPlan | None:
    """``DROP TEMPORARY VARIABLE [IF EXISTS] v``; None when `text` is another statement."""
    from sql.commands import rows

    m = _DROP.match(text)
    if m is None:
        return None
    name = _own_name([p.strip("`") for p in m.group(2).split(".")])
    if variables(session).pop(name, None) is None and not m.group(1):
        raise AnalysisException(
            f"[VARIABLE_NOT_FOUND] The variable {qualified(name)} cannot be found. Verify the spelling and correctness "
            "of the schema and catalog.\nIf you did not qualify the name with a schema and catalog, verify the "
            "current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the "
            "error on drop use DROP VARIABLE IF EXISTS. SQLSTATE: 42883",
            "VARIABLE_NOT_FOUND",
            {"variableName": qualified(name)},
        )
    return rows(session)


def _own_name(parts: list[str]) -> str:
    """A variable's name from ``v``, ``session.v`` or ``system.session.v``."""
    lowered = [p.lower() for p in parts]
    if lowered[:-1] not in ([], ["session"], ["system", "session"]):
        shown = ".".join(f"`{p}`" for p in parts)
        raise AnalysisException(
            f"[INVALID_VARIABLE_DECLARATION.QUALIFIED_LOCAL_VARIABLE] Invalid variable declaration. The variable "
            f"{shown} must be declared without a qualifier, or as session.v / system.session.v. SQLSTATE: 42K0M",
            "INVALID_VARIABLE_DECLARATION.QUALIFIED_LOCAL_VARIABLE",
        )
    return lowered[-1]


def _known(session: Any, name: str) -> None:
    if name not in variables(session):
        raise AnalysisException(
            f"[UNRESOLVED_VARIABLE] Cannot resolve variable `{name}` on search path [`system`.`builtin`, "
            "`system`.`session`, `spark_catalog`.`default`]. SQLSTATE: 42883",
            "UNRESOLVED_VARIABLE",
            {"variableName": f"`{name}`", "searchPath": "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]"},
        )
