"""Spark's variant binary encoding: JSON text or typed Python values to ``(value, metadata)`` bytes
and back.

The format is Spark's (``org.apache.spark.types.variant``), byte for byte, so variant columns
written to Parquet by engine and by Spark read the same in either. ``metadata`` is a version
byte, then a dictionary of object keys; ``value`` is one tagged value: a primitive (null,
booleans, 1/2/4/8-byte integers, double, float, 4/8/16-byte decimals, date, timestamps, binary,
string), a short string, an object (field ids sorted by key, offsets to field values) or an
array (offsets to elements).

Decoded, a variant is a plain Python tree: ``None`` for the variant null, ``bool``, ``int``,
``float`` (a double), `Float32` (a float), ``Decimal``, ``str``, ``bytes``, ``date``,
``datetime`` (UTC-aware for timestamps, naive for timestamp_ntz), ``dict`` (keys in sorted
order, as Spark reads them) and ``list``. Encoding such a tree gives what Spark's
VariantBuilder gives for the same value. Variants are documents, so this is row-wise code.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import struct
from typing import Any

PRIMITIVE, SHORT_STR, OBJECT, ARRAY = 0, 1, 2, 3
NULL, TRUE, FALSE, INT1, INT2, INT4, INT8, DOUBLE = 0, 1, 2, 3, 4, 5, 6, 7
DECIMAL4, DECIMAL8, DECIMAL16, DATE, TIMESTAMP, TIMESTAMP_NTZ, FLOAT, BINARY, LONG_STR = range(8, 17)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_EPOCH_DATE = dt.date(1970, 1, 1)
_EXACT = decimal.Context(prec=100)  # decimals scale without rounding (the default context keeps 28 digits)
EMPTY_METADATA = b"\x01\x00\x00"


class Float32(float):
    """A variant float (4-byte IEEE), kept apart from a double so it encodes back as one."""


class MalformedJson(ValueError):
    """JSON text that is not one valid JSON document (parse_json's MALFORMED_RECORD_IN_PARSING)."""


class DuplicateKey(ValueError):
    """An object that repeats a key (parse_json reports it as a malformed record, as Spark does)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# --------------------------------------------------------------------------- building


def _number(text: str) -> Any:
    """A JSON number as Spark's builder keeps it: an integer that fits a long as an int, plain
    digits (no exponent) within 38 digits of precision and scale as a Decimal, else a double."""
    if all(c.isdigit() or c in "-." for c in text):
        d = decimal.Decimal(text)
        if "." not in text and -(2**63) <= int(d) < 2**63:
            return int(d)
        digits, exponent = len(d.as_tuple().digits), -int(d.as_tuple().exponent)
        if digits <= 38 and exponent <= 38:
            return d
    return float(text)


def _no_constant(name: str) -> Any:
    raise MalformedJson(name)  # NaN / Infinity are not JSON (Jackson refuses them as Spark reads)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise DuplicateKey(k)
        out[k] = v
    return out


def loads_json(text: str) -> Any:
    """The first JSON document of `text` as a variant tree (trailing text after it is ignored,
    as Spark's streaming parser does); MalformedJson when there is none."""
    decoder = json.JSONDecoder(
        parse_float=_number, parse_int=_number, parse_constant=_no_constant, object_pairs_hook=_pairs
    )
    try:
        value, _end = decoder.raw_decode(text, len(text) - len(text.lstrip()))
    except (json.JSONDecodeError, RecursionError) as e:
        raise MalformedJson(text) from e
    return value


def from_parsed_json(v: Any) -> Any:
    """A value another JSON reader parsed (integers as int, other numbers as Decimal, as written)
    as the tree `loads_json` gives for the same text: integers that fit a long, plain decimals of
    up to 38 digits as decimals, anything else (an exponent, more digits) as a double."""
    if isinstance(v, dict):
        return {k: from_parsed_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [from_parsed_json(x) for x in v]
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v if -(2**63) <= v < 2**63 else from_parsed_json(decimal.Decimal(v))
    if isinstance(v, decimal.Decimal):
        digits, exponent = len(v.as_tuple().digits), int(v.as_tuple().exponent)
        if "E" not in str(v) and digits <= 38 and -exponent <= 38:
            return v
        return float(v)
    return v


def parse_json(text: str) -> tuple[bytes, bytes]:
    """JSON text as variant ``(value, metadata)`` bytes."""
    return encode(loads_json(text))


def encode(tree: Any) -> tuple[bytes, bytes]:
    """A variant tree as ``(value, metadata)`` bytes; the key dictionary lists keys in the order
    they are first met, depth first, as Spark's builder does."""
    keys: dict[str, int] = {}
    out = bytearray()
    _append(tree, out, keys)
    return bytes(out), _metadata(list(keys))


def _metadata(keys: list[str]) -> bytes:
    raw = [k.encode("utf-8") for k in keys]
    total = sum(len(k) for k in raw)
    size = _int_size(max(total, len(raw)))
    out = bytearray([1 | ((size - 1) << 6)])
    out += len(raw).to_bytes(size, "little")
    offset = 0
    for k in raw:
        out += offset.to_bytes(size, "little")
        offset += len(k)
    out += offset.to_bytes(size, "little")
    for k in raw:
        out += k
    return bytes(out)


def _int_size(n: int) -> int:
    return 1 if n <= 0xFF else 2 if n <= 0xFFFF else 3


def _header(kind: int) -> bytes:
    return bytes([kind << 2])


def _append(v: Any, out: bytearray, keys: dict[str, int]) -> None:
    if v is None:
        out += _header(NULL)
    elif v is True or v is False:
        out += _header(TRUE if v else FALSE)
    elif isinstance(v, int):
        for kind, width in ((INT1, 1), (INT2, 2), (INT4, 4), (INT8, 8)):
            if -(1 << (8 * width - 1)) <= v < (1 << (8 * width - 1)):
                out += _header(kind) + v.to_bytes(width, "little", signed=True)
                return
        _append(decimal.Decimal(v), out, keys)
    elif isinstance(v, Float32):
        out += _header(FLOAT) + struct.pack("<f", v)
    elif isinstance(v, float):
        out += _header(DOUBLE) + struct.pack("<d", v)
    elif isinstance(v, decimal.Decimal):
        sign, digits, exponent = v.as_tuple()
        scale = max(0, -int(exponent))
        unscaled = int(v.scaleb(scale, _EXACT))
        precision = max(len(digits), scale)
        kind, width = (DECIMAL4, 4) if precision <= 9 else (DECIMAL8, 8) if precision <= 18 else (DECIMAL16, 16)
        out += _header(kind) + bytes([scale]) + unscaled.to_bytes(width, "little", signed=True)
    elif isinstance(v, str):
        raw = v.encode("utf-8")
        if len(raw) <= 0x3F:
            out += bytes([(len(raw) << 2) | SHORT_STR]) + raw
        else:
            out += _header(LONG_STR) + len(raw).to_bytes(4, "little") + raw
    elif isinstance(v, (bytes, bytearray)):
        out += _header(BINARY) + len(v).to_bytes(4, "little") + bytes(v)
    elif isinstance(v, dt.datetime):
        if v.tzinfo is None:
            micros = (v - _EPOCH.replace(tzinfo=None)) // dt.timedelta(microseconds=1)
            out += _header(TIMESTAMP_NTZ) + micros.to_bytes(8, "little", signed=True)
        else:
            micros = (v - _EPOCH) // dt.timedelta(microseconds=1)
            out += _header(TIMESTAMP) + micros.to_bytes(8, "little", signed=True)
    elif isinstance(v, dt.date):
        out += _header(DATE) + (v - _EPOCH_DATE).days.to_bytes(4, "little", signed=True)
    elif isinstance(v, dict):
        _append_object(v, out, keys)
    elif isinstance(v, (list, tuple)):
        _append_array(list(v), out, keys)
    else:
        msg = f"a {type(v).__name__} cannot be stored in a variant"
        raise TypeError(msg)


def _append_array(items: list[Any], out: bytearray, keys: dict[str, int]) -> None:
    data = bytearray()
    offsets = []
    for item in items:
        offsets.append(len(data))
        _append(item, data, keys)
    large = len(items) > 0xFF
    size = _int_size(len(data))
    out.append((int(large) << 4) | ((size - 1) << 2) | ARRAY)
    out += len(items).to_bytes(4 if large else 1, "little")
    for off in offsets:
        out += off.to_bytes(size, "little")
    out += len(data).to_bytes(size, "little")
    out += data


def _append_object(fields: dict[str, Any], out: bytearray, keys: dict[str, int]) -> None:
    """Field values in the object's own order, their ids and offsets sorted by key (Spark's layout)."""
    data = bytearray()
    entries = []
    for k, item in fields.items():
        fid = keys.setdefault(k, len(keys))
        entries.append((k, fid, len(data)))
        _append(item, data, keys)
    entries.sort(key=lambda e: e[0])
    large = len(entries) > 0xFF
    id_size = _int_size(max((e[1] for e in entries), default=0))
    size = _int_size(len(data))
    out.append((int(large) << 6) | ((id_size - 1) << 4) | ((size - 1) << 2) | OBJECT)
    out += len(entries).to_bytes(4 if large else 1, "little")
    for _k, fid, _off in entries:
        out += fid.to_bytes(id_size, "little")
    for _k, _fid, off in entries:
        out += off.to_bytes(size, "little")
    out += len(data).to_bytes(size, "little")
    out += data


# --------------------------------------------------------------------------- reading


class Malformed(ValueError):
    """Bytes that are not a valid variant (Spark's MALFORMED_VARIANT)."""


def _uint(b: bytes, pos: int, n: int) -> int:
    if pos + n > len(b):
        raise Malformed("truncated variant")
    return int.from_bytes(b[pos : pos + n], "little")


def _key(metadata: bytes, fid: int) -> str:
    if not metadata or metadata[0] & 0x0F != 1:
        raise Malformed("unsupported variant metadata version")
    size = ((metadata[0] >> 6) & 0x3) + 1
    count = _uint(metadata, 1, size)
    if fid >= count:
        raise Malformed("variant key id out of range")
    start = 1 + size * (count + 2)
    lo, hi = _uint(metadata, 1 + size * (fid + 1), size), _uint(metadata, 1 + size * (fid + 2), size)
    return metadata[start + lo : start + hi].decode("utf-8")


def kind(value: bytes, pos: int = 0) -> tuple[int, int]:
    """(basic type, type info) of the value at `pos`."""
    if pos >= len(value):
        raise Malformed("truncated variant")
    return value[pos] & 0x3, value[pos] >> 2


def object_fields(value: bytes, metadata: bytes, pos: int = 0) -> list[tuple[str, int]]:
    """(key, value position) of each field of the object at `pos`, in key order."""
    info = value[pos] >> 2
    large = (info >> 4) & 1
    id_size, off_size = ((info >> 2) & 3) + 1, (info & 3) + 1
    n = _uint(value, pos + 1, 4 if large else 1)
    ids = pos + 1 + (4 if large else 1)
    offs = ids + n * id_size
    data = offs + (n + 1) * off_size
    return [
        (_key(metadata, _uint(value, ids + i * id_size, id_size)), data + _uint(value, offs + i * off_size, off_size))
        for i in range(n)
    ]


def array_items(value: bytes, pos: int = 0) -> list[int]:
    """The value position of each element of the array at `pos`."""
    info = value[pos] >> 2
    large = (info >> 2) & 1
    off_size = (info & 3) + 1
    n = _uint(value, pos + 1, 4 if large else 1)
    offs = pos + 1 + (4 if large else 1)
    data = offs + (n + 1) * off_size
    return [data + _uint(value, offs + i * off_size, off_size) for i in range(n)]


def decode(value: bytes, metadata: bytes, pos: int = 0) -> Any:
    """The variant at `pos` as a Python tree (see the module docstring)."""
    basic, info = kind(value, pos)
    if basic == SHORT_STR:
        return value[pos + 1 : pos + 1 + info].decode("utf-8")
    if basic == OBJECT:
        return {k: decode(value, metadata, p) for k, p in object_fields(value, metadata, pos)}
    if basic == ARRAY:
        return [decode(value, metadata, p) for p in array_items(value, pos)]
    return _primitive(value, pos + 1, info)


def _primitive(value: bytes, p: int, info: int) -> Any:
    if info == NULL:
        return None
    if info in (TRUE, FALSE):
        return info == TRUE
    if INT1 <= info <= INT8:
        width = 1 << (info - INT1)
        return int.from_bytes(value[p : p + width], "little", signed=True)
    if info == DOUBLE:
        return struct.unpack_from("<d", value, p)[0]
    if info == FLOAT:
        return Float32(struct.unpack_from("<f", value, p)[0])
    if info in (DECIMAL4, DECIMAL8, DECIMAL16):
        width = {DECIMAL4: 4, DECIMAL8: 8, DECIMAL16: 16}[info]
        unscaled = int.from_bytes(value[p + 1 : p + 1 + width], "little", signed=True)
        return decimal.Decimal(unscaled).scaleb(-value[p], _EXACT)
    if info == DATE:
        return _EPOCH_DATE + dt.timedelta(days=int.from_bytes(value[p : p + 4], "little", signed=True))
    if info in (TIMESTAMP, TIMESTAMP_NTZ):
        at = _EPOCH + dt.timedelta(microseconds=int.from_bytes(value[p : p + 8], "little", signed=True))
        return at if info == TIMESTAMP else at.replace(tzinfo=None)
    if info in (BINARY, LONG_STR):
        n = _uint(value, p, 4)
        raw = value[p + 4 : p + 4 + n]
        return bytes(raw) if info == BINARY else raw.decode("utf-8")
    msg = f"unknown variant primitive type {info}"
    raise Malformed(msg)


def slice_value(value: bytes, pos: int) -> bytes:
    """The bytes of the value at `pos` alone (its metadata unchanged), as variant_explode gives."""
    return value[pos : pos + value_size(value, pos)]


def value_size(value: bytes, pos: int) -> int:
    """How many bytes the value at `pos` takes."""
    basic, info = kind(value, pos)
    if basic == SHORT_STR:
        return 1 + info
    if basic in (OBJECT, ARRAY):
        large = (info >> (4 if basic == OBJECT else 2)) & 1
        n = _uint(value, pos + 1, 4 if large else 1)
        off_size = (info & 3) + 1
        ids = n * (((info >> 2) & 3) + 1) if basic == OBJECT else 0
        offs = pos + 1 + (4 if large else 1) + ids
        return offs - pos + (n + 1) * off_size + _uint(value, offs + n * off_size, off_size)
    if info in (BINARY, LONG_STR):
        return 5 + _uint(value, pos + 1, 4)
    fixed = {INT1: 1, INT2: 2, INT4: 4, INT8: 8, DOUBLE: 8, FLOAT: 4, DECIMAL4: 5, DECIMAL8: 9, DECIMAL16: 17}
    return 1 + fixed.get(info, {DATE: 4, TIMESTAMP: 8, TIMESTAMP_NTZ: 8}.get(info, 0))
