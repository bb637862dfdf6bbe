"""``OVER (...)`` clauses and ``WINDOW w AS (...)`` definitions -> engine window specs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from engine.errors import AnalysisException
from engine.expr import nodes as n
from sql.literals import interval_literal

if TYPE_CHECKING:
    from sql.expressions import ExprTranslator


def window_spec(e: exp.Window, tr: ExprTranslator) -> n.WindowSpecDef:
    """The spec of ``f OVER (...)``; a named window (``OVER w`` / ``OVER (w)``) is its definition
    in the WINDOW clause (the parser refuses ``OVER (w ORDER BY y)``, as Spark's grammar does)."""
    partition = [tr(p) for p in e.args.get("partition_by") or []]
    order = e.args.get("order")
    orders = [tr(o) for o in order.expressions] if order is not None else []
    frame = _frame(e.args.get("spec"))
    ref = e.args.get("alias")
    if ref is not None:
        base = tr.windows.get(ref.name.lower())
        if base is None:
            raise AnalysisException(
                f"[MISSING_WINDOW_SPECIFICATION] Window specification is not defined in the WINDOW clause for "
                f"{ref.name}. For more information about WINDOW clauses, please refer to "
                "'https://spark.apache.org/docs/latest/sql-ref-syntax-qry-select-window.html'.",
                "MISSING_WINDOW_SPECIFICATION",
            )
        assert isinstance(base, exp.Window)
        named = window_spec(base, tr)
        partition = partition or list(named.partition_by)
        orders = orders or list(named.order_by)
        frame = frame or named.frame
    return n.WindowSpecDef(tuple(partition), tuple(orders), frame)  # type: ignore[arg-type]


def _frame(spec: exp.Expr | None) -> n.Frame | None:
    if spec is None:
        return None
    kind = str(spec.args.get("kind") or "rows").lower()
    start = _bound(spec.args.get("start"), spec.args.get("start_side"))
    end = _bound(spec.args.get("end"), spec.args.get("end_side"))
    return n.Frame(kind, start, end, sql_preceding=True)


def _bound(value: object, side: object) -> int | float | n.Literal | None:
    """A frame offset: None for UNBOUNDED, negative for PRECEDING; an interval stays a literal."""
    text = value.name if isinstance(value, exp.Expr) else str(value or "")
    if text.upper() == "UNBOUNDED":
        return None
    if text.upper() in ("CURRENT ROW", "CURRENT_ROW", ""):
        return 0
    preceding = str(side).lower() == "preceding"
    if isinstance(value, exp.Interval):
        interval = interval_literal(value)
        return n.Literal(-interval.value, interval.dtype) if preceding else interval  # type: ignore[operator]
    if isinstance(value, exp.Literal) and not value.is_string:
        number = float(value.this) if "." in str(value.this) else int(value.this)
        return -number if preceding else number
    raise AnalysisException(
        f"[UNSUPPORTED_FEATURE] The feature is not supported: window frame bound {text!r} "
        "(use a number of rows/values or an interval). SQLSTATE: 0A000",
        "UNSUPPORTED_FEATURE",
    )
