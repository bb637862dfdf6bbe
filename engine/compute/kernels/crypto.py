"""Kernels of hmac and AES (aes_encrypt, aes_decrypt, try_aes_decrypt), byte-compatible with Spark.

Spark's layouts: GCM output is the 12-byte IV, the ciphertext and the 16-byte tag; CBC output
is the 16-byte IV then the PKCS#5-padded ciphertext; ECB is the padded ciphertext alone. A
missing IV is drawn at random, so what engine encrypts Spark decrypts and the other way round.
Cryptography is per-value work by nature: one library call per row, nulls passed through.
"""

from __future__ import annotations

import hashlib
import hmac as std_hmac
import os
from collections.abc import Callable

import pyarrow as pa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import padding as pad
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call

# Spark accepts each name with or without its dash, in any case.
_HMAC_DIGESTS = {"MD5": hashlib.md5, "SHA1": hashlib.sha1, "SHA224": hashlib.sha224, "SHA256": hashlib.sha256,
                 "SHA384": hashlib.sha384, "SHA512": hashlib.sha512}  # fmt: skip
# Each mode and the paddings it takes (DEFAULT is PKCS for ECB/CBC, NONE for GCM).
_PADDINGS = {"ECB": ("DEFAULT", "PKCS"), "CBC": ("DEFAULT", "PKCS"), "GCM": ("DEFAULT", "NONE")}
_IV_BYTES = {"CBC": 16, "GCM": 12}


def _rows(args: list[Value], defaults: tuple[object, ...]) -> tuple[list[tuple[object, ...]], bool]:
    """Each row's argument values, omitted trailing arguments filled with `defaults`."""
    arrays, scalar = broadcast(args)
    columns = [a.to_pylist() for a in arrays]
    n = len(columns[0])
    columns += [[d] * n for d in defaults[len(args) :]]
    return list(zip(*columns)), scalar


def _per_row(rows: list[tuple[object, ...]], fn: Callable[..., bytes | None]) -> pa.Array:
    return pa.array([None if any(v is None for v in r) else fn(*r) for r in rows], pa.binary())


def _crypto_error(param: str, function: str, detail: str, kind: str = "AES") -> SparkRuntimeException:
    cls = f"INVALID_PARAMETER_VALUE.{kind}_CRYPTO_ERROR"
    return SparkRuntimeException(
        f"[{cls}] The value of parameter(s) {param} in {function} is invalid: detail message: {detail} SQLSTATE: 22023",
        cls,
        {"parameter": param, "functionName": function, "detailMessage": detail},
    )


