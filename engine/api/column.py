"""`Column`: PySpark's column expression object, a thin wrapper over an expression tree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Union

from engine import types as T
from engine.errors import IllegalArgumentException, PySparkTypeError, PySparkValueError
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.literals import literal

ColumnOrName = Union["Column", str]


class Column:
    """An expression over the columns of a DataFrame; operators build new columns."""

    __slots__ = ("_expr",)

    def __init__(self, expr: n.Expr) -> None:
        self._expr = expr

    @property
    def expr(self) -> n.Expr:
        return self._expr

    def __repr__(self) -> str:
        from engine.api.column_repr import column_repr

        return column_repr(self._expr)

    def __bool__(self) -> bool:
        shown = sql_name(self._expr)  # PySpark names the column as the JVM Column prints it
        raise PySparkValueError(
            f"[CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool (offending column: {shown}): please "
            "use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions.",
            "CANNOT_CONVERT_COLUMN_INTO_BOOL",
            {"column": shown},
        )

    __hash__ = None  # type: ignore[assignment]  # == builds a Column, as in PySpark

    def __iter__(self) -> Any:
        raise PySparkTypeError("[NOT_ITERABLE] Column is not iterable.", "NOT_ITERABLE")

    # ---------------------------------------------------------------- operators
    def _bin(self, op: str, other: Any) -> Column:
        return Column(n.UnresolvedFunction(op, (self._expr, to_expr_or_lit(other))))

    def _rbin(self, op: str, other: Any) -> Column:
        return Column(n.UnresolvedFunction(op, (to_expr_or_lit(other), self._expr)))

    def __add__(self, o: Any) -> Column: return self._bin("+", o)
    def __radd__(self, o: Any) -> Column: return self._rbin("+", o)
    def __sub__(self, o: Any) -> Column: return self._bin("-", o)
    def __rsub__(self, o: Any) -> Column: return self._rbin("-", o)
    def __mul__(self, o: Any) -> Column: return self._bin("*", o)
    def __rmul__(self, o: Any) -> Column: return self._rbin("*", o)
    def __truediv__(self, o: Any) -> Column: return self._bin("/", o)
    def __rtruediv__(self, o: Any) -> Column: return self._rbin("/", o)
    def __mod__(self, o: Any) -> Column: return self._bin("%", o)
    def __rmod__(self, o: Any) -> Column: return self._rbin("%", o)
    def __pow__(self, o: Any) -> Column: return self._bin("power", o)
    def __rpow__(self, o: Any) -> Column: return self._rbin("power", o)
    def __eq__(self, o: Any) -> Column: return self._bin("=", o)  # type: ignore[override]
    def __ne__(self, o: Any) -> Column: return ~self._bin("=", o)  # type: ignore[override]  # Spark: (NOT (a = b))
    def __lt__(self, o: Any) -> Column: return self._bin("<", o)
    def __le__(self, o: Any) -> Column: return self._bin("<=", o)
    def __gt__(self, o: Any) -> Column: return self._bin(">", o)
    def __ge__(self, o: Any) -> Column: return self._bin(">=", o)
    def __and__(self, o: Any) -> Column: return self._bin("and", o)
    def __rand__(self, o: Any) -> Column: return self._rbin("and", o)
    def __or__(self, o: Any) -> Column: return self._bin("or", o)
    def __ror__(self, o: Any) -> Column: return self._rbin("or", o)
    def __invert__(self) -> Column: return Column(n.UnresolvedFunction("not", (self._expr,)))
    def __neg__(self) -> Column: return Column(n.UnresolvedFunction("negative", (self._expr,)))  # fmt: skip

    def eqNullSafe(self, o: Any) -> Column:  # noqa: N802
        return self._bin("<=>", o)

    def bitwiseAND(self, o: Any) -> Column:  # noqa: N802
        return self._bin("&", o)

    def bitwiseOR(self, o: Any) -> Column:  # noqa: N802
        return self._bin("|", o)

    def bitwiseXOR(self, o: Any) -> Column:  # noqa: N802
        return self._bin("^", o)

    # ---------------------------------------------------------------- predicates
    def isNull(self) -> Column:  # noqa: N802
        return Column(n.UnresolvedFunction("isnull", (self._expr,)))

    def isNotNull(self) -> Column:  # noqa: N802
        return Column(n.UnresolvedFunction("isnotnull", (self._expr,)))

    def isNaN(self) -> Column:  # noqa: N802
        return Column(n.UnresolvedFunction("isnan", (self._expr,)))

    def isin(self, *values: Any) -> Column:
        """Whether the value is one of `values`, or (one DataFrame given) one of its rows: an IN
        subquery, which may be correlated (``col(...).outer()``)."""
        from engine.api.dataframe import DataFrame

        if len(values) == 1 and isinstance(values[0], DataFrame):
            return Column(n.CorrelatedSubquery(values[0]._plan, "in", self._expr))
        if len(values) == 1 and isinstance(values[0], (list, tuple, set)):
            values = tuple(values[0])
        return Column(n.UnresolvedFunction("in", (self._expr, *(to_expr_or_lit(v) for v in values))))

    def between(self, lower: Any, upper: Any) -> Column:
        return (self >= lower) & (self <= upper)

    def like(self, pattern: str) -> Column:
        return self._bin("like", pattern)

    def ilike(self, pattern: str) -> Column:
        return self._bin("ilike", pattern)

    def rlike(self, pattern: str) -> Column:
        return self._bin("rlike", pattern)

    def startswith(self, other: Any) -> Column:
        return self._bin("startswith", other)

    def endswith(self, other: Any) -> Column:
        return self._bin("endswith", other)

    def contains(self, other: Any) -> Column:
        return self._bin("contains", other)

    def substr(self, startPos: Any, length: Any) -> Column:  # noqa: N803
        return Column(
            n.UnresolvedFunction("substr", (self._expr, to_expr_or_lit(startPos), to_expr_or_lit(length)))
        )

    # ---------------------------------------------------------------- naming and types
    def alias(self, *alias: str, **kwargs: Any) -> Column:
        """This column under a new name; ``metadata={...}`` becomes the output field's metadata."""
        metadata = kwargs.pop("metadata", None)
        if kwargs:  # PySpark asserts this
            raise AssertionError(f"Unexpected kwargs where passed: {kwargs}")
        if len(alias) > 1:  # a generator's columns: explode(map).alias("k", "v")
            if metadata is not None:
                msg = "[ONLY_ALLOWED_FOR_SINGLE_COLUMN] Argument `metadata` can only be provided for a single column."
                raise PySparkValueError(msg, "ONLY_ALLOWED_FOR_SINGLE_COLUMN", {"arg_name": "metadata"})
            return Column(n.Alias(_strip_alias(self._expr), alias[0], names=tuple(alias)))
        if len(alias) != 1:
            raise PySparkValueError("alias() takes exactly one name for a single column.")
        named = n.Alias(_strip_alias(self._expr), alias[0], shown=True)
        if metadata is not None:
            from engine.api.schema_match import remember_alias_metadata

            remember_alias_metadata(named.id, metadata)
        return Column(named)

    name = alias

    def cast(self, dataType: T.DataType | str) -> Column:  # noqa: N803
        to = T.parse_ddl(dataType) if isinstance(dataType, str) else dataType
        if not isinstance(to, T.DataType):
            raise PySparkTypeError(
                f"[NOT_DATATYPE_OR_STR] Argument `dataType` should be a DataType or str, got {type(dataType).__name__}.",
                "NOT_DATATYPE_OR_STR",
            )
        return Column(n.Cast(self._expr, to))

    astype = cast

    def try_cast(self, dataType: T.DataType | str) -> Column:  # noqa: N803
        to = T.parse_ddl(dataType) if isinstance(dataType, str) else dataType
        return Column(n.Cast(self._expr, to, safe=True))

    # ---------------------------------------------------------------- ordering
    def asc(self) -> Column:
        return Column(n.SortOrder(self._expr, True, None))

    def asc_nulls_first(self) -> Column:
        return Column(n.SortOrder(self._expr, True, True))

    def asc_nulls_last(self) -> Column:
        return Column(n.SortOrder(self._expr, True, False))

    def desc(self) -> Column:
        return Column(n.SortOrder(self._expr, False, None))

    def desc_nulls_first(self) -> Column:
        return Column(n.SortOrder(self._expr, False, True))

    def desc_nulls_last(self) -> Column:
        return Column(n.SortOrder(self._expr, False, False))

    # ---------------------------------------------------------------- conditionals
    def when(self, condition: Column, value: Any) -> Column:
        e = self._expr
        if not isinstance(e, n.CaseWhen) or e.otherwise is not None:
            raise IllegalArgumentException(
                "when() can only be applied on a Column previously generated by when() function"
            )
        return Column(n.CaseWhen((*e.branches, (when_condition(condition), to_expr_or_lit(value))), None))

    def otherwise(self, value: Any) -> Column:
        e = self._expr
        if not isinstance(e, n.CaseWhen) or e.otherwise is not None:
            raise IllegalArgumentException(
                "otherwise() can only be applied once on a Column previously generated by when()"
            )
        return Column(n.CaseWhen(e.branches, to_expr_or_lit(value)))

    def outer(self) -> Column:
        """This column taken from the outer query when the DataFrame it is used in becomes a
        subquery (``scalar()``, ``exists()``, ``lateralJoin``): a correlated reference."""
        return Column(n.OuterRef(self._expr))

    def transform(self, f: Callable[[Column], Column]) -> Column:
        """``f(self)``: chains column functions, ``col("s").transform(trim).transform(upper)``."""
        return f(self)

    def over(self, window: Any) -> Column:
        from engine.window import WindowSpec

        spec = window if isinstance(window, WindowSpec) else WindowSpec()
        return Column(n.WindowExpr(self._expr, spec._spec))

    # ---------------------------------------------------------------- nested data
    def getItem(self, key: Any) -> Column:  # noqa: N802
        return Column(n.UnresolvedExtract(self._expr, to_expr_or_lit(key)))

    def getField(self, name: str) -> Column:  # noqa: N802
        return Column(n.UnresolvedExtract(self._expr, literal(name)))

    def __getitem__(self, key: Any) -> Column:
        if isinstance(key, slice):
            return self.substr(key.start, key.stop)
        return self.getItem(key)

    def __getattr__(self, item: str) -> Column:
        if item.startswith("__"):
            raise AttributeError(item)
        return self.getField(item)

    def withField(self, fieldName: str, col: Column) -> Column:  # noqa: N802, N803
        """The struct with field `fieldName` set to `col`; a dotted name (``b.c``) sets a field of a
        nested struct, as Spark's UpdateFields does it, one level at a time."""
        return Column(_with_field(self._expr, _field_path(fieldName), to_expr(col)))

    def dropFields(self, *fieldNames: str) -> Column:  # noqa: N802, N803
        expr = self._expr
        for name in fieldNames:  # each dropped in turn; a dotted name drops from a nested struct
            expr = _drop_field(expr, _field_path(name))
        return Column(expr)


