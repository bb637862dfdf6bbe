"""Type rules of hmac, aes_encrypt, aes_decrypt and try_aes_decrypt.

Spark names each call with its defaults filled in: ``hmac(k, m, SHA-256)``,
``aes_encrypt(s, k, GCM, DEFAULT, , )``, ``aes_decrypt(b, k, GCM, DEFAULT, )``.
"""

from __future__ import annotations

from collections.abc import Callable

from engine import types as T
from engine.expr.signatures.strings import fixed, register_all

S = T.StringType()
BIN = T.BinaryType()


def _with_defaults(*defaults: str) -> Callable[[str, list[str]], str]:
    """Name a call as Spark does: omitted trailing arguments shown as their defaults."""

    def pretty(name: str, args: list[str]) -> str:
        return f"{name}({', '.join(args + list(defaults[len(args) - 2 :]))})"

    return pretty


register_all(["hmac"], fixed(BIN, BIN, BIN, S), 2, 3, pretty=_with_defaults("SHA-256"))
register_all(
    ["aes_encrypt"],
    fixed(BIN, BIN, BIN, S, S, BIN, BIN),
    2,
    6,
    pretty=_with_defaults("GCM", "DEFAULT", "", ""),
)
register_all(
    ["aes_decrypt", "try_aes_decrypt"],
    fixed(BIN, BIN, BIN, S, S, BIN),
    2,
    5,
    pretty=_with_defaults("GCM", "DEFAULT", ""),
)
