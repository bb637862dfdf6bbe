"""XML records as Spark reads them: options, one record's text parsed to an element, a file cut
into records at its row tag.

Shared by schema_of_xml / from_xml (one record per value), the XML file source (many records
per file) and the xpath functions. lxml (libxml2) does the parsing; element and attribute names
keep their prefixes and namespace declarations read as attributes (``h:a``, ``xmlns:h``): Spark's
XML reader is not namespace-aware.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from engine.errors import SparkRuntimeException


class MalformedXml(Exception):
    """A record that is not well-formed XML, or whose values do not fit the schema."""


@dataclass(frozen=True)
class XmlOptions:
    """The reader/writer options of Spark's XmlOptions that engine honours (keys lower-cased)."""

    row_tag: str = "ROW"
    root_tag: str = "ROWS"
    attribute_prefix: str = "_"
    value_tag: str = "_VALUE"
    ignore_spaces: bool = True
    null_value: str | None = None
    mode: str = "PERMISSIVE"
    corrupt_column: str = "_corrupt_record"
    exclude_attribute: bool = False
    array_element: str = "item"
    declaration: str = 'version="1.0" encoding="UTF-8" standalone="yes"'
    infer_schema: bool = True
    time_zone: str = "UTC"
    ignore_namespace: bool = False
    xsd_path: str | None = None
    wildcard_column: str = "xs_any"
    validate_name: bool = True
    prefers_decimal: bool = False
    date_format: str | None = None
    timestamp_format: str | None = None

    @staticmethod
    def of(options: dict[str, str], time_zone: str = "UTC") -> XmlOptions:
        """Options from a map whose keys are lower-cased (Spark's option names are case-blind)."""

        def flag(key: str, default: bool) -> bool:
            return options.get(key, str(default)).strip().lower() == "true"

        mode = options.get("mode", "PERMISSIVE").upper()
        return XmlOptions(
            row_tag=options.get("rowtag", "ROW"),
            root_tag=options.get("roottag", "ROWS"),
            attribute_prefix=options.get("attributeprefix", "_"),
            value_tag=options.get("valuetag", "_VALUE"),
            ignore_spaces=flag("ignoresurroundingspaces", True),
            null_value=options.get("nullvalue"),
            mode=mode if mode in ("PERMISSIVE", "DROPMALFORMED", "FAILFAST") else "PERMISSIVE",
            corrupt_column=options.get("columnnameofcorruptrecord", "_corrupt_record"),
            exclude_attribute=flag("excludeattribute", False),
            array_element=options.get("arrayelementname", "item"),
            declaration=options.get("declaration", 'version="1.0" encoding="UTF-8" standalone="yes"'),
            infer_schema=flag("inferschema", True),
            time_zone=options.get("timezone", time_zone),
            ignore_namespace=flag("ignorenamespace", False),
            xsd_path=options.get("rowvalidationxsdpath"),
            wildcard_column=options.get("wildcardcolname", "xs_any"),
            validate_name=flag("validatename", True),
            prefers_decimal=flag("prefersdecimal", False),
            date_format=options.get("dateformat"),
            timestamp_format=options.get("timestampformat"),
        )


_PARSERS = threading.local()  # lxml parsers are not to be shared between threads
_EXTRA = "Extra content at the end of the document"
_DECLARATION = re.compile(r"^\s*<\?xml\s[^>]*\?>")


def _parser(recover: bool) -> etree.XMLParser:
    key = "recover" if recover else "strict"
    parser = getattr(_PARSERS, key, None)
    if parser is None:
        parser = etree.XMLParser(
            recover=recover, resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True,
            huge_tree=True,
        )  # fmt: skip
        setattr(_PARSERS, key, parser)
    return parser


def parse_record(text: str | None) -> etree._Element:
    """The first element of `text` (what follows it is ignored, as Spark reads one row);
    MalformedXml when it is not well-formed. Prefixes no declaration binds (``h:a`` in a row
    cut out of a document that declares ``h`` on its root) are kept as part of the name."""
    if text is None or not text.strip():
        raise MalformedXml("empty record")
    # the text is already decoded: a declaration naming another encoding must not re-decode it
    data = _DECLARATION.sub("", text, count=1).encode("utf-8")
    try:
        return _parse(data)
    except etree.XMLSyntaxError as e:
        end = _extra_content_offset(data, e)
        if end is None:
            raise MalformedXml(str(e)) from e
        try:
            return _parse(data[:end])
        except etree.XMLSyntaxError as e2:
            raise MalformedXml(str(e2)) from e2


