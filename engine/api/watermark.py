"""``DataFrame.withWatermark`` on batch data: checked as Spark checks it, then without effect.

A watermark bounds the state of a streaming query; Spark drops it from batch plans, and
engine reads no streams, so the DataFrame is returned unchanged once its arguments pass.
"""

from __future__ import annotations

from typing import Any

from engine.errors import AnalysisException, IllegalArgumentException, PySparkTypeError


def with_watermark(df: Any, event_time: Any, delay: Any) -> Any:
    """`df` itself, after Spark's checks of `event_time` (a column name) and `delay` (an interval)."""
    from engine.functions.time_window import _micros

    if not isinstance(event_time, str):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `eventTime` should be str, got {type(event_time).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    if not isinstance(delay, str) or not delay.strip():
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `delayThreshold` should be str, got {type(delay).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    try:
        micros = _micros(delay)
    except IllegalArgumentException as e:
        raise AnalysisException(
            f"[CANNOT_PARSE_INTERVAL] Unable to parse '{delay}'. Please ensure that the value provided is in a valid "
            "format for defining an interval.",
            "CANNOT_PARSE_INTERVAL",
            {"intervalString": f"'{delay}'"},
        ) from e
    if micros < 0:
        raise IllegalArgumentException(f"requirement failed: delay threshold ({delay}) should not be negative.")
    return df
