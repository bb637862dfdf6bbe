"""Expression trees: immutable nodes, unresolved as the API builds them, resolved by analysis.

The API and the SQL front end build *unresolved* nodes (a column by name, a function by
name). Resolution against a plan's output turns them into *resolved* nodes that carry a
data type: every column becomes an `Attribute` with a unique id, so two columns called
``id`` from the two sides of a join never collide.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Union

from engine.types import DataType

_ids = itertools.count(1)


def new_id() -> int:
    """A process-unique id for a new attribute (a new output column)."""
    return next(_ids)


# --------------------------------------------------------------------------- unresolved


@dataclass(frozen=True, slots=True)
class UnresolvedColumn:
    """A column by name: ``a``, ``t.a`` (qualified) or ``s.f`` (a struct field)."""

    name: str
    # Parts after splitting on dots outside backquotes; set by the builder.
    parts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.parts:
            object.__setattr__(self, "parts", split_name(self.name))


@dataclass(frozen=True, slots=True)
class UnresolvedStar:
    """``*`` or ``t.*`` in a select list; with `pattern` (``df.colRegex("`a.*`")``), only the
    columns whose whole name matches the regular expression; with `columns` (``df["*"]``), the
    columns of that DataFrame, bound when it was asked (so it picks one side of a join)."""

    qualifier: str | None = None
    pattern: str | None = None
    columns: tuple[Expr, ...] | None = None


@dataclass(frozen=True, slots=True)
class UnresolvedFunction:
    """A call by name, resolved against the function registry (scalar, aggregate or window)."""

    name: str
    args: tuple[Expr, ...]
    distinct: bool = False
    ignore_nulls: bool = False
    filter: Expr | None = None


@dataclass(frozen=True, slots=True)
class UnresolvedExtract:
    """``col[key]`` / ``getItem`` / ``getField``: array index, map key or struct field."""

    child: Expr
    key: Expr


# --------------------------------------------------------------------------- resolved


@dataclass(frozen=True, slots=True)
class Attribute:
    """A reference to one column of a plan's output; `id` makes it unique across the plan."""

    name: str
    dtype: DataType
    nullable: bool
    id: int
    qualifier: tuple[str, ...] = ()
    # a join key a USING/NATURAL join leaves out of its columns (Spark's hidden output): only a
    # qualified name (``d.dept`` after ``JOIN d USING (dept)``) or ``d.*`` reaches it
    hidden: bool = False

    @property
    def key(self) -> str:
        """The column's name inside engine's Arrow tables: unique by id (joins never clash) and
        the same however a query spells the column (``ID`` resolves to ``id``'s column)."""
        return column_key(self.name, self.id)


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant; `value` is a plain Python value (None for a typed null)."""

    value: Any
    dtype: DataType


@dataclass(frozen=True, slots=True)
class Alias:
    """``expr AS name``: names an output column, which gets a fresh attribute id."""

    child: Expr
    name: str
    id: int = field(default_factory=new_id)
    names: tuple[str, ...] = ()  # ``explode(m).alias("k", "v")``: one name per generated column
    # written by the user (``col.alias("y")``, ``df["s.v"]``): inside another expression Spark
    # names it ``child AS name`` (``upper(w AS y)``); the engine's own naming aliases stay unseen
    shown: bool = False


@dataclass(frozen=True, slots=True)
class Call:
    """A resolved scalar function or operator (``+``, ``=``, ``upper``) with its result type."""

    name: str
    args: tuple[Expr, ...]
    dtype: DataType
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class Cast:
    """``CAST(child AS to)``; `safe` is ``try_cast`` (null instead of an error under ANSI)."""

    child: Expr
    to: DataType
    safe: bool = False
    implicit: bool = False  # inserted by type coercion; hidden in column names
    typed_literal: bool = False  # SQL's ``TIMESTAMP '...'`` / ``1L`` / ``1.5D``: named as the literal
    in_sql: bool = False  # a CAST the SQL text spells out (Spark's USER_SPECIFIED_CAST tag)
    # the table column an INSERT assigns: an overflow is CAST_OVERFLOW_IN_TABLE_INSERT naming it
    insert_column: str | None = None


@dataclass(frozen=True, slots=True)
class CaseWhen:
    """``CASE WHEN c1 THEN v1 ... ELSE e END``; a missing ELSE is null."""

    branches: tuple[tuple[Expr, Expr], ...]
    otherwise: Expr | None
    dtype: DataType | None = None  # None until resolved


@dataclass(frozen=True, slots=True)
class AggCall:
    """A resolved aggregate function (``sum``, ``count``, ``collect_list``, ...)."""

    name: str
    args: tuple[Expr, ...]
    dtype: DataType
    distinct: bool = False
    ignore_nulls: bool = False
    filter: Expr | None = None


@dataclass(frozen=True, slots=True)
class SortOrder:
    """One sort key; Spark's defaults are nulls first ascending and nulls last descending."""

    child: Expr
    ascending: bool = True
    nulls_first: bool | None = None

    @property
    def nulls_are_first(self) -> bool:
        return self.ascending if self.nulls_first is None else self.nulls_first


