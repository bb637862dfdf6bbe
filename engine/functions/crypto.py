"""Cryptographic functions of ``F``: hmac, aes_encrypt, aes_decrypt, try_aes_decrypt."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call
from engine.functions.core import lit

__all__ = ["hmac", "aes_encrypt", "aes_decrypt", "try_aes_decrypt"]


def _given(*cols: ColumnOrName | None) -> list[ColumnOrName]:
    """The arguments up to the last one given (PySpark fills a gap before a given one)."""
    defaults = ("GCM", "DEFAULT", "", "")
    last = max((i for i, c in enumerate(cols) if c is not None), default=-1)
    return [lit(defaults[i - 2]) if c is None else c for i, c in enumerate(cols[: last + 1])]


def hmac(key: ColumnOrName, message: ColumnOrName, algorithm: ColumnOrName | None = None) -> Column:
    """The HMAC of `message` under `key`: 'SHA-256' (default), 'SHA-1', 'SHA-224/384/512' or 'MD5'."""
    return call("hmac", key, message) if algorithm is None else call("hmac", key, message, algorithm)


def aes_encrypt(
    input: ColumnOrName,  # noqa: A002
    key: ColumnOrName,
    mode: ColumnOrName | None = None,
    padding: ColumnOrName | None = None,
    iv: ColumnOrName | None = None,
    aad: ColumnOrName | None = None,
) -> Column:
    """`input` encrypted with AES under a 16, 24 or 32-byte key: 'GCM' (default), 'CBC' or 'ECB';
    the output decrypts with Spark's aes_decrypt."""
    return call("aes_encrypt", *_given(input, key, mode, padding, iv, aad))


def aes_decrypt(
    input: ColumnOrName,  # noqa: A002
    key: ColumnOrName,
    mode: ColumnOrName | None = None,
    padding: ColumnOrName | None = None,
    aad: ColumnOrName | None = None,
) -> Column:
    """`input` decrypted (the inverse of aes_encrypt); bad input raises AES_CRYPTO_ERROR."""
    return call("aes_decrypt", *_given(input, key, mode, padding, aad))


def try_aes_decrypt(
    input: ColumnOrName,  # noqa: A002
    key: ColumnOrName,
    mode: ColumnOrName | None = None,
    padding: ColumnOrName | None = None,
    aad: ColumnOrName | None = None,
) -> Column:
    """`aes_decrypt`, null where decryption fails."""
    return call("try_aes_decrypt", *_given(input, key, mode, padding, aad))
