"""`Row`: a tuple with field names, behaving exactly like PySpark 4's ``pyspark.sql.Row``."""

from __future__ import annotations

from typing import Any

from engine.errors import PySparkAttributeError, PySparkRuntimeError, PySparkTypeError, PySparkValueError


def _create_row(fields: list[str] | None, values: tuple[Any, ...] | list[Any]) -> Row:
    """A Row of `values` named by `fields`; module-level so pickled rows can be rebuilt."""
    row = Row(*values)
    if fields is not None:
        row.__fields__ = fields
    return row


class Row(tuple):
    """A row of data: a tuple whose values can also be read by field name.

    ``Row(a=1, b="x")`` names values in the order given; ``Row("a", "b")`` is a row
    "class" (a row of names) that is called with values: ``Row("a", "b")(1, "x")``.
    ``Row(1, 2)`` has no names and prints as ``<Row(1, 2)>``.  Rows compare and hash as
    plain tuples, so ``Row(a=1) == (1,)``.

    >>> r = Row(a=1, b="x")
    >>> r.a, r["b"], r[0], r.asDict()
    (1, 'x', 1, {'a': 1, 'b': 'x'})
    """

    __fields__: list[str]

    def __new__(cls, *args: Any, **kwargs: Any) -> Row:
        if args and kwargs:
            msg = "[CANNOT_SET_TOGETHER] args and kwargs should not be set together."
            raise PySparkValueError(msg, "CANNOT_SET_TOGETHER", {"arg_list": "args and kwargs"})
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs)
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive: bool = False) -> dict[str, Any]:  # noqa: N802 - PySpark name
        """The row as a dict of field name -> value; `recursive` also converts nested rows
        (inside lists and dict values too), as PySpark does."""
        fields = self._names()
        if fields is None:
            msg = "[CANNOT_CONVERT_TYPE] Cannot convert Row into dict."
            raise PySparkTypeError(msg, "CANNOT_CONVERT_TYPE", {"from_type": "Row", "to_type": "dict"})
        if not recursive:
            return dict(zip(fields, self))
        return {name: _to_plain(value) for name, value in zip(fields, self)}

    def __contains__(self, item: object) -> bool:
        """Membership tests field names for named rows (``"a" in Row(a=1)``), values otherwise."""
        fields = self._names()
        if fields is not None:
            return item in fields
        return super().__contains__(item)

    def __call__(self, *args: Any) -> Row:
        """Make a row of values named by this row of field names (``Row("a", "b")(1, 2)``)."""
        if len(args) > len(self):
            msg = f"[TOO_MANY_VALUES] Expected {len(self)} values for `fields`, got {len(args)}."
            raise PySparkValueError(
                msg,
                "TOO_MANY_VALUES",
                {"expected": str(len(self)), "item": "fields", "actual": str(len(args))},
            )
        return _create_row(list(self[: len(args)]), args)

    def __getitem__(self, item: Any) -> Any:
        """A value by position, slice or field name."""
        if isinstance(item, int | slice):
            return super().__getitem__(item)
        fields = self._field_names()
        try:
            return super().__getitem__(fields.index(item))
        except ValueError as e:
            raise PySparkValueError(str(item)) from e

    def __getattr__(self, item: str) -> Any:
        """A value by field name (``row.a``); names starting with ``__`` are never fields."""
        if item.startswith("__"):
            raise PySparkAttributeError(
                f"[ATTRIBUTE_NOT_SUPPORTED] Attribute `{item}` is not supported.",
                "ATTRIBUTE_NOT_SUPPORTED",
                {"attr_name": item},
            )
        fields = self._field_names()
        if item not in fields:
            raise PySparkAttributeError(
                f"[ATTRIBUTE_NOT_SUPPORTED] Attribute `{item}` is not supported.",
                "ATTRIBUTE_NOT_SUPPORTED",
                {"attr_name": item},
            )
        return super().__getitem__(fields.index(item))

    def __setattr__(self, key: str, value: Any) -> None:
        """Rows are read-only; only the internal field list may be set."""
        if key != "__fields__":
            raise PySparkRuntimeError("[READ_ONLY] Row is read-only.", "READ_ONLY", {"object": "Row"})
        self.__dict__[key] = value

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as (field names, values), so rows cross process boundaries intact."""
        return (_create_row, (self._names(), tuple(self)))

    def __repr__(self) -> str:
        """``Row(a=1, b='x')`` for named rows, ``<Row(1, 2)>`` for a row of values or names."""
        fields = self._names()
        if fields is not None:
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(fields, self)) + ")"
        return "<Row(" + ", ".join(repr(v) for v in self) + ")>"

    def _names(self) -> list[str] | None:
        """The field names, or None for a row of bare values (which, as in PySpark, has no
        ``__fields__`` attribute at all)."""
        return self.__dict__.get("__fields__")

    def _field_names(self) -> list[str]:
        fields = self._names()
        if fields is None:
            raise PySparkAttributeError(
                "[ATTRIBUTE_NOT_SUPPORTED] Attribute `__fields__` is not supported.",
                "ATTRIBUTE_NOT_SUPPORTED",
                {"attr_name": "__fields__"},
            )
        return fields


def _to_plain(value: Any) -> Any:
    """`value` with every nested Row turned into a dict, for ``asDict(recursive=True)``."""
    if isinstance(value, Row):
        return value.asDict(True) if value._names() is not None else tuple(_to_plain(v) for v in value)
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value
