"""XML records read into the values of a schema, as Spark's StaxXmlParser reads them.

A record is one element; its attributes fill ``<attributePrefix><name>`` fields, its child
elements fill fields of their name (case-blind; the last wins unless the field is an array),
its text fills the ``<valueTag>`` field, and child elements no field names go to the
wildcard column (``xs_any``) when the schema has one. A text that does not parse as its field's type makes
the whole record malformed (`MalformedXml`), so the caller applies the parse mode.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import zoneinfo
from typing import Any

from lxml import etree

from engine import types as T
from engine.expr.xml_parse import (
    MalformedXml,
    XmlOptions,
    attributes,
    parse_row,
    strptime_format,
    tag_name,
)
from engine.types.variant_codec import encode

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?")
_INT_RANGE = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}
_SCALARS = frozenset(
    [*_INT_RANGE, T.StringType, T.DoubleType, T.FloatType, T.BooleanType, T.DecimalType, T.DateType, T.TimestampType]
)
_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)


def record_value(el: etree._Element, schema: T.StructType, opts: XmlOptions) -> dict[str, Any]:
    """The record element as a dict of `schema`'s fields. A value that does not fit raises
    MalformedXml carrying, as ``partial``, the fields read before it (Spark keeps those: an
    array keeps its elements read so far, the fields after it stay null)."""
    out: dict[str, Any] = {f.name: None for f in schema.fields}
    try:
        _fill(el, schema, opts, out)
    except MalformedXml as e:
        e.partial = out  # type: ignore[attr-defined]
        raise
    return out


def _struct(el: etree._Element, schema: T.StructType, opts: XmlOptions) -> dict[str, Any]:
    out: dict[str, Any] = {f.name: None for f in schema.fields}
    _fill(el, schema, opts, out)
    return out


_LOOKUPS: dict[tuple[int, str, str], tuple[T.StructType, dict[str, T.StructField]]] = {}


def _lookup(schema: T.StructType, opts: XmlOptions) -> dict[str, T.StructField]:
    """`schema`'s fields by lower-cased name, built once per struct type rather than per element."""
    key = (id(schema), opts.attribute_prefix, opts.value_tag)
    hit = _LOOKUPS.get(key)
    if hit is None or hit[0] is not schema:
        if len(_LOOKUPS) > 1024:
            _LOOKUPS.clear()
        hit = _LOOKUPS[key] = (schema, {f.name.lower(): f for f in schema.fields})
    return hit[1]


def _fill(el: etree._Element, schema: T.StructType, opts: XmlOptions, out: dict[str, Any]) -> None:
    """Sets `out`'s fields from the element in document order: attributes, children, text."""
    by_name = _lookup(schema, opts)
    if not opts.exclude_attribute and (el.attrib or el.nsmap):
        for name, text in attributes(el, opts.ignore_namespace):
            f = by_name.get((opts.attribute_prefix + name).lower())
            if f is not None:
                out[f.name] = _leaf(text, f.dataType, opts)
    wildcard = by_name.get(opts.wildcard_column.lower())
    for child in el:
        f = by_name.get(tag_name(child, opts.ignore_namespace).lower(), wildcard)
        if f is None:
            continue
        if isinstance(f.dataType, T.ArrayType):
            item = _field(child, f.dataType.elementType, opts)  # before the list exists: a bad
            if out[f.name] is None:  # first element leaves the field null, as in Spark
                out[f.name] = [item]
            else:
                out[f.name].append(item)
        else:
            out[f.name] = _field(child, f.dataType, opts)
    value_field = by_name.get(opts.value_tag.lower())
    if value_field is not None:
        texts = [t for t in [el.text, *(c.tail for c in el)] if t is not None and t.strip()]
        if texts:
            out[value_field.name] = _leaf("".join(texts), value_field.dataType, opts)


