"""Spark's number format strings (to_number, try_to_number, to_char): parsed once, checked
with Spark's INVALID_FORMAT errors, and the decimal type they describe.

A format is ``[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [PR|MI|S]``: `0`/`9` a digit, `.`/`D` the
decimal point, `,`/`G` a grouping separator, `$` the currency sign, `S` an optional sign,
`MI` an optional minus, `PR` angle brackets around a negative number.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import types as T
from engine.errors import AnalysisException

_STRUCTURE = "[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [$] [PR|MI|S]"


@dataclass(frozen=True)
class NumberFormat:
    """A parsed format: the integer digits (with `,` where separators go), fraction digits, signs."""

    text: str
    integer: str  # e.g. "99,999": digits and separators before the point
    fraction: int  # digits after the point
    point: bool
    currency: bool
    lead: str  # "" | "S" | "MI"
    trail: str  # "" | "S" | "MI" | "PR"

    @property
    def int_digits(self) -> int:
        return len(self.integer.replace(",", ""))

    @property
    def dtype(self) -> T.DecimalType:
        return T.DecimalType(max(self.int_digits + self.fraction, 1), self.fraction)


def _invalid(kind: str, fmt: str, detail: str) -> AnalysisException:
    return AnalysisException(
        f"[INVALID_FORMAT.{kind}] The format is invalid: '{fmt}'. {detail} SQLSTATE: 42601", f"INVALID_FORMAT.{kind}"
    )


def parse_format(fmt: str) -> NumberFormat:
    """`fmt` parsed, or Spark's INVALID_FORMAT error for it."""
    text = fmt.upper()
    if not any(c in "09" for c in text):
        raise _invalid("WRONG_NUM_DIGIT", text, "The format string requires at least one number digit.")
    rest, lead, trail = text, "", ""
    for sign in ("MI", "S"):
        if rest.startswith(sign):
            lead, rest = sign, rest[len(sign) :]
            break
    for sign in ("PR", "MI", "S"):
        if rest.endswith(sign):
            trail, rest = sign, rest[: -len(sign)]
            break
    if rest.count(".") + rest.count("D") > 1:
        raise _invalid("WRONG_NUM_TOKEN", text, "At most one . or D is allowed in the number format.")
    currency = "$" in rest
    if currency:
        if rest.count("$") > 1 or any(c in "09" for c in rest[: rest.index("$")]):
            raise _invalid("CUR_MUST_BEFORE_DIGIT", text, "Currency characters must appear before digits in the number format.")
        rest = rest.replace("$", "")
    body = rest.replace("D", ".").replace("G", ",")
    integer, point, fraction = body.partition(".")
    bad = next((c for c in integer + fraction if c not in "09," or (c == "," and c in fraction)), None)
    if bad is not None or (lead and trail):
        shown = bad if bad is not None else trail
        raise _invalid("UNEXPECTED_TOKEN", text, f"Found the unexpected `{shown}` in the format string; the structure of "
                       f"the valid format is: {_STRUCTURE}.")  # fmt: skip
    return NumberFormat(text, integer, len(fraction), bool(point), currency, lead, trail)
