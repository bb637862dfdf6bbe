"""Spark's XML schema inference (XmlInferSchema): the struct type of a record's element.

Attributes become ``<attributePrefix><name>`` fields, an element's text next to attributes or
child elements becomes the ``<valueTag>`` field, a child element seen more than once becomes an
array, text is typed bigint, double, boolean, date, timestamp or else string, and fields are
sorted by name. Records are merged as Spark merges them (``compatibleType``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable

from lxml import etree

from engine import types as T
from engine.errors import SparkRuntimeException
from engine.expr.xml_parse import (
    MalformedXml,
    XmlOptions,
    attributes,
    parse_row,
    strptime_format,
    tag_name,
)

_LONG = re.compile(r"[+-]?\d+")
_DOUBLE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# what Spark's lenient stringToTimestamp takes: a date, a date and a time, or a time alone
_TIMESTAMP = re.compile(
    r"(\d{4}(-\d{1,2}(-\d{1,2}([T ]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,9})?)?)?)?)?"
    r"|\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,9})?)?)(Z|[+-]\d{2}(:?\d{2})?)?"
)


def text_type(text: str | None, opts: XmlOptions) -> T.DataType:
    """The type Spark infers from one text value (null for empty text, decided later)."""
    value = text.strip() if text is not None and opts.ignore_spaces else text
    if not value or value == opts.null_value:
        return T.NullType()
    if not opts.infer_schema:
        return T.StringType()
    if _LONG.fullmatch(value):
        return T.LongType() if abs(int(value)) < 2**63 else T.DoubleType()  # Spark parses the unsigned digits
    if _DOUBLE.fullmatch(value):
        return _decimal_type(value) if opts.prefers_decimal else T.DoubleType()
    if value.lower() in ("true", "false"):
        return T.BooleanType()
    for fmt, found in ((opts.date_format, T.DateType()), (opts.timestamp_format, T.TimestampType())):
        if fmt and _parses(value, fmt):
            return found
    if _DATE.fullmatch(value):
        return T.DateType()
    if _TIMESTAMP.fullmatch(value):
        return T.TimestampType()
    return T.StringType()


def _decimal_type(value: str) -> T.DataType:
    """prefersDecimal: the decimal that holds the text exactly (``1.50`` is decimal(3,2)),
    double when it needs more than 38 digits or a negative scale (``1e5``), as Spark infers."""
    sign, digits, exponent = decimal.Decimal(value).as_tuple()
    if not isinstance(exponent, int) or exponent > 0:
        return T.DoubleType()
    scale = -exponent
    precision = max(len(digits), scale, 1)
    return T.DecimalType(precision, scale) if precision <= 38 else T.DoubleType()


def _parses(value: str, java_pattern: str) -> bool:
    try:
        dt.datetime.strptime(value, strptime_format(java_pattern))
    except ValueError:
        return False
    return True


def element_type(el: etree._Element, opts: XmlOptions) -> T.StructType:
    """The struct of a record element: its attributes, child elements and text."""
    types: dict[str, list[T.DataType]] = {}
    if not opts.exclude_attribute:
        for name, value in attributes(el, opts.ignore_namespace) if el.attrib or el.nsmap else ():
            types.setdefault(opts.attribute_prefix + name, []).append(text_type(value, opts))
    texts = [t for t in [el.text, *(c.tail for c in el)] if t is not None and t.strip()]
    if texts and len(el):  # text mixed with child elements
        for t in texts:
            types.setdefault(opts.value_tag, []).append(text_type(t, opts))
    for child in el:
        types.setdefault(tag_name(child, opts.ignore_namespace), []).append(_child_type(child, opts))
    fields = []
    for name in sorted(types):
        found = types[name]
        dt = found[0]
        for other in found[1:]:
            dt = merge(dt, other, opts)
        fields.append(T.StructField(name, T.ArrayType(dt) if len(found) > 1 else dt))
    if not len(el) and not fields and el.text is not None and el.text.strip():
        fields.append(T.StructField(opts.value_tag, text_type(el.text, opts)))
    elif not len(el) and fields and el.text is not None and el.text.strip():
        fields = sorted([*fields, T.StructField(opts.value_tag, text_type(el.text, opts))], key=lambda f: f.name)
    return T.StructType(fields)


def _child_type(child: etree._Element, opts: XmlOptions) -> T.DataType:
    """A child element's type: its text's type when it holds only text, else a struct."""
    has_attrs = not opts.exclude_attribute and bool(
        (child.attrib or child.nsmap) and attributes(child, opts.ignore_namespace)
    )
    if len(child) or has_attrs:
        return element_type(child, opts)
    return text_type(child.text, opts)


def merge(a: T.DataType, b: T.DataType, opts: XmlOptions) -> T.DataType:
    """Spark's compatibleType for XML: numbers widen, structs merge field by field, an array
    absorbs a single value, a value next to a struct with a value field joins that field."""
    if a == b or isinstance(b, T.NullType):
        return a
    if isinstance(a, T.NullType):
        return b
    if isinstance(a, T.LongType | T.DoubleType) and isinstance(b, T.LongType | T.DoubleType):
        return T.DoubleType()
    if isinstance(a, T.DecimalType | T.LongType) and isinstance(b, T.DecimalType | T.LongType):
        da, db = (t if isinstance(t, T.DecimalType) else T.DecimalType(20, 0) for t in (a, b))
        scale = max(da.scale, db.scale)
        digits = max(da.precision - da.scale, db.precision - db.scale) + scale
        return T.DecimalType(digits, scale) if digits <= 38 else T.DoubleType()
    if isinstance(a, T.DecimalType | T.DoubleType) and isinstance(b, T.DecimalType | T.DoubleType):
        return T.DoubleType()
    if {type(a), type(b)} == {T.DateType, T.TimestampType}:
        return T.TimestampType()
    if isinstance(a, T.StructType) and isinstance(b, T.StructType):
        fa, fb = {f.name: f.dataType for f in a.fields}, {f.name: f.dataType for f in b.fields}
        names = sorted(set(fa) | set(fb))
        return T.StructType([T.StructField(k, merge(fa.get(k, T.NullType()), fb.get(k, T.NullType()), opts)) for k in names])
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        return T.ArrayType(merge(a.elementType, b.elementType, opts))
    if isinstance(a, T.ArrayType):
        return T.ArrayType(merge(a.elementType, b, opts))
    if isinstance(b, T.ArrayType):
        return T.ArrayType(merge(a, b.elementType, opts))
    for st, other in ((a, b), (b, a)):
        if isinstance(st, T.StructType) and opts.value_tag in st.fieldNames():
            return T.StructType(
                [
                    T.StructField(f.name, merge(f.dataType, other, opts) if f.name == opts.value_tag else f.dataType)
                    for f in st.fields
                ]
            )
    return T.StringType()


def finish(dt: T.DataType) -> T.DataType:
    """Types no value decided (empty elements) become string, as Spark's inference ends."""
    if isinstance(dt, T.StructType):
        return T.StructType([T.StructField(f.name, finish(f.dataType)) for f in dt.fields])
    if isinstance(dt, T.ArrayType):
        return T.ArrayType(finish(dt.elementType))
    return T.StringType() if isinstance(dt, T.NullType) else dt