@kernel("hmac")
def _hmac(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """HMAC of the message under the key with SHA-256 (default), SHA-1, SHA-224/384/512 or MD5."""
    rows, scalar = _rows(args, (None, None, "SHA-256"))

    def one(key: bytes, message: bytes, algorithm: str) -> bytes:
        digest = _HMAC_DIGESTS.get(algorithm.upper().replace("-", ""))
        if digest is None:
            raise SparkRuntimeException(
                "[INVALID_PARAMETER_VALUE.HMAC_ALGORITHM] The value of parameter(s) `algorithm` in `hmac` is invalid: "
                "expects one of the algorithms 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA-1', 'MD5', "
                f"but got '{algorithm}'. SQLSTATE: 22023",
                "INVALID_PARAMETER_VALUE.HMAC_ALGORITHM",
                {"parameter": "`algorithm`", "functionName": "`hmac`", "invalidValue": f"'{algorithm}'"},
            )
        if not key:
            raise _crypto_error("`key`", "`hmac`", "Empty key", "HMAC")
        return std_hmac.new(key, message, digest).digest()

    return finish(_per_row(rows, one), scalar)


def _aes_error(cls: str, message: str, **params: str) -> SparkRuntimeException:
    return SparkRuntimeException(f"[{cls}] {message}", cls, params)


def _check(mode: str, padding: str, key: bytes, function: str) -> None:
    """Spark's checks of the key length and of the mode/padding pair."""
    if len(key) not in (16, 24, 32):
        raise _aes_error(
            "INVALID_PARAMETER_VALUE.AES_KEY_LENGTH",
            "The value of parameter(s) `key` in `aes_encrypt`/`aes_decrypt` is invalid: expects a binary value "
            f"with 16, 24 or 32 bytes, but got {len(key)} bytes. SQLSTATE: 22023",
            parameter="`key`", actualLength=str(len(key)),
        )  # fmt: skip
    if padding not in _PADDINGS.get(mode, ()):
        raise _aes_error(
            "UNSUPPORTED_FEATURE.AES_MODE",
            f"The feature is not supported: AES-{mode} with the padding {padding} by the `aes_encrypt`/`aes_decrypt` "
            "function. SQLSTATE: 0A000",
            mode=mode, padding=padding, functionName=function,
        )  # fmt: skip


def encrypt(data: bytes, key: bytes, mode: str, padding: str, iv: bytes, aad: bytes) -> bytes:
    """One value encrypted as Spark's ExpressionImplUtils.aesEncrypt does."""
    mode, padding = mode.upper(), padding.upper()
    _check(mode, padding, key, "`aes_encrypt`")
    if iv and mode == "ECB":
        raise _aes_error(
            "UNSUPPORTED_FEATURE.AES_MODE_IV",
            "The feature is not supported: `aes_encrypt` with AES-ECB does not support initialization vectors "
            "(IVs). SQLSTATE: 0A000",
            mode=mode, functionName="`aes_encrypt`",
        )  # fmt: skip
    if aad and mode != "GCM":
        raise _aes_error(
            "UNSUPPORTED_FEATURE.AES_MODE_AAD",
            f"The feature is not supported: `aes_encrypt` with AES-{mode} does not support additional authenticate "
            "data (AAD). SQLSTATE: 0A000",
            mode=mode, functionName="`aes_encrypt`",
        )  # fmt: skip
    if iv and len(iv) != _IV_BYTES[mode]:
        raise _aes_error(
            "INVALID_PARAMETER_VALUE.AES_IV_LENGTH",
            "The value of parameter(s) `iv` in `aes_encrypt`/`aes_decrypt` is invalid: supports 16-byte CBC IVs "
            f"and 12-byte GCM IVs, but got {len(iv)} bytes for {mode}. SQLSTATE: 22023",
            parameter="`iv`", mode=mode, actualLength=str(len(iv)),
        )  # fmt: skip
    if mode == "GCM":
        iv = iv or os.urandom(12)
        return iv + AESGCM(key).encrypt(iv, data, aad or None)
    padder = pad.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    if mode == "ECB":
        enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
        return enc.update(padded) + enc.finalize()
    iv = iv or os.urandom(16)
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return iv + enc.update(padded) + enc.finalize()


def decrypt(data: bytes, key: bytes, mode: str, padding: str, aad: bytes) -> bytes:
    """One value decrypted as Spark's ExpressionImplUtils.aesDecrypt does; bad input raises
    AES_CRYPTO_ERROR with the detail Java's cipher gives."""
    mode, padding = mode.upper(), padding.upper()
    _check(mode, padding, key, "`aes_decrypt`")
    if aad and mode != "GCM":
        raise _aes_error(
            "UNSUPPORTED_FEATURE.AES_MODE_AAD",
            f"The feature is not supported: `aes_decrypt` with AES-{mode} does not support additional authenticate "
            "data (AAD). SQLSTATE: 0A000",
            mode=mode, functionName="`aes_decrypt`",
        )  # fmt: skip
    param = "`expr`, `key`"
    where = "`aes_encrypt`/`aes_decrypt`"
    if mode == "GCM":
        if len(data) < 12 + 16:
            raise _crypto_error(param, where, "Invalid buffer arguments")
        try:
            return AESGCM(key).decrypt(data[:12], data[12:], aad or None)
        except InvalidTag:
            raise _crypto_error(param, where, "Tag mismatch!") from None
    body, cipher_mode = (
        (data, modes.ECB()) if mode == "ECB" else (data[16:], modes.CBC(data[:16].ljust(16, b"\0")))
    )
    if len(body) % 16 or not body:
        raise _crypto_error(
            param, where, "Input length must be multiple of 16 when decrypting with padded cipher"
        )
    dec = Cipher(algorithms.AES(key), cipher_mode).decryptor()
    plain = dec.update(body) + dec.finalize()
    unpadder = pad.PKCS7(128).unpadder()
    try:
        return unpadder.update(plain) + unpadder.finalize()
    except ValueError:
        raise _crypto_error(
            param, where,
            "Given final block not properly padded. Such issues can arise if a bad key is used during decryption.",
        ) from None  # fmt: skip


@kernel("aes_encrypt")
def _aes_encrypt(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    rows, scalar = _rows(args, (None, None, "GCM", "DEFAULT", b"", b""))
    return finish(_per_row(rows, encrypt), scalar)


@kernel("aes_decrypt", "try_aes_decrypt")
def _aes_decrypt(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """aes_decrypt raises on a bad key, mode or input; try_aes_decrypt answers null instead."""
    rows, scalar = _rows(args, (None, None, "GCM", "DEFAULT", b""))
    if call.name == "aes_decrypt":
        return finish(_per_row(rows, decrypt), scalar)

    def lenient(*row: object) -> bytes | None:
        try:
            return decrypt(*row)  # type: ignore[arg-type]
        except SparkRuntimeException:
            return None

    return finish(_per_row(rows, lenient), scalar)
