"""Binary codec functions of ``F``: to_binary / try_to_binary, to_base32 / from_base32 and the
UTF-8 validity checks."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = [
    "to_binary", "try_to_binary", "to_base32", "from_base32",
    "is_valid_utf8", "make_valid_utf8", "validate_utf8", "try_validate_utf8",
]  # fmt: skip


def to_binary(col: ColumnOrName, format: Column | None = None) -> Column:  # noqa: A002
    """`col` as bytes, read as 'hex' (the default), 'utf-8' or 'base64'; malformed input raises
    CONVERSION_INVALID_INPUT."""
    return call("to_binary", col) if format is None else call("to_binary", col, format)


def try_to_binary(col: ColumnOrName, format: Column | None = None) -> Column:  # noqa: A002
    """`to_binary`, null for malformed input or an unknown format."""
    return call("try_to_binary", col) if format is None else call("try_to_binary", col, format)


def to_base32(col: ColumnOrName) -> Column:
    """The bytes of `col` (a string's UTF-8) in padded RFC 4648 base32."""
    return call("to_base32", col)


def from_base32(col: ColumnOrName) -> Column:
    """Base32 text decoded to bytes, leniently (foreign characters skipped, as Spark does)."""
    return call("from_base32", col)


def is_valid_utf8(str: ColumnOrName) -> Column:  # noqa: A002
    """Whether the string or bytes are valid UTF-8."""
    return call("is_valid_utf8", str)


def make_valid_utf8(str: ColumnOrName) -> Column:  # noqa: A002
    """The value as a string, each invalid UTF-8 sequence replaced by U+FFFD."""
    return call("make_valid_utf8", str)


def validate_utf8(str: ColumnOrName) -> Column:  # noqa: A002
    """The value as a string; invalid UTF-8 raises INVALID_UTF8_STRING."""
    return call("validate_utf8", str)


def try_validate_utf8(str: ColumnOrName) -> Column:  # noqa: A002
    """The value as a string, null when it is not valid UTF-8."""
    return call("try_validate_utf8", str)
