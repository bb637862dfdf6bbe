"""``df.na``: filling, dropping and replacing missing or specific values, with Spark's type rules."""

from __future__ import annotations

import math
from typing import Any

from engine import types as T
from engine.api.column import Column
from engine.errors import PySparkTypeError, PySparkValueError
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.expr.resolve import resolve
from engine.logical import builder as B
from engine.logical.nodes import output


class DataFrameNaFunctions:
    """PySpark's ``DataFrameNaFunctions``: ``df.na.fill``, ``df.na.drop``, ``df.na.replace``."""

    def __init__(self, df: Any) -> None:
        self._df = df

    def fill(self, value: Any, subset: Any = None) -> Any:
        """Replaces nulls (and NaN in float/double columns) with `value`.

        A number fills numeric columns only, a string string columns, a bool boolean columns;
        other columns, even when named in `subset`, are left alone. A dict maps column names
        to fill values, each cast to its column's type.
        """
        if isinstance(value, dict):
            targets = {self._attr(name).id: v for name, v in value.items()}
            for v in value.values():
                _check_fill_value(v, dict_value=True)
            return self._project(lambda a: _filled(a, targets[a.id]) if a.id in targets else None)
        _check_fill_value(value, dict_value=False)
        if isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # as PySpark's fillna: a whole number fills as a double (2 -> 2.0)
        ids = self._subset_ids(subset)
        return self._project(lambda a: _filled(a, value) if _fill_applies(a.dtype, value) and a.id in ids else None)

    def drop(self, how: str = "any", thresh: int | None = None, subset: Any = None) -> Any:
        """Drops rows with nulls (or NaN): any null (``how="any"``), all null (``"all"``), or
        fewer than `thresh` non-null values among `subset` (which overrides `how`)."""
        if how not in ("any", "all"):
            raise PySparkValueError(
                "[VALUE_NOT_ALLOWED] Value for `how` has to be amongst the following values: ['any', 'all'].",
                "VALUE_NOT_ALLOWED",
            )
        ids = self._subset_ids(subset)
        attrs = [a for a in output(self._df._plan) if a.id in ids]
        if thresh is None:
            thresh = len(attrs) if how == "any" else 1
        if not attrs:
            return self._df if thresh <= 0 else self._df.filter(Column(literal(False)))
        present: n.Expr = literal(0)
        for a in attrs:
            present = n.UnresolvedFunction("+", (present, n.CaseWhen(((_present(a), literal(1)),), literal(0))))
        return self._df.filter(Column(n.UnresolvedFunction(">=", (present, literal(int(thresh))))))

    def replace(self, to_replace: Any, value: Any = ..., subset: Any = None) -> Any:
        """Replaces values equal to `to_replace` (a value, a list, or a dict old -> new) with
        `value`, in the columns whose type matches: numbers in numeric columns, strings in
        string columns, bools in boolean columns."""
        mapping = _replacement_map(to_replace, value)
        if not mapping:
            return self._df
        keys = list(mapping)
        kind = _kind(keys[0])
        ids = self._subset_ids(subset)

        def replaced(a: n.Attribute) -> n.Expr | None:
            if a.id not in ids or not _kind_matches(kind, a.dtype):
                return None
            branches = tuple(
                (_equals(a, k), literal(None) if v is None else n.Cast(literal(v), a.dtype)) for k, v in mapping.items()
            )
            return n.CaseWhen(branches, a)

        return self._project(replaced)

    # ------------------------------------------------------------------ helpers
    def _attr(self, name: str) -> n.Attribute:
        e = resolve(n.UnresolvedColumn(name), self._df._scope())
        if not isinstance(e, n.Attribute):
            raise PySparkValueError(f"[UNSUPPORTED_NA_COLUMN] `{name}` must be a top-level column.")
        return e

    def _subset_ids(self, subset: Any) -> set[int]:
        if subset is None:
            return {a.id for a in output(self._df._plan)}
        if isinstance(subset, str):
            subset = [subset]
        if not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                f"[NOT_LIST_OR_STR_OR_TUPLE] Argument `subset` should be a list, str or tuple, got "
                f"{type(subset).__name__}.",
                "NOT_LIST_OR_STR_OR_TUPLE",
            )
        return {self._attr(s).id for s in subset}

    def _project(self, change: Any) -> Any:
        """Every column as it is, except where `change(attr)` returns a new expression."""
        exprs: list[n.Expr] = []
        for a in output(self._df._plan):
            new = change(a)
            exprs.append(a if new is None else n.Alias(new, a.name))
        return self._df._new(B.project(self._df._plan, exprs, self._df._cs()))


