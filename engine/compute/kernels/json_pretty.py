"""Compact JSON text re-laid out as Jackson's default pretty printer writes it (to_json's
``pretty`` option): each object field on its own line, indented two spaces per level of
object nesting, ``" : "`` between name and value, arrays on one line as ``[ 1, 2 ]``, and
empty containers as ``{ }`` and ``[ ]``.

The text is already valid JSON written by engine, so a token walk is enough; it runs per
value, and only when the option asks for it.
"""

from __future__ import annotations

import re

import pyarrow as pa

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^{}\[\],:"]+')


def pretty_json(texts: pa.Array) -> pa.Array:
    """Every compact JSON text of `texts` pretty-printed; nulls stay null."""
    return pa.array([None if t is None else _pretty(t) for t in texts.to_pylist()], pa.string())


def _pretty(text: str) -> str:
    tokens = _TOKENS.findall(text)
    out: list[str] = []
    stack: list[str] = []  # the open containers, innermost last
    depth = 0  # objects open: only objects indent (Jackson's arrays are inline)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == "{":
            stack.append("{")
            depth += 1
            out.append("{ " if nxt == "}" else "{\n" + "  " * depth)
        elif tok == "[":
            stack.append("[")
            out.append("[ ")
        elif tok == "}":
            stack.pop()
            depth -= 1
            out.append("}" if out and out[-1] == "{ " else "\n" + "  " * depth + "}")
        elif tok == "]":
            stack.pop()
            out.append("]" if out and out[-1] == "[ " else " ]")
        elif tok == ",":
            out.append(",\n" + "  " * depth if stack and stack[-1] == "{" else ", ")
        elif tok == ":":
            out.append(" : ")
        else:
            out.append(tok)
    return "".join(out)