UNBOUNDED: None = None
CURRENT_ROW = 0


@dataclass(frozen=True, slots=True)
class Frame:
    """A window frame: ``ROWS``/``RANGE`` between offsets (None = unbounded, 0 = current row).

    A RANGE offset over a date or timestamp key may be an interval literal (``INTERVAL 1 DAY``),
    negative for PRECEDING.
    """

    kind: str  # "rows" | "range"
    start: int | float | Literal | None
    end: int | float | Literal | None
    sql_preceding: bool = field(default=False, compare=False)  # written ``n PRECEDING`` in SQL: display only


@dataclass(frozen=True, slots=True)
class WindowSpecDef:
    """``PARTITION BY ... ORDER BY ... frame`` of an ``OVER`` clause."""

    partition_by: tuple[Expr, ...] = ()
    order_by: tuple[SortOrder, ...] = ()
    frame: Frame | None = None


@dataclass(frozen=True, slots=True)
class WindowExpr:
    """``function OVER (spec)``; `function` is an aggregate or a ranking/offset function."""

    function: Expr
    spec: WindowSpecDef
    dtype: DataType | None = None


@dataclass(frozen=True, slots=True)
class UDFCall:
    """A Python function over Arrow batches (``udf`` row-wise, ``pandas_udf`` vectorized)."""

    name: str
    func: Any
    args: tuple[Expr, ...]
    dtype: DataType
    kind: str  # "row" | "pandas" | "arrow"
    deterministic: bool = True


@dataclass(frozen=True, slots=True)
class ScalarSubquery:
    """A subquery that yields one value; `plan` is a resolved logical plan."""

    plan: Any
    dtype: DataType


@dataclass(frozen=True, slots=True)
class OuterRef:
    """``col("k").outer()``: inside a subquery DataFrame, a column of the query it is used in."""

    child: Expr


@dataclass(frozen=True, slots=True)
class CorrelatedSubquery:
    """``df.scalar()`` / ``df.exists()`` of a DataFrame that names outer columns (`OuterRef`),
    or ``value.isin(df)`` (correlated or not): `kind` is "scalar", "exists" or "in". The
    logical builder joins it into the outer plan."""

    plan: Any
    kind: str
    value: Expr | None = None  # the tested value of "in"


@dataclass(frozen=True, slots=True)
class LambdaVar:
    """A lambda's parameter inside a higher-order function (``transform(xs, x -> x + 1)``)."""

    name: str
    dtype: DataType
    id: int = field(default_factory=new_id)
    nullable: bool = True  # False for an element of an array without nulls, an index, a map key


@dataclass(frozen=True, slots=True)
class Lambda:
    """``(x, i) -> body`` as an argument of a higher-order function."""

    params: tuple[LambdaVar | UnresolvedColumn, ...]
    body: Expr


Expr = Union[
    UnresolvedColumn,
    UnresolvedStar,
    UnresolvedFunction,
    UnresolvedExtract,
    Attribute,
    Literal,
    Alias,
    Call,
    Cast,
    CaseWhen,
    AggCall,
    SortOrder,
    WindowExpr,
    UDFCall,
    ScalarSubquery,
    OuterRef,
    CorrelatedSubquery,
    LambdaVar,
    Lambda,
]


def column_key(name: str, attr_id: int) -> str:
    """The Arrow column name of the attribute (or lambda variable) `name` with id `attr_id`."""
    return f"{name.lower()}#{attr_id}"


def split_name(name: str) -> tuple[str, ...]:
    """``a.b`` -> (a, b); backquotes protect dots: ```a.b`.c`` -> (a.b, c)."""
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == "`":
            if quoted and i + 1 < len(name) and name[i + 1] == "`":
                cur.append("`")
                i += 2
                continue
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return tuple(parts)
