"""Spark's planner refuses a group aggregate pandas UDF beside built-in aggregates."""

from __future__ import annotations

from collections.abc import Sequence

from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr


def refuse_pandas_with_other_aggregates(outputs: Sequence[Expr]) -> None:
    """A group aggregate pandas UDF runs alone: Spark plans it in its own operator and refuses
    one aggregation mixing it with built-in aggregates (``agg(wmean("v"), count("*"))``) when
    the query runs: the DataFrame and its schema exist until then, as in PySpark."""
    pandas: list[str] = []
    plain = False

    def visit(e: Expr) -> None:
        nonlocal plain
        if isinstance(e, n.UDFCall) and e.kind == "pandas_agg":
            pandas.append(e.name)
        elif isinstance(e, n.AggCall):
            plain = True
        else:
            for c in tr.children(e):
                visit(c)

    for o in outputs:
        visit(o)
    if pandas and plain:
        names = ", ".join(f"`{name}`" for name in dict.fromkeys(pandas))
        raise AnalysisException(
            f"[INVALID_PANDAS_UDF_PLACEMENT] The group aggregate pandas UDF {names} cannot be invoked together "
            "with as other, non-pandas aggregate functions. SQLSTATE: 0A000",
            "INVALID_PANDAS_UDF_PLACEMENT",
            {"functionList": names},
        )
