"""Zone pattern letters of Java datetime patterns (X, x, Z, z, VV) as per-row text.

``date_format(ts, "XXX")`` prints the session zone's offset at each instant (it changes
with daylight saving), so the text is derived from Arrow's ``%z`` of the zoned instant.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels.datetime import local

ZONE_LETTERS = frozenset("XxZzVO")


def zone_text(tok: str, ts: pa.Array, ctx: EvalContext) -> pa.Array | pa.Scalar:
    """The text of one zone-letter run (``XXX`` -> ``-05:00``, or ``Z`` at offset zero)."""
    zoned = local(ts, ctx)
    if tok[0] == "V":
        return pa.scalar(ctx.timezone)
    if tok[0] == "z":
        return pc.strftime(zoned, format="%Z")
    hhmm = pc.strftime(zoned, format="%z")  # "+0530"
    hours = pc.utf8_slice_codeunits(hhmm, 0, 3)
    minutes = pc.utf8_slice_codeunits(hhmm, 3, 5)
    colon = pc.binary_join_element_wise(hours, minutes, ":")
    short = pc.if_else(pc.equal(minutes, "00"), hours, hhmm)
    zero = pc.equal(hhmm, "+0000")
    letter, width = tok[0], len(tok)
    if letter == "O":  # Java's localized offset: GMT, GMT+5:30, GMT-7 (O) or GMT-07:00 (OOOO)
        if width == 4:
            return pc.if_else(zero, "GMT", pc.binary_join_element_wise("GMT", colon, ""))
        sign, hour = pc.utf8_slice_codeunits(hhmm, 0, 1), pc.utf8_ltrim(pc.utf8_slice_codeunits(hhmm, 1, 3), "0")
        hour = pc.if_else(pc.equal(hour, ""), "0", hour)
        text = pc.binary_join_element_wise("GMT", sign, hour, "")
        text = pc.if_else(pc.equal(minutes, "00"), text, pc.binary_join_element_wise(text, minutes, ":"))
        return pc.if_else(zero, "GMT", text)
    if letter == "Z":
        if width == 4:
            return pc.if_else(zero, "GMT", pc.binary_join_element_wise("GMT", colon, ""))
        return pc.if_else(zero, "Z", colon) if width == 5 else hhmm
    text = short if width == 1 else hhmm if width in (2, 4) else colon
    return pc.if_else(zero, "Z", text) if letter == "X" else text