def _field(el: etree._Element, dtype: T.DataType, opts: XmlOptions) -> Any:
    """One child element as a value of `dtype`."""
    if type(dtype) in _SCALARS and not len(el):
        return _leaf(el.text or "", dtype, opts)
    if isinstance(dtype, T.StructType):
        return _struct(el, dtype, opts)
    if isinstance(dtype, T.VariantType):  # the element as a document, in the variant's Arrow form
        value, metadata = encode(variant_tree(el, opts))
        return {"value": value, "metadata": metadata}
    if isinstance(dtype, T.MapType):  # child elements (and then attributes) as entries, the last of a key wins
        if not len(el):
            return None
        entries = {opts.attribute_prefix + k: _leaf(v, dtype.valueType, opts) for k, v in attributes(el, opts.ignore_namespace)}
        for c in el:
            entries[tag_name(c, opts.ignore_namespace)] = _field(c, dtype.valueType, opts)
        return list(entries.items())
    if isinstance(dtype, T.ArrayType):  # an array inside an array: the element's children
        return [_field(c, dtype.elementType, opts) for c in el]
    if len(el) and isinstance(dtype, T.StringType):  # child elements read into a string: their XML
        inner = (el.text or "") + "".join(etree.tostring(c, encoding="unicode", with_tail=True) for c in el)
        return inner.strip() if opts.ignore_spaces else inner
    if len(el):
        raise MalformedXml(f"<{tag_name(el)}> holds elements, not a {dtype.simpleString()}")
    return _leaf(el.text or "", dtype, opts)


def _leaf(text: str, dtype: T.DataType, opts: XmlOptions) -> Any:
    """One text value as `dtype` (null for the nullValue, and for empty text unless a string)."""
    value = text.strip() if opts.ignore_spaces else text
    if opts.null_value is not None and value == opts.null_value:
        return None
    if isinstance(dtype, T.StringType):
        return value
    if value == "":
        return None
    try:
        return _parse(value, dtype, opts)
    except (ValueError, ArithmeticError, decimal.InvalidOperation) as e:
        raise MalformedXml(f"'{value}' is not a {dtype.simpleString()}") from e


def _parse(value: str, dtype: T.DataType, opts: XmlOptions) -> Any:
    bits = _INT_RANGE.get(type(dtype))
    if bits is not None:
        if not _INT.fullmatch(value) or not -(2 ** (bits - 1)) <= int(value) < 2 ** (bits - 1):
            raise ValueError(value)
        return int(value)
    if isinstance(dtype, T.DoubleType | T.FloatType):
        if not _FLOAT.fullmatch(value):
            raise ValueError(value)
        return float(value.rstrip("fFdD"))
    if isinstance(dtype, T.BooleanType):
        if value.lower() not in ("true", "false"):
            raise ValueError(value)
        return value.lower() == "true"
    if isinstance(dtype, T.DecimalType):
        d = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-dtype.scale), decimal.ROUND_HALF_UP)
        if len(d.as_tuple().digits) > dtype.precision and d != 0:
            raise ValueError(value)
        return d
    if isinstance(dtype, T.DateType):
        if opts.date_format:
            return dt.datetime.strptime(value, strptime_format(opts.date_format)).date()
        return _timestamp(value, None).date()
    if isinstance(dtype, T.TimestampNTZType | T.TimestampType):
        zone = opts.time_zone if isinstance(dtype, T.TimestampType) else None
        if opts.timestamp_format:
            when = dt.datetime.strptime(value, strptime_format(opts.timestamp_format))
            return when if when.tzinfo or zone is None else when.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        when = _timestamp(value, zone)
        return when if zone else when.replace(tzinfo=None)
    msg = f"XML values cannot be read as {dtype.simpleString()}"  # binary too: Spark reads none
    raise ValueError(msg)


