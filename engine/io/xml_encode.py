"""Rows as XML text the way Spark writes it (to_xml and the XML file writer).

Every leaf column is turned into text at once with the writers' shared `value_text` (Java's
number format, ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` timestamps, hex bytes); only laying the texts
out as nested elements walks the rows. Fields named ``<attributePrefix>x`` become attributes
``x="..."``, the ``<valueTag>`` field the element's text, arrays repeat their element, arrays
of arrays nest ``<item>`` elements, null fields are left out (or written as the nullValue),
and children are indented by four spaces per level.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import IllegalArgumentException, SparkRuntimeException
from engine.expr.xml_parse import XmlOptions
from engine.types.variant import is_variant_arrow
from engine.types.variant_codec import decode
from engine.types.variant_text import jvm_scalar_text

from .common import Options
from .encode import value_text

_INDENT = "    "
# XML 1.0's NameStartChar and NameChar (a name may hold ':' as Spark's non-namespaced writer allows)
_START = ":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F"
_START += "\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
_NAME_START = re.compile(f"[{_START}]")
_NAME_CHAR = re.compile(f"[{_START}\\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]")


def _texts(arr: pa.Array, options: Options) -> list[Any]:
    """`arr`'s values as a tree of texts: dicts for structs, lists for arrays and maps (of
    (key, value) pairs), strings for leaves, None for nulls."""
    t = arr.type
    if is_variant_arrow(t):  # documents: decoded, laid out as elements by _Writer.variant
        values, metas, valid = arr.field("value").to_pylist(), arr.field("metadata").to_pylist(), arr.is_valid()
        return [_Variant(decode(v, m)) if ok else None for v, m, ok in zip(values, metas, valid.to_pylist())]
    if pa.types.is_struct(t):
        children = [_texts(c, options) for c in arr.flatten()]
        valid = arr.is_valid().to_pylist()
        names = [f.name for f in t]
        return [dict(zip(names, row)) if ok else None for ok, row in zip(valid, zip(*children) if names else [()] * len(arr))]
    if pa.types.is_map(t):
        as_list = arr.cast(pa.list_(pa.struct([pa.field("key", t.key_type), pa.field("value", t.item_type)])))
        return [None if r is None else [(e["key"], e["value"]) for e in r] for r in _texts(as_list, options)]
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        values = _texts(arr.flatten(), options)
        lengths = pc.list_value_length(arr).to_pylist()
        out: list[Any] = []
        at = 0
        for n in lengths:
            out.append(None if n is None else values[at : at + n])
            at += n or 0
        return out
    if pa.types.is_timestamp(t) and t.tz and options.get("timezone") and not options.get("timestampformat"):
        return _zoned_text(arr, options["timezone"]).to_pylist()
    return value_text(arr, options).to_pylist()


def _zoned_text(col: pa.Array, zone: str) -> pa.Array:
    """Instants as wall-clock text in `zone` with its offset, Spark's default
    ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` (``2020-01-02T03:04:05.000-08:00``, ``Z`` for UTC)."""
    zoned = col.cast(pa.timestamp("us", tz=zone))
    local = pc.local_timestamp(zoned)
    millis = pc.cast(pc.floor_temporal(local, unit="millisecond"), pa.timestamp("ms"))
    text = pc.strftime(millis, format="%Y-%m-%dT%H:%M:%S")
    offset = pc.replace_substring(pc.strftime(zoned, format="%z"), "+0000", "Z")
    offset = pc.replace_substring_regex(offset, r"^([+-]\d\d)(\d\d)$", r"\1:\2")
    return pc.binary_join_element_wise(text, offset, "")


def _escape(text: str, attribute: bool = False) -> str:
    if "&" in text or "<" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;")
    return text.replace('"', "&quot;") if attribute and '"' in text else text


@lru_cache(maxsize=4096)
def _checked(name: str) -> str:
    """`name` once checked to be an XML name (remembered: the same names come in every row)."""
    for i, ch in enumerate(name):
        if not (_NAME_START.match(ch) if i == 0 else _NAME_CHAR.match(ch)):
            which = "first name" if i == 0 else "name"
            msg = f"Illegal {which} character '{ch}' (code {ord(ch)}) in the XML name '{name}'."
            raise SparkRuntimeException(msg)
    return name


@lru_cache(maxsize=1024)
def _kind(t: pa.DataType) -> str:
    """How an Arrow type is laid out: 'struct', 'map', 'list' (of values) or 'lists' (of lists), 'leaf'."""
    if pa.types.is_struct(t):
        return "struct"
    if pa.types.is_map(t):
        return "map"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "lists" if pa.types.is_list(t.value_type) or pa.types.is_large_list(t.value_type) else "list"
    return "leaf"


class _Variant:
    """A decoded variant value among the texts (its tree is laid out, not a leaf's text)."""

    __slots__ = ("tree",)

    def __init__(self, tree: Any) -> None:
        self.tree = tree


class _Writer:
    """Lays one record's text tree out as indented elements."""

    def __init__(self, opts: XmlOptions) -> None:
        self.opts = opts
        self.lines: list[str] = []

    def name(self, name: str) -> str:
        """`name` checked to be an XML name under validateName (on by default: Spark's writer
        refuses ``a b`` with the StAX writer's message)."""
        return _checked(name) if self.opts.validate_name else name

    def element(self, name: str, value: Any, t: pa.DataType, depth: int) -> None:
        pad = _INDENT * depth
        name = self.name(name)
        if value is None:
            if self.opts.null_value is not None:
                self.lines.append(f"{pad}<{name}>{_escape(self.opts.null_value)}</{name}>")
            return
        kind = _kind(t)
        if isinstance(value, _Variant):
            self.variant(name, value.tree, depth)
        elif kind == "leaf":
            self.lines.append(f"{pad}<{name}>{_escape(value)}</{name}>")
        elif kind == "struct":
            self.struct(name, value, t, depth)
        elif kind == "map":
            self.lines.append(f"{pad}<{name}>")
            for k, v in value:
                self.element(str(k), v, t.item_type, depth + 1)
            self.lines.append(f"{pad}</{name}>")
        else:
            for item in value:
                if item is None:
                    self.element(name, None, t.value_type, depth)
                elif kind == "lists":
                    self.lines.append(f"{pad}<{name}>")
                    self.element(self.opts.array_element, item, t.value_type, depth + 1)
                    self.lines.append(f"{pad}</{name}>")
                else:
                    self.element(name, item, t.value_type, depth)

    def variant(self, name: str, tree: Any, depth: int) -> None:
        """A variant's document: objects as child elements, arrays as repeated elements, the
        variant null as an empty element, scalars as the JVM prints them."""
        pad = _INDENT * depth
        if isinstance(tree, list):
            for item in tree:
                self.variant(name, item, depth)
        elif isinstance(tree, dict):
            if not tree:
                self.lines.append(f"{pad}<{name}/>")
                return
            self.lines.append(f"{pad}<{name}>")
            for key, item in tree.items():
                self.variant(self.name(key), item, depth + 1)
            self.lines.append(f"{pad}</{name}>")
        elif tree is None:
            self.lines.append(f"{pad}<{name}/>")
        else:
            self.lines.append(f"{pad}<{name}>{_escape(jvm_scalar_text(tree, self.opts.time_zone))}</{name}>")

    def struct(self, name: str, value: dict[str, Any], t: pa.DataType, depth: int) -> None:
        pad = _INDENT * depth
        prefix, value_tag = self.opts.attribute_prefix, self.opts.value_tag
        attrs, text, children = [], None, []
        for f in t:
            v = value[f.name]
            if f.name == value_tag:
                text = v
            elif prefix and f.name.startswith(prefix) and f.name != prefix:
                v = self.opts.null_value if v is None else v
                if v is not None:
                    attrs.append(f' {self.name(f.name[len(prefix):])}="{_escape(v, True)}"')
            else:
                children.append(f)
        head = f"{pad}<{self.name(name)}{''.join(attrs)}"
        start = len(self.lines)
        for f in children:
            self.element(f.name, value[f.name], f.type, depth + 1)
        if len(self.lines) == start:
            self.lines.append(f"{head}/>" if text is None else f"{head}>{_escape(text)}</{name}>")
            return
        self.lines.insert(start, f"{head}>" + (_escape(text) if text is not None else ""))
        self.lines.append(f"{pad}</{name}>")


def xml_records(rows: pa.Array, opts: XmlOptions, options: Options, depth: int = 0) -> list[str | None]:
    """Each struct value of `rows` as one ``<rowTag>`` element's text (None for a null row)."""
    out: list[str | None] = []
    for value in _texts(rows, options):
        if value is None:
            out.append(None)
            continue
        writer = _Writer(opts)
        writer.struct(opts.row_tag, value, rows.type, depth)
        out.append("\n".join(writer.lines))
    return out


def _has_interval(t: pa.DataType) -> bool:
    if pa.types.is_duration(t) or pa.types.is_interval(t):
        return True
    if pa.types.is_struct(t):
        return any(_has_interval(f.type) for f in t)
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _has_interval(t.value_type)
    if pa.types.is_map(t):
        return _has_interval(t.item_type)
    return False


def encode_xml(table: pa.Table, options: Options) -> bytes:
    """A file of rows: the XML declaration, ``<rootTag>``, one ``<rowTag>`` per row; nothing
    at all for no rows, as Spark writes an empty partition."""
    if table.num_rows == 0:
        return b""
    opts = XmlOptions.of(dict(options))
    for f in table.schema:
        if _has_interval(f.type):
            msg = f"Failed to convert column `{f.name}` to XML: XML has no form for intervals ({f.type})."
            raise IllegalArgumentException(msg)
    rows = pa.StructArray.from_arrays(
        [c.combine_chunks() for c in table.columns], fields=list(table.schema)
    ) if table.num_columns else pa.array([{}] * table.num_rows, pa.struct([]))
    lines = [f"<?xml {opts.declaration}?>"] if opts.declaration else []
    lines.append(f"<{opts.root_tag}>")
    lines.extend(r for r in xml_records(rows, opts, options, 1) if r is not None)
    lines.append(f"</{opts.root_tag.split()[0]}>")  # rootTag may carry attributes: <people x="1">
    return "\n".join(lines).encode(options.get("encoding", "utf-8"))
