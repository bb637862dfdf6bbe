"""URL functions of ``F``: parse_url / try_parse_url, url_encode, url_decode / try_url_decode."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["parse_url", "try_parse_url", "url_encode", "url_decode", "try_url_decode"]


def parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key: ColumnOrName | None = None) -> Column:  # noqa: N803
    """A part of `url` (HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO), or the
    value of query parameter `key`; an invalid URL raises INVALID_URL (ANSI)."""
    return call("parse_url", url, partToExtract) if key is None else call("parse_url", url, partToExtract, key)


def try_parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key: ColumnOrName | None = None) -> Column:  # noqa: N803
    """`parse_url`, null for an invalid URL."""
    args = (url, partToExtract) if key is None else (url, partToExtract, key)
    return call("try_parse_url", *args)


def url_encode(str: ColumnOrName) -> Column:  # noqa: A002
    """`str` in application/x-www-form-urlencoded form (Java's URLEncoder, UTF-8)."""
    return call("url_encode", str)


def url_decode(str: ColumnOrName) -> Column:  # noqa: A002
    """`str` decoded from application/x-www-form-urlencoded form; malformed input raises CANNOT_DECODE_URL."""
    return call("url_decode", str)


def try_url_decode(str: ColumnOrName) -> Column:  # noqa: A002
    """`url_decode`, null for malformed input."""
    return call("try_url_decode", str)