def _field_path(name: str) -> list[str]:
    """A field name split on dots outside backticks (``a.`b.c``` is ``a``, ``b.c``)."""
    parts, current, quoted = [], "", False
    for ch in name:
        if ch == "`":
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def _with_field(struct: n.Expr, path: list[str], value: n.Expr) -> n.Expr:
    if len(path) > 1:
        inner = n.UnresolvedExtract(struct, literal(path[0]))
        value = _with_field(inner, path[1:], value)
    return n.UnresolvedFunction("with_field", (struct, literal(path[0]), value))


def _drop_field(struct: n.Expr, path: list[str]) -> n.Expr:
    if len(path) == 1:
        return n.UnresolvedFunction("drop_fields", (struct, literal(path[0])))
    inner = _drop_field(n.UnresolvedExtract(struct, literal(path[0])), path[1:])
    return n.UnresolvedFunction("with_field", (struct, literal(path[0]), inner))


def _strip_alias(e: n.Expr) -> n.Expr:
    """`e` without the engine's own naming alias; a user's alias stays (Spark names
    ``col("v").alias("a").alias("b") + 1`` ``(v AS a AS b + 1)``)."""
    return e.child if isinstance(e, n.Alias) and not e.shown else e


def to_expr(c: ColumnOrName) -> n.Expr:
    """A column or a column name as an expression (names are resolved later, lazily)."""
    if isinstance(c, Column):
        return c._expr
    if isinstance(c, str):
        if c == "*":
            return n.UnresolvedStar()
        if c.endswith(".*"):  # "t.*" (a DataFrame alias) or "s.*" (a struct column)
            return n.UnresolvedStar(c[:-2])
        return n.UnresolvedColumn(c)
    raise PySparkTypeError(
        f"[NOT_COLUMN_OR_STR] Argument should be a Column or str, got {type(c).__name__}.",
        "NOT_COLUMN_OR_STR",
    )


def to_expr_or_lit(v: Any) -> n.Expr:
    """A Column's expression, or a literal for any other value (strings are literals here)."""
    if isinstance(v, Column):
        return v._expr
    return literal(v)


def when_condition(condition: Any) -> n.Expr:
    """The condition of ``when(condition, value)``, which PySpark takes only as a Column
    (a string is not read as a column name here)."""
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `condition` should be Column, got {type(condition).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    return condition._expr


def to_exprs(cols: Iterable[ColumnOrName]) -> list[n.Expr]:
    return [to_expr(c) for c in cols]
