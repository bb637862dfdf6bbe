"""Variants as JSON text, in the two flavours Spark has: the JVM's (``to_json``, ``CAST(v AS
STRING)`` of documents, ``show()``) and PySpark's ``VariantVal.toJson`` (Python's own number and
date formatting)."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
from typing import Any
from zoneinfo import ZoneInfo

from engine.types.java_text import java_double
from engine.types.variant_codec import Float32, decode


def jvm_json(value: bytes, metadata: bytes, zone: str = "UTC") -> str:
    """A variant as Spark's JVM writes it: doubles as Java prints them (``1.0E20``), decimals
    without trailing zeros, timestamps in `zone` as ``"2024-01-02 03:04:05+00:00"``."""
    return jvm_tree_json(decode(value, metadata), zone)


def jvm_tree_json(v: Any, zone: str = "UTC") -> str:
    """A decoded variant tree as the JVM writes it (see `jvm_json`)."""
    if isinstance(v, dict):
        return "{" + ",".join(_quote(k) + ":" + jvm_tree_json(x, zone) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(jvm_tree_json(x, zone) for x in v) + "]"
    if isinstance(v, str):
        return _quote(v)
    if isinstance(v, (dt.date, bytes)):
        return '"' + jvm_scalar_text(v, zone) + '"'
    return jvm_scalar_text(v, zone)


def jvm_scalar_text(v: Any, zone: str = "UTC", offset: bool = True) -> str:
    """A scalar of a variant unquoted, as the JVM prints it (a timestamp with its zone offset
    unless `offset` is False, as ``CAST(v AS STRING)`` prints it)."""
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return java_double(v, single=isinstance(v, Float32))
    if isinstance(v, decimal.Decimal):
        text = format(v, "f")  # BigDecimal.stripTrailingZeros().toPlainString(), exactly
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(v, bytes):
        return base64.b64encode(v).decode("ascii")
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(ZoneInfo(zone))
        text = v.strftime("%Y-%m-%d %H:%M:%S")
        if v.microsecond:
            text += ("." + f"{v.microsecond:06d}").rstrip("0")
        if v.tzinfo is not None and offset:
            off = v.utcoffset() or dt.timedelta(0)
            sign = "-" if off < dt.timedelta(0) else "+"
            minutes = abs(int(off.total_seconds())) // 60
            text += f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        return text
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _quote(s: str) -> str:
    """A string as Jackson quotes it (non-ASCII kept, control characters escaped)."""
    return json.dumps(s, ensure_ascii=False)


def python_json(value: bytes, metadata: bytes, zone: str = "UTC") -> str:
    """A variant as PySpark's ``VariantVal.toJson(zone)`` writes it (Python's ``str`` of numbers
    and dates, ASCII-escaped strings)."""
    return _python_json(decode(value, metadata), zone)


def _python_json(v: Any, zone: str) -> str:
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + _python_json(x, zone) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_python_json(x, zone) for x in v) + "]"
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, bytes):
        return '"' + base64.b64encode(v).decode("utf-8") + '"'
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return '"' + str(v.astimezone(ZoneInfo(zone))) + '"'
    if isinstance(v, dt.date):
        return '"' + str(v) + '"'
    if isinstance(v, Float32):
        return str(float(v))
    return str(v)
