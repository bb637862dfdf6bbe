"""encode/decode between strings and bytes in the charsets Spark 4 accepts, with its errors.

UTF-8 stays vectorized (Arrow strings are UTF-8 already; decoding only validates). The other
charsets have no Arrow kernel, so their values go through Python's codecs one by one, the
row-wise exception the style guide allows; they are rarely used.
"""

from __future__ import annotations

import pyarrow as pa

from engine.compute.kernels import Value
from engine.compute.kernels._util import broadcast, finish
from engine.errors import IllegalArgumentException, SparkRuntimeException

# Spark's CharsetProvider list; names are matched case-insensitively and nothing else ('utf8',
# 'latin1') is accepted.
CHARSETS = ("iso-8859-1", "us-ascii", "utf-16", "utf-16be", "utf-16le", "utf-32", "utf-8")


def charset_of(v: Value, function: str) -> str:
    """The lower-cased charset a constant argument names, or INVALID_PARAMETER_VALUE.CHARSET."""
    if not isinstance(v, pa.Scalar) or not v.is_valid:
        raise IllegalArgumentException("The charset must be a constant string.")
    name = str(v.as_py())
    if name.lower() not in CHARSETS:
        raise IllegalArgumentException(
            f"[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) `charset` in `{function}` is invalid: "
            f"expects one of the {', '.join(CHARSETS)}, but got {name}.",
            "INVALID_PARAMETER_VALUE.CHARSET",
            {"parameter": "`charset`", "functionName": f"`{function}`", "charsets": ", ".join(CHARSETS), "charset": name},
        )
    return name.lower()


def _malformed(function: str, charset: str) -> SparkRuntimeException:
    return SparkRuntimeException(
        f"[MALFORMED_CHARACTER_CODING] Invalid value found when performing `{function}` with {charset.upper()}",
        "MALFORMED_CHARACTER_CODING",
        {"function": f"`{function}`", "charset": charset.upper()},
    )


def _java_encode(text: str, charset: str) -> bytes:
    """As Java encodes: UTF-16 big-endian after a byte-order mark, UTF-32 big-endian without one."""
    if charset == "utf-16":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode("utf-32-be" if charset == "utf-32" else charset)


def _java_decode(data: bytes, charset: str) -> str:
    """As Java decodes: UTF-16/UTF-32 follow a byte-order mark if there is one, else big-endian."""
    if charset == "utf-16":
        return data.decode("utf-16" if data[:2] in (b"\xfe\xff", b"\xff\xfe") else "utf-16-be")
    if charset == "utf-32":
        return data.decode("utf-32" if data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") else "utf-32-be")
    return data.decode(charset)


def encode(values: Value, charset: str) -> Value:
    """The bytes of each string in `charset`; a character it cannot hold is MALFORMED_CHARACTER_CODING."""
    (s,), scalar = broadcast([values])
    if charset == "utf-8":
        return finish(s.cast(pa.binary()), scalar)
    try:
        out = [None if t is None else _java_encode(t, charset) for t in s.to_pylist()]
    except UnicodeError as e:
        raise _malformed("encode", charset) from e
    return finish(pa.array(out, pa.binary()), scalar)


def decode(values: Value, charset: str) -> Value:
    """The text of each value's bytes in `charset`; bytes that are not valid there are
    MALFORMED_CHARACTER_CODING."""
    (b,), scalar = broadcast([values])
    if charset == "utf-8":
        try:
            return finish(b.cast(pa.binary()).cast(pa.string()), scalar)
        except pa.ArrowInvalid as e:
            raise _malformed("decode", charset) from e
    try:
        out = [None if x is None else _java_decode(x, charset) for x in b.cast(pa.binary()).to_pylist()]
    except UnicodeError as e:
        raise _malformed("decode", charset) from e
    return finish(pa.array(out, pa.string()), scalar)
