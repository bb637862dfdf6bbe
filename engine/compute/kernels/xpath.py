"""Kernels of xpath, xpath_string, xpath_boolean and the numeric xpath_* functions (XPath 1.0
through lxml/libxml2, as Spark evaluates it through the JDK's XPath).

Spark evaluates the path with the document node as its context, so ``a/b`` selects ``b`` under
the root element ``a``; lxml's context is the root element itself. `document_path` rewrites the
path's relative location paths (outside predicates) to start at the root element instead:
``a/b`` -> ``self::a/b``, ``count(a/b)`` -> ``count(self::a/b)``. Like Spark's parser, the
document is read without namespaces: a default namespace is dropped, prefixes stay usable.
Parsing a document per value is the documented loop over rows here.
"""

from __future__ import annotations

import decimal
import math
import re
import threading
from functools import lru_cache
from typing import Any

import pyarrow as pa
from lxml import etree

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call

_TOKEN = re.compile(
    r"""\s*("[^"]*"|'[^']*'|\d+(?:\.\d*)?|\.\d+|\.\.|\.|::|//|/|@|\[|\]|\(|\)|,|\||\+|-|=|!=|<=|>=|<|>|\*
    |\$[\w.:-]+|[A-Za-z_][\w.\-]*(?::(?:[A-Za-z_][\w.\-]*|\*))?)""",
    re.X,
)
_NODE_TYPES = ("node", "text", "comment", "processing-instruction")
_OPERATOR_NAMES = ("and", "or", "mod", "div")


def _tokens(path: str) -> list[str]:
    out, at = [], 0
    while at < len(path.rstrip()):
        m = _TOKEN.match(path, at)
        if m is None:
            msg = f"Invalid XPath '{path}': unexpected character at {at}"
            raise SparkRuntimeException(msg)
        out.append(m.group(1))
        at = m.end()
    return out


def document_path(path: str) -> str:
    """`path` rewritten to run with the root element as context as it would with the document."""
    tokens = _tokens(path)
    out: list[str] = []
    depth = 0
    operand = True  # an operand (not an operator) is expected next
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i else ""
        in_step = prev in ("/", "//", "::", "@")
        is_name = re.fullmatch(r"[A-Za-z_][\w.\-]*(:\S+)?", tok) is not None
        if depth == 0 and operand and not in_step:
            if nxt == "::":
                tok = {"child": "self", "descendant": "descendant-or-self"}.get(tok, tok)
            elif tok == "*" or (is_name and (nxt != "(" or tok in _NODE_TYPES)):
                out.append("self::")
        out.append(tok)
        depth += tok == "["
        depth -= tok == "]"
        if tok in ("(", "[", ",", "|", "/", "//", "::", "@", "+", "-", "=", "!=", "<", "<=", ">", ">=") or (
            is_name and not operand and tok in _OPERATOR_NAMES
        ):
            operand = True
        elif tok == "*" and not operand:
            operand = True  # multiplication
        elif not (is_name and nxt == "("):
            operand = False
    return " ".join(out)


@lru_cache(maxsize=64)
def _compiled(path: str, kind: str, namespaces: tuple[tuple[str, str], ...], _thread: int) -> etree.XPath:
    """The path compiled once per query and thread (it is a constant; lxml's evaluators are
    not shared between threads), wrapped in number()/boolean() for those kinds as the JDK
    converts the result (`_string_value` gives strings the JDK's digits)."""
    rewritten = document_path(path)
    wrapped = {"number": f"number({rewritten})", "boolean": f"boolean({rewritten})"}
    try:
        return etree.XPath(wrapped.get(kind, rewritten), namespaces=dict(namespaces))
    except etree.XPathSyntaxError as e:
        msg = f"Invalid XPath '{path}': {e}"
        raise SparkRuntimeException(msg) from e


_PARSERS = threading.local()  # lxml parsers are not to be shared between threads


def _document(text: str, path: str) -> etree._Element:
    """The parsed document, its default namespaces dropped (Spark's parser ignores them)."""
    try:
        if not hasattr(_PARSERS, "parser"):
            _PARSERS.parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(text.encode("utf-8"), _PARSERS.parser)
    except etree.XMLSyntaxError as e:
        msg = f"Error loading expression '{path}': invalid XML document: {e}"
        raise SparkRuntimeException(msg) from e
    if any(el.nsmap.get(None) for el in root.iter(etree.Element)):
        for el in root.iter(etree.Element):
            if el.prefix is None:
                el.tag = etree.QName(el).localname
        etree.cleanup_namespaces(root)
    return root


