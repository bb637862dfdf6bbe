"""Window / WindowSpec builders and window-function type rules, run through the window operator."""

from __future__ import annotations

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.api.column import Column
from engine.compute.context import EvalContext
from engine.compute.window import window
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.resolve import Scope, resolve
from engine.physical.nodes import MemoryExec, WindowExec
from engine.window import Window, WindowSpec

ATTRS = (
    n.Attribute("g", T.StringType(), True, 1),
    n.Attribute("o", T.LongType(), True, 2),
    n.Attribute("v", T.LongType(), True, 3),
)
TABLE = pa.table({"g#1": ["a", "a", "a", "b"], "o#2": [3, 1, 2, 1], "v#3": [30, None, 20, 5]})


def run(col: Column, spec: WindowSpec) -> dict[tuple[str, int], object]:
    e = resolve(col.over(spec).expr, Scope(ATTRS, False, ()))
    assert isinstance(e, n.WindowExpr)
    op = WindowExec(MemoryExec(()), (n.Alias(e, "w", 50),), e.spec.partition_by, e.spec.order_by)
    out = window(TABLE, op, EvalContext())
    return dict(
        zip(zip(out.column("g#1").to_pylist(), out.column("o#2").to_pylist()), out.column("w#50").to_pylist())
    )


def test_spec_building() -> None:
    spec = (
        Window.partitionBy(["g"])
        .orderBy("o", F.col("v").desc())
        .rowsBetween(Window.unboundedPreceding, 1)
        ._spec
    )
    assert spec.partition_by == (n.UnresolvedColumn("g"),)
    assert spec.order_by == (
        n.SortOrder(n.UnresolvedColumn("o")),
        n.SortOrder(n.UnresolvedColumn("v"), False),
    )
    assert spec.frame == n.Frame("rows", None, 1)
    frame = Window.orderBy("o").rangeBetween(Window.currentRow, Window.unboundedFollowing)._spec.frame
    assert frame == n.Frame("range", 0, None)


def test_functions_end_to_end() -> None:
    w = Window.partitionBy("g").orderBy("o")
    assert run(F.row_number(), w) == {("a", 1): 1, ("a", 2): 2, ("a", 3): 3, ("b", 1): 1}
    assert run(F.lag("v", 1, -1), w) == {("a", 1): -1, ("a", 2): None, ("a", 3): 20, ("b", 1): -1}
    assert run(F.lead("v"), w) == {("a", 1): 20, ("a", 2): 30, ("a", 3): None, ("b", 1): None}
    assert run(F.nth_value("v", 1, True), w.rowsBetween(-1, 0)) == {
        ("a", 1): None,
        ("a", 2): 20,
        ("a", 3): 20,
        ("b", 1): 5,
    }
    assert run(F.ntile(2), w) == {("a", 1): 1, ("a", 2): 1, ("a", 3): 2, ("b", 1): 1}
    assert run(F.cume_dist(), Window.partitionBy("g").orderBy(F.col("o").desc()))[("a", 2)] == pytest.approx(
        2 / 3
    )


def test_type_rules() -> None:
    scope = Scope(ATTRS, False, ())
    w = Window.orderBy("o")
    assert resolve(F.percent_rank().over(w).expr, scope).dtype == T.DoubleType()  # type: ignore[union-attr]
    assert resolve(F.lag("g").over(w).expr, scope).dtype == T.StringType()  # type: ignore[union-attr]
    with pytest.raises(AnalysisException):
        resolve(F.ntile(0).over(w).expr, scope)
