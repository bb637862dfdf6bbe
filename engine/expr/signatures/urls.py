"""Type rules of the URL functions: parse_url / try_parse_url, url_encode, url_decode / try_url_decode."""

from __future__ import annotations

from engine import types as T
from engine.expr.signatures.strings import fixed, register_all

S = T.StringType()

register_all(["parse_url", "try_parse_url"], fixed(S, S, S, S, nullable=True), 2, 3)
register_all(["url_encode"], fixed(S, S, nullable=True), 1, 1)
register_all(["url_decode"], fixed(S, S, nullable=True), 1, 1)
register_all(["try_url_decode"], fixed(S, S, nullable=True), 1, 1)
