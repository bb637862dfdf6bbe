"""Jackson's relaxed JSON features that Spark's JSON reader options switch on, as a rewrite of
the text into strict JSON that Python's json module reads.

Spark reads ``{'a': 'x'}`` by default (allowSingleQuotes), and with options also ``/* comments */``
(allowComments) and ``{a: 1}`` (allowUnquotedFieldNames). pyarrow's reader knows none of these,
so a line it rejects is parsed again here; a feature left off keeps its text, which then fails
to parse and is a corrupt record, as in Spark.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from .common import Options, option_bool

_TOKENS = re.compile(
    r'(?P<dq>"(?:[^"\\]|\\.)*")'
    r"|(?P<sq>'(?:[^'\\]|\\.)*')"
    r"|(?P<block>/\*.*?\*/)"
    r"|(?P<line>//[^\n]*)"
    r"|(?P<name>[A-Za-z_$][\w$]*)(?=\s*:)",
    re.DOTALL,
)


def relaxed_features(options: Options) -> tuple[bool, bool, bool]:
    """(single quotes, comments, unquoted field names) as the reader options allow them."""
    return (
        option_bool(options, "allowsinglequotes", True),
        option_bool(options, "allowcomments", False),
        option_bool(options, "allowunquotedfieldnames", False),
    )


def strict_text(text: str, options: Options) -> str | None:
    """`text` rewritten as strict JSON per the allowed features, or None when none applies."""
    single, comments, unquoted = relaxed_features(options)
    if not (single or comments or unquoted):
        return None
    changed = False

    def rewrite(m: re.Match[str]) -> str:
        nonlocal changed
        kind = m.lastgroup
        if kind == "sq" and single:
            changed = True
            body = m.group()[1:-1].replace("\\'", "'").replace('"', '\\"')
            return f'"{body}"'
        if kind in ("block", "line") and comments:
            changed = True
            return " "
        if kind == "name" and unquoted and m.group() not in ("true", "false", "null"):
            changed = True
            return json.dumps(m.group())
        return m.group()

    out = _TOKENS.sub(rewrite, text)
    return out if changed else None


def loads(text: str, options: Options, exact: bool = False) -> object:
    """`text` parsed as Spark's JSON reader would, relaxed features included; `exact` reads numbers
    with a fraction or exponent as Decimal. Raises json.JSONDecodeError when it is not JSON even so."""
    kw: dict[str, object] = {"parse_float": Decimal if exact else float}
    if not option_bool(options, "allownonnumericnumbers", True):
        kw["parse_constant"] = _no_constant
    try:
        return json.loads(text, **kw)  # type: ignore[arg-type]
    except json.JSONDecodeError:
        strict = strict_text(text, options)
        if strict is None:
            raise
        return json.loads(strict, **kw)  # type: ignore[arg-type]


def _no_constant(name: str) -> object:
    """NaN and the infinities as bare tokens are malformed JSON when allowNonNumericNumbers is off."""
    raise json.JSONDecodeError(f"non-numeric number {name}", name, 0)