def _timestamp(value: str, zone: str | None) -> dt.datetime:
    """A date or timestamp text (``2020-01-01``, ``2020-01-01 10:00:00``, ``...T10:00:00Z``);
    one without an offset is a wall-clock time in `zone` (kept naive when zone is None)."""
    m = _TIME.fullmatch(value)
    if m is None:
        raise ValueError(value)
    y, mo, d, h, mi, s, frac, off = m.groups()
    micros = int((frac or "0")[:6].ljust(6, "0"))
    when = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), micros)
    if off:
        sign = -1 if off.startswith("-") else 1
        digits = off[1:].replace(":", "") if off != "Z" else "0000"
        delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        return when.replace(tzinfo=dt.timezone(sign * delta))
    if zone is None:
        return when
    return when.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def records_values(texts: list[str | None], schema: T.StructType, opts: XmlOptions) -> list[dict[str, Any] | None]:
    """Every record text as a dict of `schema` (None for a null text) under the parse mode:
    PERMISSIVE gives a malformed record the fields read before its fault (nulls after it) and
    its text in the corrupt-record column (when the schema has one), DROPMALFORMED leaves it
    out, FAILFAST raises its MalformedXml with the record's index in ``args[1]``."""
    corrupt = next((f.name for f in schema.fields if f.name == opts.corrupt_column), None)
    data = T.StructType([f for f in schema.fields if f.name != corrupt]) if corrupt else schema
    out: list[dict[str, Any] | None] = []
    for i, text in enumerate(texts):
        if text is None:
            out.append(None)
            continue
        try:
            row = record_value(parse_row(text, opts), data, opts)
        except MalformedXml as e:
            if opts.mode == "FAILFAST":
                raise MalformedXml(str(e), i) from e
            if opts.mode == "DROPMALFORMED":
                continue
            row = getattr(e, "partial", None) or {f.name: None for f in data.fields}
            if corrupt:
                row[corrupt] = text
        out.append(row)
    return out


def variant_tree(el: etree._Element, opts: XmlOptions) -> Any:
    """A record read into a variant, as ``from_xml(text, 'variant')`` reads it: an element with
    attributes or child elements is an object (attributes as ``_name``, repeated children as
    arrays, text beside them as ``_VALUE``), one with text only is its scalar, an empty one null."""
    attrs = attributes(el, opts.ignore_namespace) if (el.attrib or el.nsmap) and not opts.exclude_attribute else []
    if not attrs and not len(el):
        return _variant_scalar(el.text)
    out: dict[str, Any] = {opts.attribute_prefix + k: _variant_scalar(v) for k, v in attrs}
    for child in el:
        name, value = tag_name(child, opts.ignore_namespace), variant_tree(child, opts)
        if name not in out:
            out[name] = value
        elif isinstance(out[name], _Repeated):
            out[name].append(value)
        else:
            out[name] = _Repeated([out[name], value])
    texts = [t.strip() for t in [el.text, *(c.tail for c in el)] if t is not None and t.strip()]
    if texts:
        out[opts.value_tag] = _variant_scalar(" ".join(texts))
    return {k: list(v) if isinstance(v, _Repeated) else v for k, v in out.items()}


class _Repeated(list):  # type: ignore[type-arg]
    """The values of a child element seen more than once (an array in the variant)."""


def _variant_scalar(text: str | None) -> Any:
    """Text typed as Spark's XML variant reader types it: integers (decimals past a long),
    decimals (an exponent scaled away), booleans, else the trimmed string; empty text null."""
    value = (text or "").strip()
    if not value:
        return None
    if _INT.fullmatch(value):
        n = int(value)
        return n if -(2**63) <= n < 2**63 else decimal.Decimal(n)
    if _FLOAT.fullmatch(value) and not value[-1].isalpha():
        d = decimal.Decimal(value)
        exponent = d.as_tuple().exponent
        d = d.quantize(decimal.Decimal(1)) if isinstance(exponent, int) and exponent > 0 else d
        return d if len(d.as_tuple().digits) <= 38 else float(d)
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value
