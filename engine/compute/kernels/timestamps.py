"""Kernels of the Spark 4 date/timestamp builders (see engine.expr.signatures.timestamps)."""

from __future__ import annotations

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.expr.nodes import Call


@kernel("date_from_unix_date")
def _date_from_unix_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The date `days` after 1970-01-01."""
    return args[0].cast(pa.int32()).cast(pa.date32())
