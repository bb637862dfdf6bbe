"""``OVER (...)`` clauses and ``WINDOW w AS (...)`` definitions -> engine window specs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from engine.errors import AnalysisException, ParseException
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


def named_windows(s: exp.Select) -> dict[str, exp.Expr]:
    """The WINDOW clause's definitions by name; one name defined twice is Spark's syntax error."""
    found: dict[str, exp.Expr] = {}
    for w in s.args.get("windows") or []:
        if w.name.lower() in found:
            raise ParseException(
                f"[INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION] Invalid SQL syntax: The definition of window "
                f"`{w.name}` is repetitive. SQLSTATE: 42000",
                "INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION",
            )
        found[w.name.lower()] = w
    return found


def _frame(spec: exp.Expr | None) -> n.Frame | None:
    if spec is None:
        return None
    kind = str(spec.args.get("kind") or "rows").lower()
    start = _bound(spec.args.get("start"), spec.args.get("start_side"), kind)
    end = _bound(spec.args.get("end"), spec.args.get("end_side"), kind)
    if (start is None and _following(spec, "start")) or (end is None and not _following(spec, "end")):
        # ``BETWEEN UNBOUNDED FOLLOWING AND ...`` / ``... AND UNBOUNDED PRECEDING``: no frame
        shown = f"{kind.upper()} BETWEEN {_bound_sql(spec, 'start')} AND {_bound_sql(spec, 'end')}"
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_INVALID_BOUND] Cannot resolve "{shown}" due to data type '
            f'mismatch: Window frame upper bound "{_bound_sql(spec, "end", side=False)}" does not follow the lower '
            f'bound "{_bound_sql(spec, "start")}". SQLSTATE: 42K09',
            "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_INVALID_BOUND",
        )
    return n.Frame(kind, start, end, sql_preceding=True)


def _is_float_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _following(spec: exp.Expr, which: str) -> bool:
    return str(spec.args.get(f"{which}_side") or "").lower() == "following"


def _bound_sql(spec: exp.Expr, which: str, side: bool = True) -> str:
    value = spec.args.get(which)
    text = value.name if isinstance(value, exp.Expr) else str(value or "CURRENT ROW")
    text = text.upper() if text.upper() in ("UNBOUNDED", "CURRENT ROW") else text
    bound_side = str(spec.args.get(f"{which}_side") or "").upper()
    return f"{text} {bound_side}" if side and bound_side and text != "CURRENT ROW" else text


def _bound(value: object, side: object, kind: str = "rows") -> int | float | n.Literal | None:
    """A frame offset: None for UNBOUNDED, negative for PRECEDING; an interval stays a literal.
    A RANGE offset written as a number in a string (``'inf' PRECEDING``, ``'NaN' FOLLOWING``) is
    that number, which Spark casts to the ORDER BY key's type."""
    text = value.name if isinstance(value, exp.Expr) else str(value or "")
    if text.upper() == "UNBOUNDED":
        return None
    if text.upper() in ("CURRENT ROW", "CURRENT_ROW") or value is None or value == "":
        return 0
    preceding = str(side).lower() == "preceding"
    if isinstance(value, exp.Interval):
        interval = interval_literal(value)
        return n.Literal(-interval.value, interval.dtype) if preceding else interval  # type: ignore[operator]
    if isinstance(value, exp.Literal) and not value.is_string:
        number = float(value.this) if "." in str(value.this) else int(value.this)
        return -number if preceding else number
    if isinstance(value, exp.Literal) and kind == "range" and _is_float_text(str(value.this)):
        number = float(str(value.this))
        return -number if preceding else number
    raise AnalysisException(
        f"[UNSUPPORTED_FEATURE] The feature is not supported: window frame bound {text!r} "
        "(use a number of rows/values or an interval). SQLSTATE: 0A000",
        "UNSUPPORTED_FEATURE",
    )
