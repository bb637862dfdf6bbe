"""``DataFrame.toJSON()``: every row as one JSON object string, in an RDD-like handle.

PySpark (with ``spark.sql.pyspark.toJSON.returnDataFrame`` unset, the default) returns an
RDD of ``str``, else a DataFrame with one string column ``value``. engine has no RDD API, so `JsonStrings` offers the RDD actions people call on
it (collect, take, first, count, ...). The text is built by the ``to_json`` kernel over
``struct(*columns)`` in each partition, so it is Spark's exactly: null fields left out, dates
and timestamps in ISO 8601 at the session zone, doubles as Java prints them.
"""

from __future__ import annotations

import warnings
from typing import Any

from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.logical import builder as B
from engine.logical.nodes import output


class JsonStrings:
    """The rows of a DataFrame as JSON strings (PySpark's ``RDD[str]`` from ``toJSON``)."""

    def __init__(self, df: Any) -> None:
        self._df = json_frame(df)

    def collect(self) -> list[str]:
        return self._df.toArrow().column(0).to_pylist()

    def take(self, num: int) -> list[str]:
        return self._df.limit(num).toArrow().column(0).to_pylist()

    def first(self) -> str:
        rows = self.take(1)
        if not rows:
            from engine.errors import PySparkValueError

            raise PySparkValueError("[CANNOT_BE_EMPTY] RDD is empty", "CANNOT_BE_EMPTY")
        return rows[0]

    def count(self) -> int:
        return self._df.count()

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.take(1)

    def getNumPartitions(self) -> int:  # noqa: N802
        return self._df.rdd.getNumPartitions()

    def toLocalIterator(self) -> Any:  # noqa: N802
        yield from self.collect()


def json_frame(df: Any) -> Any:
    """`df`'s rows as one string column ``value`` of JSON objects."""
    attrs = output(df._plan)
    text = n.UnresolvedFunction("to_json", (n.UnresolvedFunction("struct", attrs),)) if attrs else literal("{}")
    return df._new(B.project(df._plan, [n.Alias(text, "value")]))


def to_json_strings(df: Any) -> Any:
    """What ``df.toJSON()`` returns: the JSON DataFrame when
    ``spark.sql.pyspark.toJSON.returnDataFrame`` is set, else (with PySpark's warning that the
    type will change) the RDD-like handle."""
    if df._session.conf.get_bool("spark.sql.pyspark.toJSON.returnDataFrame", False):
        return json_frame(df)
    warnings.warn(
        "The return type of DataFrame.toJSON will be changed from RDD to DataFrame in future releases.",
        UserWarning,
        stacklevel=3,
    )
    return JsonStrings(df)
