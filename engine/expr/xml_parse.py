"""XML records as Spark reads them: options, one record's text parsed to an element, a file cut
into records at its row tag.

Shared by schema_of_xml / from_xml (one record per value), the XML file source (many records
per file) and the xpath functions. lxml (libxml2) does the parsing; element and attribute names
keep their prefixes and namespace declarations read as attributes (``h:a``, ``xmlns:h``): Spark's
XML reader is not namespace-aware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree


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
            date_format=options.get("dateformat"),
            timestamp_format=options.get("timestampformat"),
        )


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True, huge_tree=True)
_EXTRA = "Extra content at the end of the document"


def parse_record(text: str | None) -> etree._Element:
    """The first element of `text` (what follows it is ignored, as Spark reads one row);
    MalformedXml when it is not well-formed."""
    if text is None or not text.strip():
        raise MalformedXml("empty record")
    data = text.encode("utf-8")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        end = _extra_content_offset(data, e)
        if end is None:
            raise MalformedXml(str(e)) from e
        try:
            return etree.fromstring(data[:end], _PARSER)
        except etree.XMLSyntaxError as e2:
            raise MalformedXml(str(e2)) from e2


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


def tag_name(el: etree._Element) -> str:
    """An element's name as written in the text, prefix and all (``h:a``)."""
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def attributes(el: etree._Element) -> list[tuple[str, str]]:
    """An element's attributes as written, the namespaces it declares among them
    (``xmlns:h="urn:h"``), as a reader that is not namespace-aware sees them."""
    parent = el.getparent()
    inherited = parent.nsmap if parent is not None else {}
    out = [(f"xmlns:{k}" if k else "xmlns", v) for k, v in el.nsmap.items() if inherited.get(k) != v]
    for name, value in el.attrib.items():
        q = etree.QName(name)
        prefix = next((k for k, v in el.nsmap.items() if k and v == q.namespace), None) if q.namespace else None
        out.append((f"{prefix}:{q.localname}" if prefix else q.localname, value))
    return out


def record_texts(text: str, row_tag: str) -> list[str]:
    """The text of every ``<rowTag ...>...</rowTag>`` of a file, found as Spark's XmlTokenizer
    finds them: by their tags in the text, nested same-named tags counted, the structure around
    them ignored; a record still open at the end of the file runs to it (and reads as malformed)."""
    tag = re.escape(row_tag)
    token = re.compile(rf"<{tag}(?=[\s/>])[^>]*?(/?)>|</{tag}\s*>")
    records: list[str] = []
    depth, start = 0, 0
    for m in token.finditer(text):
        closing = m.group(0).startswith("</")
        if depth == 0:
            if closing:
                continue
            if m.group(1):  # <row/>: a record of its own
                records.append(m.group(0))
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
