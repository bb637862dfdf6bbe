"""PySpark's `Window` and `WindowSpec`: build the ``OVER (...)`` clause of a window function."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import PySparkTypeError
from engine.expr import nodes as n

_JAVA_MIN_LONG = -(1 << 63)
_JAVA_MAX_LONG = (1 << 63) - 1
_PRECEDING_THRESHOLD = max(-sys.maxsize, _JAVA_MIN_LONG)
_FOLLOWING_THRESHOLD = min(sys.maxsize, _JAVA_MAX_LONG)


def _flatten(cols: tuple[Any, ...]) -> list[ColumnOrName]:
    """``f("a", "b")``, ``f(["a", "b"])`` and ``f(col("a"))`` all mean the same columns."""
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


def _sort_order(c: ColumnOrName) -> n.SortOrder:
    """A sort key: a Column built by ``.desc()`` keeps its order, anything else is ascending."""
    e = to_expr(c)
    return e if isinstance(e, n.SortOrder) else n.SortOrder(e, True, None)


def _bound(value: Any, lower: bool) -> int | float | None:
    """A frame offset; values beyond Window's unbounded thresholds mean unbounded (None)."""
    if isinstance(value, Column) or not isinstance(value, (int, float)) or isinstance(value, bool):
        raise PySparkTypeError(
            f"[NOT_INT] Argument `{'start' if lower else 'end'}` should be an int, got {type(value).__name__}.",
            "NOT_INT",
        )
    if (lower and value <= _PRECEDING_THRESHOLD) or (not lower and value >= _FOLLOWING_THRESHOLD):
        return None
    return value


class WindowSpec:
    """Partitioning, ordering and frame of a window; immutable, each method returns a new spec."""

    __slots__ = ("_spec",)

    def __init__(self, spec: n.WindowSpecDef | None = None) -> None:
        self._spec = spec if spec is not None else n.WindowSpecDef()

    def __repr__(self) -> str:
        return f"WindowSpec({self._spec!r})"

    def partitionBy(self, *cols: ColumnOrName | list[ColumnOrName]) -> WindowSpec:  # noqa: N802
        """Rows with equal values of `cols` form one window partition."""
        return WindowSpec(replace(self._spec, partition_by=tuple(to_expr(c) for c in _flatten(cols))))

    def orderBy(self, *cols: ColumnOrName | list[ColumnOrName]) -> WindowSpec:  # noqa: N802
        """Order rows within each partition (names ascending; ``col.desc()`` descending)."""
        return WindowSpec(replace(self._spec, order_by=tuple(_sort_order(c) for c in _flatten(cols))))

    def rowsBetween(self, start: int, end: int) -> WindowSpec:  # noqa: N802
        """A ROWS frame: physical offsets from the current row (0 = current row)."""
        return WindowSpec(replace(self._spec, frame=n.Frame("rows", _bound(start, True), _bound(end, False))))

    def rangeBetween(self, start: int, end: int) -> WindowSpec:  # noqa: N802
        """A RANGE frame: offsets on the value of the single ORDER BY key (0 = current row's peers)."""
        return WindowSpec(
            replace(self._spec, frame=n.Frame("range", _bound(start, True), _bound(end, False)))
        )


class Window:
    """Entry point: ``Window.partitionBy("k").orderBy("t").rowsBetween(-1, 0)``."""

    unboundedPreceding: int = _JAVA_MIN_LONG
    unboundedFollowing: int = _JAVA_MAX_LONG
    currentRow: int = 0

    @staticmethod
    def partitionBy(*cols: ColumnOrName | list[ColumnOrName]) -> WindowSpec:  # noqa: N802
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols: ColumnOrName | list[ColumnOrName]) -> WindowSpec:  # noqa: N802
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:  # noqa: N802
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:  # noqa: N802
        return WindowSpec().rangeBetween(start, end)