def _evaluate(root: etree._Element, path: str, kind: str) -> Any:
    namespaces = {k: v for el in root.iter(etree.Element) for k, v in el.nsmap.items() if k}
    try:
        return _compiled(path, kind, tuple(sorted(namespaces.items())), threading.get_ident())(root)
    except etree.XPathEvalError as e:
        if "Undefined namespace prefix" in str(e):  # the JDK finds no node for an unknown prefix
            return {"number": math.nan, "boolean": False}.get(kind, [])
        msg = f"Invalid XPath '{path}': {e}"
        raise SparkRuntimeException(msg) from e


def _string_value(result: Any) -> str:
    """An XPath result as the JDK's string(): a node set's first node's text, a number in
    Java's digits without exponent (``0.0000001``, ``1.7000000000000002``, ``-0`` as ``0``)."""
    if isinstance(result, list):
        if not result:
            return ""
        first = result[0]
        return str(first) if isinstance(first, str) else str(first.xpath("string(.)"))
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float):
        if math.isnan(result):
            return "NaN"
        if math.isinf(result):
            return "Infinity" if result > 0 else "-Infinity"
        if result == int(result):
            return str(int(result))
        return format(decimal.Decimal(repr(result)), "f")
    return str(result)


def _node_texts(result: Any, path: str) -> list[str | None]:
    """A node set's texts: text nodes and attributes give their value, other nodes null."""
    if not isinstance(result, list):
        kind = {bool: "#BOOLEAN", float: "#NUMBER"}.get(type(result), "#STRING")
        msg = f"Invalid XML document: Can not convert {kind} to a NodeList! (path '{path}')"
        raise SparkRuntimeException(msg)
    return [str(r) if isinstance(r, str) else None for r in result]


def _integral(x: float, bits: int) -> int:
    """A double as Java's narrowing cast makes it an int/long (NaN 0, out of range clamped);
    a short is the int's low 16 bits, as Java's ``(short)`` of a double gives."""
    if math.isnan(x):
        return 0
    width = 64 if bits == 64 else 32
    v = int(max(min(x, 2 ** (width - 1) - 1), -(2 ** (width - 1)))) if math.isfinite(x) else (
        2 ** (width - 1) - 1 if x > 0 else -(2 ** (width - 1))
    )
    if bits == 16:
        v = (v + 2**15) % 2**16 - 2**15
    return v


_KINDS: dict[str, tuple[str, pa.DataType]] = {
    "xpath": ("nodes", pa.list_(pa.string())),
    "xpath_string": ("string", pa.string()),
    "xpath_boolean": ("boolean", pa.bool_()),
    "xpath_double": ("number", pa.float64()),
    "xpath_number": ("number", pa.float64()),
    "xpath_float": ("number", pa.float32()),
    "xpath_int": ("number", pa.int32()),
    "xpath_long": ("number", pa.int64()),
    "xpath_short": ("number", pa.int16()),
}
_BITS = {"xpath_int": 32, "xpath_long": 64, "xpath_short": 16}


def _xpath_kernel(name: str) -> None:
    kind, arrow_type = _KINDS[name]

    @kernel(name)
    def _run(args: list[Value], call: Call, ctx: EvalContext) -> Value:
        """The path over each document; null for a null or empty document or path."""
        (docs, paths), scalar = broadcast(args[:2])
        out: list[Any] = []
        for text, path in zip(docs.to_pylist(), paths.to_pylist()):
            if not text or not path:
                out.append(None)
                continue
            result = _evaluate(_document(text, path), path, kind)
            if kind == "nodes":
                out.append(_node_texts(result, path))
            elif kind == "string":
                out.append(_string_value(result))
            elif name in _BITS:
                out.append(_integral(float(result), _BITS[name]))
            else:
                out.append(result)
        return finish(pa.array(out, arrow_type), scalar)


for _name in _KINDS:
    _xpath_kernel(_name)