def parse_row(text: str | None, opts: XmlOptions) -> etree._Element:
    """`parse_record`, then the rowValidationXSDPath check: a row the XSD rejects is malformed."""
    el = parse_record(text)
    if opts.xsd_path:
        schema = _xsd(opts.xsd_path, threading.get_ident())
        if not schema.validate(el):
            raise MalformedXml(f"row does not match {opts.xsd_path}: {schema.error_log.last_error}")
    return el


@lru_cache(maxsize=16)
def _xsd(path: str, _thread: int) -> etree.XMLSchema:
    """The XSD at `path`, loaded once per thread (executors read it as they read data files;
    a validator keeps its error log, so threads do not share one)."""
    try:
        return etree.XMLSchema(etree.parse(path))
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as e:
        msg = f"The rowValidationXSDPath {path} is not a readable XML schema (XSD): {e}"
        raise SparkRuntimeException(msg) from e


def _parse(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _parser(False))
    except etree.XMLSyntaxError as e:
        if "Namespace prefix" not in str(e):
            raise
    lenient = _parser(True)
    root = etree.fromstring(data, lenient)
    if root is None or any(err.domain_name != "NAMESPACE" for err in lenient.error_log):
        raise MalformedXml(str(lenient.error_log.last_error))
    return root


def _extra_content_offset(data: bytes, e: etree.XMLSyntaxError) -> int | None:
    """Where the content after the first root element starts, when that is the only fault."""
    if _EXTRA not in str(e) or e.position is None:
        return None
    line, column = e.position
    starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
    return starts[line - 1] + column - 1 if 0 < line <= len(starts) else None


def strptime_format(java_pattern: str) -> str:
    """A Spark datetime pattern (``dd/MM/yyyy``) as the strptime format that reads it."""
    from engine.io.convert import java_to_strptime

    return java_to_strptime(java_pattern)


def tag_name(el: etree._Element, ignore_namespace: bool = False) -> str:
    """An element's name as written in the text, prefix and all (``h:a``; ``a`` when
    namespaces are ignored)."""
    tag = str(el.tag)
    if tag.startswith("{"):
        local = tag.split("}", 1)[1]
        tag = f"{el.prefix}:{local}" if el.prefix else local
    return tag.rsplit(":", 1)[-1] if ignore_namespace else tag


def attributes(el: etree._Element, ignore_namespace: bool = False) -> list[tuple[str, str]]:
    """An element's attributes as written, the namespaces it declares among them
    (``xmlns:h="urn:h"``), as a reader that is not namespace-aware sees them."""
    parent = el.getparent()
    inherited = parent.nsmap if parent is not None else {}
    out = [(f"xmlns:{k}" if k else "xmlns", v) for k, v in el.nsmap.items() if inherited.get(k) != v]
    for name, value in el.attrib.items():
        if name.startswith("{"):
            uri, local = name[1:].split("}", 1)
            prefix = next((k for k, v in el.nsmap.items() if k and v == uri), None)
            name = f"{prefix}:{local}" if prefix else local
        out.append((name, value))
    if ignore_namespace:
        out = [(n.rsplit(":", 1)[-1], v) for n, v in out if n != "xmlns" and not n.startswith("xmlns:")]
    return out


def record_texts(text: str, row_tag: str) -> list[str]:
    """The text of every ``<rowTag ...>...</rowTag>`` of a file, found as Spark's XmlTokenizer
    finds them: by their tags in the text (comments and CDATA sections skipped), nested
    same-named tags counted, the structure around them ignored; a record still open at the end
    of the file runs to it (and reads as malformed)."""
    tag = re.escape(row_tag)
    token = re.compile(rf"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<{tag}(?=[\s/>])[^>]*?(/?)>|</{tag}\s*>", re.S)
    records: list[str] = []
    depth, start = 0, 0
    for m in token.finditer(text):
        found = m.group(0)
        if found.startswith("<!"):
            continue
        closing = found.startswith("</")
        if depth == 0:
            if closing:
                continue
            if m.group(1):  # <row/>: a record of its own
                records.append(found)
                continue
            start, depth = m.start(), 1
        elif closing:
            depth -= 1
            if depth == 0:
                records.append(text[start : m.end()])
        elif not m.group(1):
            depth += 1
    if depth > 0:
        records.append(text[start:])
    return records
