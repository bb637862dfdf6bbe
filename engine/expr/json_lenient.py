"""Parsing one JSON text as Spark's Jackson parser reads it, with the leniencies its options allow.

Spark reads a JSON value with Jackson, which stops after the first complete value (``{"a": 1} x``
is ``{"a": 1}``) and, by option, accepts single-quoted strings, unquoted field names, comments,
numbers with leading zeros, ``NaN``/``Infinity`` and raw control characters inside strings.
Python's json module accepts none of these, so a text that fails strict parsing is rewritten
token by token into strict JSON and parsed again: the cost falls only on lenient texts.
"""

from __future__ import annotations

import decimal
import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class JsonFeatures:
    """Which of Jackson's leniencies a parse allows (names after Spark's JSON options)."""

    single_quotes: bool = False  # allowSingleQuotes
    unquoted_names: bool = False  # allowUnquotedFieldNames
    comments: bool = False  # allowComments
    leading_zeros: bool = False  # allowNumericLeadingZeros
    non_numeric: bool = False  # allowNonNumericNumbers: NaN, Infinity, -Infinity
    control_chars: bool = False  # allowUnquotedControlChars

    def lenient(self) -> bool:
        """Whether a text that fails strict parsing is worth rewriting."""
        return self.single_quotes or self.unquoted_names or self.comments or self.leading_zeros


STRICT = JsonFeatures()
# get_json_object, json_tuple, json_array_length, json_object_keys: Spark's shared Hive-compatible factory
HIVE = JsonFeatures(single_quotes=True, control_chars=True)

_DEFAULTS = {
    "allowsinglequotes": True,
    "allowunquotedfieldnames": False,
    "allowcomments": False,
    "allownumericleadingzeros": False,
    "allownonnumericnumbers": True,
    "allowunquotedcontrolchars": False,
}


def features_of(options: dict[str, str]) -> JsonFeatures:
    """The leniencies of from_json / schema_of_json under `options` (keys lower-cased), with
    Spark's defaults: single quotes and NaN/Infinity allowed, the rest refused."""

    def flag(name: str) -> bool:
        raw = options.get(name)
        return _DEFAULTS[name] if raw is None else str(raw).strip().lower() == "true"

    return JsonFeatures(
        single_quotes=flag("allowsinglequotes"),
        unquoted_names=flag("allowunquotedfieldnames"),
        comments=flag("allowcomments"),
        leading_zeros=flag("allownumericleadingzeros"),
        non_numeric=flag("allownonnumericnumbers"),
        control_chars=flag("allowunquotedcontrolchars"),
    )


def _reject(name: str) -> Any:
    raise ValueError(name)


def _decoder(features: JsonFeatures) -> json.JSONDecoder:
    constant = decimal.Decimal if features.non_numeric else _reject  # Decimal('NaN') reads as a double
    return json.JSONDecoder(
        parse_float=decimal.Decimal, parse_constant=constant, strict=not features.control_chars
    )


_DECODERS = {f: _decoder(f) for f in (STRICT, HIVE)}


def parse_json(text: str | None, features: JsonFeatures = STRICT) -> tuple[bool, Any]:
    """(True, value) for the first JSON value of `text` as Jackson reads it under `features`
    (whatever follows that value is ignored), (False, None) when there is none."""
    if text is None:
        return False, None
    decoder = _DECODERS.get(features) or _decoder(features)
    ok, value = _first_value(decoder, text)
    if ok or not features.lenient():
        return ok, value
    return _first_value(decoder, _rewrite(text, features))


def _first_value(decoder: json.JSONDecoder, text: str) -> tuple[bool, Any]:
    start = len(text) - len(text.lstrip(" \t\r\n"))
    try:
        return True, decoder.raw_decode(text, start)[0]
    except (ValueError, RecursionError):
        return False, None


_TOKEN = re.compile(
    r"""(?P<dq>"(?:[^"\\]|\\.)*")
      | (?P<sq>'(?:[^'\\]|\\.)*')
      | (?P<comment>/\*.*?\*/|//[^\n]*)
      | (?P<num>-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
      | (?P<name>[A-Za-z_$][\w$]*)(?=\s*:)
    """,
    re.VERBOSE | re.DOTALL,
)


def _rewrite(text: str, features: JsonFeatures) -> str:
    """`text` with the lenient tokens `features` allows turned into strict JSON."""

    def token(m: re.Match[str]) -> str:
        kind, tok = m.lastgroup, m.group(0)
        if kind == "sq" and features.single_quotes:
            return '"' + re.sub(r"""\\(.)|\"""", _requote, tok[1:-1], flags=re.DOTALL) + '"'
        if kind == "comment" and features.comments:
            return " "
        if kind == "num" and features.leading_zeros:
            return re.sub(r"^(-?)0+(?=\d)", r"\1", tok)
        if kind == "name" and features.unquoted_names:
            return '"' + tok + '"'
        return tok

    return _TOKEN.sub(token, text)


def _requote(m: re.Match[str]) -> str:
    """Inside a single-quoted string: a bare double quote is escaped, an escaped single quote bare."""
    if m.group(0) == '"':
        return '\\"'
    return "'" if m.group(1) == "'" else m.group(0)
