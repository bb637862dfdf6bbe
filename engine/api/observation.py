"""``DataFrame.observe`` and `Observation`: named aggregates computed when an action runs.

``df.observe(obs, F.count(F.lit(1)).alias("rows"))`` returns `df` marked by a no-op
projection; the session remembers the mark. When an action runs a plan containing the
mark, the session then computes the aggregates over the marked DataFrame (one extra job,
the same rows) and hands them to the Observation, whose ``get`` returns them as a dict.
Spark computes them in the same pass, over only the rows the action consumed; engine's
extra job sees every row of the marked DataFrame (a ``limit`` after observe does not cut it).
"""

from __future__ import annotations

import uuid
from typing import Any

from engine.api.column import Column
from engine.errors import AnalysisException, PySparkAssertionError, PySparkTypeError, PySparkValueError
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.logical import nodes as L
from engine.logical.nodes import output


class Observation:
    """Metrics of a DataFrame (PySpark's ``pyspark.sql.Observation``), read after an action."""

    def __init__(self, name: str | None = None) -> None:
        if name is not None:
            if not isinstance(name, str):
                raise PySparkTypeError(
                    f"[NOT_EXPECTED_TYPE] Argument `name` should be str, got {type(name).__name__}.",
                    "NOT_EXPECTED_TYPE",
                )
            if name == "":
                raise PySparkValueError(
                    "[VALUE_NOT_NON_EMPTY_STR] Value for `name` must be a non-empty string, got ''.",
                    "VALUE_NOT_NON_EMPTY_STR",
                )
        self._name = name if name is not None else str(uuid.uuid4())
        self._observed = False
        self._metrics: dict[str, Any] | None = None

    def _on(self, df: Any, *exprs: Column) -> Any:
        if self._observed:
            raise PySparkAssertionError(
                "[REUSE_OBSERVATION] An Observation can be used with a DataFrame only once.", "REUSE_OBSERVATION"
            )
        self._observed = True
        return mark(df, self._name, exprs, self)

    @property
    def get(self) -> dict[str, Any]:
        """The metrics, once an action on the observed DataFrame (or one built on it) has run."""
        if not self._observed:
            raise PySparkAssertionError(
                "[NO_OBSERVE_BEFORE_GET] Should observe by calling `DataFrame.observe` before `get`.",
                "NO_OBSERVE_BEFORE_GET",
            )
        if self._metrics is None:
            raise PySparkAssertionError(
                f"[NO_ACTION_BEFORE_GET] No action has run on the DataFrame observed by '{self._name}' yet; "
                "run one (collect(), count(), write) before reading its metrics.",
                "NO_ACTION_BEFORE_GET",
            )
        return dict(self._metrics)

    def _set(self, metrics: dict[str, Any]) -> None:
        self._metrics = metrics


def observe(df: Any, observation: Any, exprs: tuple[Any, ...]) -> Any:
    """``df.observe(observation, *exprs)`` with PySpark's argument checks."""
    if not exprs:
        raise PySparkValueError("[CANNOT_BE_EMPTY] At least one exprs must be specified.", "CANNOT_BE_EMPTY")
    if not all(isinstance(c, Column) for c in exprs):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `exprs` should be list[Column], got {type(exprs).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    if isinstance(observation, Observation):
        return observation._on(df, *exprs)
    if isinstance(observation, str):
        return mark(df, observation, exprs, None)
    raise PySparkTypeError(
        f"[NOT_LIST_OF_COLUMN] Argument `observation` should be an Observation or str, got "
        f"{type(observation).__name__}.",
        "NOT_LIST_OF_COLUMN",
    )


def mark(df: Any, name: str, exprs: tuple[Column, ...], observation: Observation | None) -> Any:
    """`df` behind a fresh marker node the session recognizes (by identity) when it runs."""
    from engine.expr.resolve import resolve

    scope = df._scope()
    for c in exprs:
        _check_aggregate(resolve(c.expr, scope), name, c.expr)
    marker = L.Project(df._plan, output(df._plan))
    if observation is not None:
        df._session._observations[id(marker)] = (marker, observation, tuple(c.expr for c in exprs))
    return df._new(marker)


def _check_aggregate(e: n.Expr, name: str, raw: n.Expr) -> None:
    """Spark's rule: a column may appear only inside an aggregate function."""
    if _bare_attribute(e):
        from engine.expr.display import sql_name

        shown = f"{sql_name(tr.strip_alias(e))} AS {e.name}" if isinstance(e, n.Alias) else sql_name(e)
        raise AnalysisException(
            f'[INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE] Invalid observed metrics. Attribute "{shown}" '
            f"can only be used as an argument to an aggregate function (observation '{name}').",
            "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE",
            {"expr": f'"{shown}"'},
        )


def _bare_attribute(e: n.Expr) -> bool:
    if isinstance(e, n.AggCall):
        return False
    if isinstance(e, n.Attribute):
        return True
    return any(_bare_attribute(c) for c in tr.children(e))


def collect_metrics(session: Any, plan: L.LogicalPlan) -> None:
    """After a job over `plan`: computes and hands over the metrics of the observations in it."""
    if not session._observations:
        return
    found = []
    stack = [plan]
    while stack:
        p = stack.pop()
        entry = session._observations.get(id(p))
        if entry is not None and entry[0] is p:
            found.append(entry)
        stack.extend(L.children(p))
    for marker, observation, exprs in found:
        session._observations.pop(id(marker), None)
        from engine.api.dataframe import DataFrame

        rows = DataFrame(session, marker.input).agg(*[Column(e) for e in exprs]).collect()
        observation._set(rows[0].asDict() if rows else {})