def records_type(texts: Iterable[str | None], opts: XmlOptions) -> T.StructType:
    """The merged struct of every record; a malformed one adds the corrupt-record column
    (PERMISSIVE), is skipped (DROPMALFORMED) or raises Spark's error (FAILFAST)."""
    dt: T.DataType = T.StructType([])
    corrupt = False
    for text in texts:
        try:
            dt = merge(dt, element_type(parse_row(text, opts), opts), opts)
        except MalformedXml as e:
            if opts.mode == "FAILFAST":
                msg = (
                    "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
                    f"parsing: {opts.corrupt_column}. Parse Mode: FAILFAST. To process malformed records as null "
                    f"result, try setting the option 'mode' as 'PERMISSIVE'. ({e})"
                )
                raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from e
            corrupt = corrupt or opts.mode == "PERMISSIVE"
    out = finish(dt)
    assert isinstance(out, T.StructType)
    if corrupt and opts.corrupt_column not in out.fieldNames():
        out = T.StructType(sorted([*out.fields, T.StructField(opts.corrupt_column, T.StringType())], key=lambda f: f.name))
    return out


def schema_ddl(text: str | None, options: dict[str, str]) -> str:
    """What ``schema_of_xml(text, options)`` returns: ``STRUCT<a: BIGINT, b: STRING>``."""
    return records_type([text], XmlOptions.of(options))._sql()  # noqa: SLF001 - the DDL text Spark prints
