"""``DataFrame.show()`` text, character for character as PySpark 4 prints it."""

from __future__ import annotations

import contextvars
import datetime
import decimal
import unicodedata
from typing import Any

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.api.convert import pylist
from engine.expr.interval_text import interval_sql
from engine.types.java_text import java_double

_SHOW_ZONE: contextvars.ContextVar[str] = contextvars.ContextVar("show_zone", default="UTC")


def show_string(
    table: pa.Table, schema: T.StructType, n: int, truncate: int, vertical: bool, timezone: str = "UTC"
) -> str:
    """The text `show(n, truncate, vertical)` prints for `table` (which may hold n+1 rows).

    Timestamps show as wall-clock time in the session time zone, as Spark shows them.
    """
    has_more = table.num_rows > n
    table = _in_zone(table.slice(0, n), timezone)
    _SHOW_ZONE.set(timezone)  # variants print their timestamps in the session zone
    names = [escape_meta(f.name) for f in schema.fields]
    rows = [
        [escape_meta(format_value(v, f.dataType)) for v, f in zip(values, schema.fields)]
        for values in zip(*[pylist(table.column(i)) for i in range(table.num_columns)])
    ] if table.num_columns else [[] for _ in range(table.num_rows)]
    if vertical:
        return _vertical(names, rows, truncate, has_more, n)
    if truncate > 0:  # Spark 4 cuts cells to `truncate` characters but prints column names whole
        rows = [[_truncate(c, truncate) for c in row] for row in rows]
    cells = [names] + rows
    widths = [max(3, *(_width(r[i]) for r in cells)) for i in range(len(names))]
    sep = "+" + "+".join("-" * w for w in widths) + "+"
    lines = [sep]
    for k, row in enumerate(cells):
        padded = [(_pad_left if truncate > 0 else _pad_right)(c, w) for c, w in zip(row, widths)]
        lines.append("|" + "|".join(padded) + "|")
        if k == 0:
            lines.append(sep)
    if not rows and not names:
        lines = ["++", "||", "++"]
    else:
        lines.append(sep)
    out = "\n".join(lines) + "\n"
    if has_more:
        out += f"only showing top {n} row{'s' if n != 1 else ''}"
    return out


def _in_zone(table: pa.Table, timezone: str) -> pa.Table:
    """Top-level zoned timestamp columns re-labelled to `timezone` (same instants)."""
    for i, f in enumerate(table.schema):
        if pa.types.is_timestamp(f.type) and f.type.tz is not None and f.type.tz != timezone:
            table = table.set_column(i, f.name, table.column(i).cast(pa.timestamp(f.type.unit, tz=timezone)))
    return table


def _vertical(names: list[str], rows: list[list[str]], truncate: int, has_more: bool, n: int) -> str:
    if truncate > 0:
        rows = [[_truncate(c, truncate) for c in r] for r in rows]
    name_w = max((_width(x) for x in names), default=0)
    name_w = max(name_w, 3)  # Spark's minimum column width, as in the table layout
    data_w = max([3] + [_width(c) for r in rows for c in r])
    lines = []
    for i, r in enumerate(rows):
        head = f"-RECORD {i}"
        lines.append(head + "-" * max(0, name_w + data_w + 5 - len(head)))
        for nm, c in zip(names, r):
            lines.append(f" {_pad_right(nm, name_w)} | {_pad_right(c, data_w)} ")
    if not rows:
        lines.append("(0 rows)")
    out = "\n".join(lines) + ("\n" if rows else "")
    if has_more:
        out += f"only showing top {n} row{'s' if n != 1 else ''}"
    return out


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _pad_left(s: str, w: int) -> str:
    return " " * (w - _width(s)) + s


def _pad_right(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def _truncate(s: str, width: int) -> str:
    if len(s) <= width:
        return s
    return s[:width] if width < 4 else s[: width - 3] + "..."


_META = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b", "\v": "\\v", "\a": "\\a"})


def escape_meta(text: str) -> str:
    """Control characters written as escapes (a newline as ``\\n``), so each row stays one line (Spark 4)."""
    return text.translate(_META)


def format_value(v: Any, dt: T.DataType | None, nested: bool = False) -> str:
    """A value as Spark's show() renders it (nulls as NULL, doubles as Java prints them)."""
    if v is None:
        return "NULL"
    if isinstance(dt, T.VariantType) and isinstance(v, dict):
        from engine.types.variant_text import jvm_json

        return jvm_json(v["value"], v["metadata"], _SHOW_ZONE.get())
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(dt, T.YearMonthIntervalType):  # Arrow's MonthDayNano holding whole months
        return interval_sql(int(getattr(v, "months", v)), dt)
    if isinstance(dt, T.FloatType) and isinstance(v, float):
        return java_double(float(np.float32(v)), single=True)
    if isinstance(v, float):
        return java_double(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, datetime.datetime):
        v = v.replace(tzinfo=None)  # already in the session zone (see _in_zone)
        text = v.strftime("%Y-%m-%d %H:%M:%S")
        if v.microsecond:
            text += ("." + f"{v.microsecond:06d}").rstrip("0")
        return text
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.time):  # as CAST(t AS STRING): 06:30:45.887, no trailing zeros
        from engine.expr.display import time_text

        return time_text(v)
    if isinstance(v, (bytes, bytearray)):
        return "[" + " ".join(f"{b:02X}" for b in v) + "]"
    if isinstance(dt, T.MapType) or (isinstance(v, list) and v and isinstance(v[0], tuple) and isinstance(dt, T.MapType)):
        items = v.items() if isinstance(v, dict) else v
        kt = dt.keyType if isinstance(dt, T.MapType) else None
        vt = dt.valueType if isinstance(dt, T.MapType) else None
        return "{" + ", ".join(f"{format_value(k, kt, True)} -> {format_value(x, vt, True)}" for k, x in items) + "}"
    if isinstance(v, list):
        et = dt.elementType if isinstance(dt, T.ArrayType) else None
        return "[" + ", ".join(format_value(x, et, True) for x in v) + "]"
    if isinstance(v, dict):
        fields = dt.fields if isinstance(dt, T.StructType) else [None] * len(v)
        return "{" + ", ".join(format_value(x, f.dataType if f else None, True) for x, f in zip(v.values(), fields)) + "}"
    if isinstance(v, datetime.timedelta):
        return interval_sql(v, dt if isinstance(dt, T.DayTimeIntervalType) else T.DayTimeIntervalType())
    return str(v)


