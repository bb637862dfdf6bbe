"""``F.window`` in a select, withColumn or groupBy: the rows it keeps and the rows it adds.

Spark computes a time window below the operator that uses it (its TimeWindowing rule): a
row whose time is null is dropped (no window holds it), a tumbling window is a non-null
``struct<start, end>``, and a sliding window turns each row into one row per window that
holds its time (latest start first). ``F.window`` therefore returns a marker call that these
operators expand here, over the plan they read.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.api.column import Column
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.display import sql_name
from engine.expr.literals import literal
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import dtype_of
from engine.functions.time_window import TIME_WINDOW, session_windows, sliding_windows, tumbling_bounds
from engine.logical import builder as B
from engine.logical.nodes import LogicalPlan, output


def expand_time_windows(
    plan: LogicalPlan, exprs: Sequence[n.Expr], case_sensitive: bool
) -> tuple[LogicalPlan, list[n.Expr]]:
    """`plan` with the window `exprs` use computed as a column, and `exprs` reading it.

    Example: ``select("k", window("t", "10 minutes", "5 minutes"))`` over rows at 00:07 and
    null reads a plan of two rows, the windows 00:00-00:10 and 00:05-00:15 of the first.
    """
    widened, value, read = _windowed(plan, exprs, case_sensitive)
    if value is None:
        return plan, list(exprs)
    # ``*`` still means the columns the caller's frame has, not the window added here
    stars = [a for a in output(plan) if not a.hidden]
    expanded = [x for e in read for x in (stars if _plain_star(e) else [e])]
    return widened, expanded


def filter_time_window(plan: LogicalPlan, condition: n.Expr, case_sensitive: bool) -> LogicalPlan | None:
    """``filter(window(...).start > x)`` as Spark's TimeWindowing runs it: the rows of `plan`
    (one per window a row falls in) that pass, with the ``window`` column kept, first; None
    when `condition` calls no window."""
    widened, value, (cond,) = _windowed(plan, [condition], case_sensitive)
    if value is None:
        return None
    *kept, _ = output(widened)
    return B.project(B.filter_(widened, cond, case_sensitive), [n.Alias(value, "window"), *kept], case_sensitive)


def _windowed(
    plan: LogicalPlan, exprs: Sequence[n.Expr], case_sensitive: bool
) -> tuple[LogicalPlan, n.Expr | None, list[n.Expr]]:
    """`plan` widened by the window column `exprs` call, that column's value (None without a
    call), and `exprs` reading it."""
    calls = {x for e in exprs for x in tr.walk(e) if isinstance(x, n.UnresolvedFunction) and x.name == TIME_WINDOW}
    if not calls:
        return plan, None, list(exprs)
    if len(calls) > 1:
        raise _several_windows()
    call = calls.pop()
    durations = [d.value for d in call.args[1:] if isinstance(d, n.Literal)]
    time = Column(_time_column(call, plan, case_sensitive)).cast("timestamp")
    kept = B.filter_(plan, time.isNotNull().expr, case_sensitive)
    if durations[0] == durations[1]:
        window = n.Alias(tumbling_bounds(time, durations[0], durations[2]).expr, "window")
        widened = B.project(kept, [*output(kept), window], case_sensitive)
    else:
        windows = sliding_windows(time, *durations).expr
        exploded = B.project(
            kept, [*output(kept), n.Alias(n.UnresolvedFunction("explode", (windows,)), "window")], case_sensitive
        )
        window_attr = output(exploded)[-1]
        end = n.UnresolvedExtract(window_attr, literal("end"))
        widened = B.filter_(exploded, n.UnresolvedFunction("<", (time.expr, end)), case_sensitive)
    attr = output(widened)[-1]
    # Spark types a sliding window nullable, a tumbling one not (`CASE WHEN w IS NOT NULL THEN w END` is w)
    nullable = n.CaseWhen(((n.UnresolvedFunction("isnotnull", (attr,)), attr),), None)
    value: n.Expr = attr if durations[0] == durations[1] else nullable
    return widened, value, [tr.transform_up(e, lambda x: value if x == call else x) for e in exprs]


def _time_column(call: n.UnresolvedFunction, plan: LogicalPlan, case_sensitive: bool) -> n.Expr:
    """The time a window call reads, checked as Spark checks it: a timestamp (or a string,
    read as one) and a slide no longer than the window, both durations positive."""
    ts = resolve(call.args[0], Scope(output(plan), case_sensitive))
    size, slide, start = (d.value for d in call.args[1:] if isinstance(d, n.Literal))
    shown = f'"window({sql_name(ts)}, {size}, {slide}, {start})"'
    t = dtype_of(ts)
    if not isinstance(t, (T.TimestampType, T.TimestampNTZType, T.StringType)):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve {shown} due to data type mismatch: "
            'The first parameter requires the ("(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)" or '
            '"STRUCT<start: TIMESTAMP, end: TIMESTAMP>" or "STRUCT<start: TIMESTAMP_NTZ, end: TIMESTAMP_NTZ>") '
            f'type, however "{sql_name(ts)}" has the type "{t.simpleString().upper()}".',
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        )
    for name, value in (("window_duration", size), ("slide_duration", slide)):
        if value <= 0:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve {shown} due to data type mismatch: "
                f"The `{name}` must be between (0, 9223372036854775807] (current value = {value}L).",
                "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
            )
    if slide > size:
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION] Cannot resolve {shown} due to data type "
            f"mismatch: The `slide_duration`({slide}L) must be <= the `window_duration`({size}L).",
            "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION",
        )
    return call.args[0]


def expand_session_window(
    plan: LogicalPlan, keys: Sequence[n.Expr], case_sensitive: bool
) -> tuple[LogicalPlan, list[n.Expr]]:
    """`plan` with each row's ``session_window`` (per value of the other grouping `keys`)
    computed, rows with a null time dropped; `keys` reading it. Only a groupBy has sessions."""
    calls = {x for k in keys for x in tr.walk(k) if isinstance(x, n.UnresolvedFunction) and x.name == "session_window"}
    if not calls:
        return plan, list(keys)
    if len(calls) > 1:
        raise _several_windows()
    call = calls.pop()
    ts, gap = call.args
    others = [Column(k) for k in keys if call not in tr.walk(k)]
    plan = B.filter_(plan, Column(ts).isNotNull().expr, case_sensitive)
    assert isinstance(gap, n.Literal)
    for name, col in session_windows(Column(ts), gap.value, others):
        plan = B.project(plan, [*output(plan), n.Alias(col.expr, name)], case_sensitive)
    attr = output(plan)[-1]
    return plan, [tr.transform_up(k, lambda x: attr if x == call else x) for k in keys]


def _several_windows() -> AnalysisException:
    return AnalysisException(
        "Multiple time/session window expressions would result in a cartesian "
        "product of rows, therefore they are currently not supported.",
        "_LEGACY_ERROR_TEMP_1039",
    )


def _plain_star(e: n.Expr) -> bool:
    return isinstance(e, n.UnresolvedStar) and e.qualifier is None and e.pattern is None and e.columns is None