def _check_fill_value(value: Any, dict_value: bool) -> None:
    if not isinstance(value, (bool, int, float, str)) or (dict_value and value is None):
        expected = "bool, dict, float, int or str"
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `value` should be {expected}, got {type(value).__name__}.",
            "NOT_EXPECTED_TYPE",
        )


def _fill_applies(dt: T.DataType, value: Any) -> bool:
    if isinstance(value, bool):
        return isinstance(dt, T.BooleanType)
    if isinstance(value, (int, float)):
        return T.is_numeric(dt)
    return isinstance(dt, T.StringType)


def _filled(a: n.Attribute, value: Any) -> n.Expr:
    """`a`, or `value` cast to `a`'s type where `a` is null (or NaN), built as Spark's fill builds
    it: ``coalesce(nanvl(a, null), CAST(value AS type))``, not null unless that cast may be null
    (a double cast to an integral type)."""
    kept: n.Expr = a
    if isinstance(a.dtype, (T.FloatType, T.DoubleType)):
        kept = n.UnresolvedFunction("nanvl", (a, n.Cast(literal(None), a.dtype)))
    return n.UnresolvedFunction("coalesce", (kept, n.Cast(literal(value), a.dtype)))


def _present(a: n.Attribute) -> n.Expr:
    """True where `a` holds a value: not null, and not NaN for float/double columns."""
    not_null = n.UnresolvedFunction("isnotnull", (a,))
    if isinstance(a.dtype, (T.FloatType, T.DoubleType)):
        not_nan = n.UnresolvedFunction("not", (n.UnresolvedFunction("isnan", (a,)),))
        return n.UnresolvedFunction("and", (not_null, not_nan))
    return not_null


def _replacement_map(to_replace: Any, value: Any) -> dict[Any, Any]:
    """PySpark's argument checks, then the old -> new map."""
    if value is ... and not isinstance(to_replace, dict):
        raise PySparkTypeError(
            "[ARGUMENT_REQUIRED] Argument `value` is required when `to_replace` is dict.", "ARGUMENT_REQUIRED"
        )
    if not isinstance(to_replace, (bool, int, float, str, list, tuple, dict)):
        raise PySparkTypeError(
            f"[NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_LIST_OR_STR_OR_TUPLE] Argument `to_replace` should be a "
            f"bool, dict, float, int, list, str or tuple, got {type(to_replace).__name__}.",
            "NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_LIST_OR_STR_OR_TUPLE",
        )
    if value is not ... and value is not None and not isinstance(value, (bool, int, float, str, list, tuple)):
        raise PySparkTypeError(
            f"[NOT_BOOL_OR_FLOAT_OR_INT_OR_LIST_OR_NONE_OR_STR_OR_TUPLE] Argument `value` should be a bool, "
            f"float, int, list, None, str or tuple, got {type(value).__name__}.",
            "NOT_BOOL_OR_FLOAT_OR_INT_OR_LIST_OR_NONE_OR_STR_OR_TUPLE",
        )
    if isinstance(to_replace, dict):
        mapping = dict(to_replace)
    else:
        keys = list(to_replace) if isinstance(to_replace, (list, tuple)) else [to_replace]
        values = list(value) if isinstance(value, (list, tuple)) else [value] * len(keys)
        if len(keys) != len(values):
            raise PySparkValueError(
                f"[LENGTH_SHOULD_BE_THE_SAME] to_replace and value should be of the same length, got "
                f"{len(keys)} and {len(values)}.",
                "LENGTH_SHOULD_BE_THE_SAME",
            )
        mapping = dict(zip(keys, values))
    kinds = {_kind(k) for k in mapping} | {_kind(v) for v in mapping.values() if v is not None}
    if len(kinds) > 1:
        raise PySparkValueError("[MIXED_TYPE_REPLACEMENT] Mixed type replacements are not supported.", "MIXED_TYPE_REPLACEMENT")
    return mapping


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    return "string"


def _kind_matches(kind: str, dt: T.DataType) -> bool:
    if kind == "bool":
        return isinstance(dt, T.BooleanType)
    if kind == "number":
        return T.is_numeric(dt)
    return isinstance(dt, T.StringType)


def _equals(a: n.Attribute, key: Any) -> n.Expr:
    """``a = key``, compared as doubles for numbers as Spark does (NaN equals NaN)."""
    if isinstance(key, float) and math.isnan(key):
        return n.UnresolvedFunction("isnan", (n.Cast(a, T.DoubleType()),))
    if _kind(key) == "number":
        return n.UnresolvedFunction("=", (n.Cast(a, T.DoubleType()), literal(float(key))))
    return n.UnresolvedFunction("=", (a, literal(key)))
