"""Kernels of to_number / try_to_number (text -> decimal) and to_char (number -> text) over
Spark's number formats (`engine.expr.number_format`).

A format is the same for every row, so each kernel turns it into column operations once:
to_number matches all rows against one regex built from the format; to_char writes every
row's digits into the format's fixed layout with padding, slicing and concatenation kernels.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.errors import IllegalArgumentException
from engine.expr.nodes import Call
from engine.expr.number_format import NumberFormat, parse_format

_LEAD = {"S": "(?P<lsign>[+-])?", "MI": "(?P<lsign>-)?", "": "(?P<lsign>)"}
_TRAIL = {"S": "(?P<tsign>[+-])?", "MI": "(?P<tsign>[- ])?", "PR": "(?P<tsign>)(?P<close>>)?", "": "(?P<tsign>)"}


def constant_format_arg(args: list[Value]) -> str | None:
    """The format argument's value (the type rule already required a literal)."""
    fmt = args[1]
    if not isinstance(fmt, pa.Scalar):
        raise IllegalArgumentException("The number format must be a constant (a literal), not a column.")
    return fmt.as_py()  # type: ignore[no-any-return]


def _int_regex(integer: str) -> str:
    """The integer digits a format allows: fewer digits than it has, but separators wherever
    digits stand on both sides of one; a format starting with 0 needs every digit."""
    segs = [len(x) for x in integer.split(",")]
    if integer.startswith("0"):
        return "(?P<int>" + ",".join(f"\\d{{{n}}}" for n in segs) + ")"
    alts = [f"\\d{{1,{segs[i]}}}" + "".join(f",\\d{{{n}}}" for n in segs[i + 1 :]) for i in range(len(segs) - 1)]
    return "(?P<int>" + "|".join([*alts, f"\\d{{0,{segs[-1]}}}"]) + ")"


def input_regex(nf: NumberFormat) -> str:
    """The regex a to_number input must match, with named groups for its parts."""
    frac = f"(?:\\.(?P<frac>\\d{{0,{nf.fraction}}}))?" if nf.point else "(?P<frac>)"
    return (
        "^ *" + ("(?P<open><)?" if nf.trail == "PR" else "(?P<open>)") + _LEAD[nf.lead]
        + ("\\$" if nf.currency else "") + _int_regex(nf.integer) + frac + _TRAIL[nf.trail]
        + ("" if nf.trail == "PR" else "(?P<close>)") + "$"
    )  # fmt: skip


@kernel("to_number", "try_to_number")
def _to_number(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The decimal `str` spells in `format`; a mismatch is an error (to_number) or null (try_)."""
    (s, _), scalar = broadcast(args)
    out_type = T.to_arrow(call.dtype)
    fmt = constant_format_arg(args)
    if fmt is None:
        return finish(pa.nulls(len(s), out_type), scalar)
    nf = parse_format(fmt)
    parts = pc.extract_regex(s, input_regex(nf))
    field = {name: pc.fill_null(parts.field(name), "") for name in ("lsign", "tsign", "open", "close", "int", "frac")}
    digits = pc.replace_substring(field["int"], ",", "")
    ok = pc.and_(parts.is_valid(), pc.greater(pc.add(pc.utf8_length(digits), pc.utf8_length(field["frac"])), 0))
    ok = pc.and_(ok, pc.equal(pc.utf8_length(field["open"]), pc.utf8_length(field["close"])))
    bad = pc.and_(s.is_valid(), pc.invert(ok))
    if call.name == "to_number" and pc.any(bad).as_py():
        shown = s.filter(bad)[0].as_py()
        raise IllegalArgumentException(
            f'[INVALID_FORMAT.MISMATCH_INPUT] The format is invalid: {fmt}. The input "STRING" {shown} does not '
            "match the format. SQLSTATE: 42601",
            "INVALID_FORMAT.MISMATCH_INPUT",
        )
    negative = pc.or_(pc.or_(pc.equal(field["lsign"], "-"), pc.equal(field["tsign"], "-")), pc.equal(field["open"], "<"))
    whole = pc.if_else(pc.equal(digits, ""), pa.scalar("0"), digits)
    text = pc.binary_join_element_wise(pc.if_else(negative, pa.scalar("-"), pa.scalar("")), whole, ".",
                                       pc.if_else(pc.equal(field["frac"], ""), pa.scalar("0"), field["frac"]), "")  # fmt: skip
    text = pc.if_else(ok, text, pa.scalar(None, pa.string()))
    return finish(pc.cast(text, out_type), scalar)
