"""xpath's rewrite of a path to run from the root element as it would from the document node.

The oracle is the same path evaluated from the document node itself: the document wrapped in
an outer element, whose element context sees the original root as its child, as the JDK's
document context does.
"""

from __future__ import annotations

import pytest
from lxml import etree

from engine.compute.kernels.xpath import document_path

XML = '<a x="9"><b id="1">b1<c>5</c></b><b id="2">b2</b><c>3</c><c>4.5</c></a>'


def _norm(v):
    return [etree.tostring(x) if hasattr(x, "tag") else str(x) for x in v] if isinstance(v, list) else v


@pytest.mark.parametrize(
    "path",
    [
        "a/b", "a/b | a/c", "count(a//c) > 1", "a/b[c = '5']/@id", "*/b", "a//c", "a/b/text()", "a/b[@id][2]",
        "a/@*", "a/b[1]/c * 2", "-1", "sum(a/c) * 2", "a/c div 2", "a/c mod 2", "a/c - 1", "a", "child::a/b",
        "descendant::c", "a/b[last()]/@id", "a/c[. > 3]", "a/b and a/c", "a/b or a/z", "not(a/z)",
        "concat(a/b[1], '|', a/b[2])", "a/*[name() = 'c']", "a/b[position() = 2]", "a/b[contains(., 'b2')]",
    ],
)  # fmt: skip
def test_rewritten_path_selects_what_the_document_context_selects(path):
    rewritten = document_path(path)
    assert _norm(etree.fromstring(XML).xpath(rewritten)) == _norm(etree.fromstring(f"<w>{XML}</w>").xpath(path))


def test_predicates_and_absolute_paths_are_left_alone():
    assert document_path("a/b[c = 1]") == "self:: a / b [ c = 1 ]"
    assert document_path("//b[@id='2']") == "// b [ @ id = '2' ]"
    assert document_path("name(/a/*[3])") == "name ( / a / * [ 3 ] )"
