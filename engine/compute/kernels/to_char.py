"""Kernel of to_char / to_varchar on numbers: every row written into the format's fixed layout.

Digits that do not fit the format (too many integer digits, or more fraction digits than it
has) show as ``#`` in every digit position, as in Spark.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.compute.kernels.number_format import constant_format_arg
from engine.expr.nodes import Call
from engine.expr.number_format import NumberFormat, parse_format


def _plain_text(v: pa.Array) -> pa.Array:
    """|v| as plain decimal text (no exponent): integers as is, doubles as Spark's implicit cast to
    decimal(30, 15) makes them: their shortest text (78.12, not the binary expansion
    78.1200000000000045...) rounded half-up to 15 places."""
    if pa.types.is_floating(v.type):
        try:
            wide = v.cast(pa.float64()).cast(pa.string()).cast(pa.decimal256(76, 20))
            v = pc.round(wide, ndigits=15, round_mode="half_up")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # beyond 56 integer digits: the binary value
            v = v.cast(pa.float64()).cast(pa.decimal128(38, 15))
    elif pa.types.is_integer(v.type):
        v = v.cast(pa.decimal128(38, 0))
    return pc.cast(pc.abs(v), pa.string())


def _grouped(area: pa.Array, integer: str) -> pa.Array:
    """The integer digit area with the format's separators put back: ',' between digits, ' '
    where no digit stands on the left of one (a space, or an overflow's '#')."""
    out: pa.Array | None = None
    pos = 0
    for k, seg in enumerate(integer.split(",")):
        piece = pc.utf8_slice_codeunits(area, pos, pos + len(seg))
        if k > 0 and out is not None:
            sep = pc.if_else(pc.utf8_is_digit(pc.utf8_slice_codeunits(out, -1)), ",", " ")
            out = pc.binary_join_element_wise(out, sep, piece, "")
        else:
            out = piece
        pos += len(seg)
    assert out is not None
    return out


def _layout(v: pa.Array, nf: NumberFormat) -> tuple[pa.Array, pa.Array]:
    """Each row's digits-and-point text in the format's layout, and where it does not fit."""
    parts = pc.extract_regex(_plain_text(v), r"^(?P<i>\d*)(?:\.(?P<f>\d*))?$")
    int_part = pc.utf8_ltrim(pc.fill_null(parts.field("i"), ""), "0")
    frac_part = pc.utf8_rtrim(pc.fill_null(parts.field("f"), ""), "0")
    n_int = nf.int_digits
    over = pc.or_(pc.greater(pc.utf8_length(int_part), n_int), pc.greater(pc.utf8_length(frac_part), nf.fraction))
    pad = "0" if nf.integer.startswith("0") else " "
    area = pc.utf8_lpad(int_part, n_int, pad)
    if nf.point and pad == " " and n_int and nf.lead == "" and nf.trail != "PR":
        zero = pc.equal(int_part, "")  # a zero integer part shows one 0 before the point
        area = pc.if_else(zero, pc.binary_join_element_wise(pc.utf8_slice_codeunits(area, 0, n_int - 1), "0", ""), area)
    area = pc.if_else(over, pa.scalar("#" * n_int), area)
    body = _grouped(area, nf.integer)
    if nf.point:
        frac = pc.if_else(over, pa.scalar("#" * nf.fraction), pc.utf8_rpad(frac_part, nf.fraction, "0"))
        body = pc.binary_join_element_wise(body, ".", frac, "")
    return body, over


def _before_digits(body: pa.Array, mark: pa.Array) -> pa.Array:
    """`mark` put right before the first non-space character of `body` (the layout keeps its width)."""
    trimmed = pc.utf8_ltrim(body, " ")
    spaces = pc.subtract(pc.utf8_length(body), pc.utf8_length(trimmed))
    joined = pc.binary_join_element_wise(mark, trimmed, "")
    width = pc.add(pc.add(spaces, pc.utf8_length(mark)), pc.utf8_length(trimmed))
    return pc.if_else(pc.equal(width, pc.utf8_length(joined)), joined, _lpad_to(joined, width))


def _lpad_to(a: pa.Array, width: pa.Array) -> pa.Array:
    """`a` left-padded with spaces to a per-row width (widths differ by the row's leading spaces)."""
    out = a
    for w in pc.unique(width).to_pylist():
        if w is not None:
            out = pc.if_else(pc.equal(width, w), pc.utf8_lpad(a, w, " "), out)
    return out


@kernel("to_char", "to_varchar")
def _to_char(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (v, _), scalar = broadcast(args)
    fmt = constant_format_arg(args)
    if fmt is None:
        return finish(pa.nulls(len(v), pa.string()), scalar)
    nf = parse_format(fmt)
    body, over = _layout(v, nf)
    negative = pc.fill_null(pc.starts_with(pc.cast(v, pa.string()), "-"), False)
    lead = {"S": pc.if_else(negative, "-", "+"), "MI": pc.if_else(negative, "-", " "), "": None}[nf.lead]
    if nf.trail == "PR":
        lead = pc.if_else(negative, "<", "")
    if lead is not None and nf.currency:  # 'S$99.99': the sign stays before the currency sign ('+$ 5.00')
        body = pc.binary_join_element_wise(lead, "$", body, "")
    elif lead is not None:
        body = _before_digits(pc.if_else(over, pc.utf8_ltrim(body, " "), body), lead)
    elif nf.currency:
        body = pc.binary_join_element_wise("$", body, "")
    tail = {"S": pc.if_else(negative, "-", "+"), "MI": pc.if_else(negative, "-", " "),
            "PR": pc.if_else(negative, ">", "  ")}.get(nf.trail)  # fmt: skip
    if tail is not None:
        body = pc.binary_join_element_wise(body, tail, "")
    return finish(pc.if_else(v.is_null(), pa.scalar(None, pa.string()), body), scalar)
