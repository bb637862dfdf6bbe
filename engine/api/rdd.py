"""``sc.parallelize`` and ``df.rdd``: the RDD calls DataFrame programs still write.

An RDD here is driver-local: its partitions are Python lists computed on demand by a chain of
per-partition functions, which is all that `map`/`filter`/`reduceByKey`-style glue code between
DataFrames needs. Heavy work belongs in DataFrames, which run on the cluster.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Partitions = list[list[Any]]


def slices(data: list[Any], count: int) -> Partitions:
    """`data` cut into `count` contiguous partitions of near-equal size, as Spark's
    ParallelCollectionRDD cuts a local collection."""
    return [data[(i * len(data)) // count : ((i + 1) * len(data)) // count] for i in range(count)]


class RDD:
    """A lazily computed list of partitions with PySpark's RDD methods."""

    def __init__(
        self, session: Any, compute: Callable[[], Partitions], num_partitions: Callable[[], int]
    ) -> None:
        self._session = session
        self._compute = compute
        self._num_partitions = num_partitions

    # ------------------------------------------------------------------ building
    def _derive(self, f: Callable[[int, Iterator[Any]], Iterable[Any]]) -> RDD:
        """An RDD whose partition i is `f(i, rows of partition i)`, keeping the partitioning."""
        return RDD(
            self._session,
            lambda: [list(f(i, iter(p))) for i, p in enumerate(self._compute())],
            self._num_partitions,
        )

    def _regroup(self, rows: Callable[[], list[Any]], count: int | None = None) -> RDD:
        """An RDD of `rows()` cut into `count` (default: this RDD's) partitions."""
        parts = count or self._num_partitions()
        return RDD(self._session, lambda: slices(rows(), parts), lambda: parts)

    def map(self, f: Callable[[Any], Any], preservesPartitioning: bool = False) -> RDD:  # noqa: N803
        return self._derive(lambda _, it: map(f, it))

    def flatMap(self, f: Callable[[Any], Iterable[Any]], preservesPartitioning: bool = False) -> RDD:  # noqa: N802, N803
        return self._derive(lambda _, it: itertools.chain.from_iterable(map(f, it)))

    def filter(self, f: Callable[[Any], bool]) -> RDD:
        return self._derive(lambda _, it: (x for x in it if f(x)))

    def mapPartitions(
        self, f: Callable[[Iterator[Any]], Iterable[Any]], preservesPartitioning: bool = False
    ) -> RDD:  # noqa: N802, N803
        return self._derive(lambda _, it: f(it))

    def mapPartitionsWithIndex(  # noqa: N802
        self,
        f: Callable[[int, Iterator[Any]], Iterable[Any]],
        preservesPartitioning: bool = False,  # noqa: N803
    ) -> RDD:
        return self._derive(f)

    def glom(self) -> RDD:
        return self._derive(lambda _, it: [list(it)])

    def mapValues(self, f: Callable[[Any], Any]) -> RDD:  # noqa: N802
        return self.map(lambda kv: (kv[0], f(kv[1])))

    def flatMapValues(self, f: Callable[[Any], Iterable[Any]]) -> RDD:  # noqa: N802
        return self.flatMap(lambda kv: ((kv[0], v) for v in f(kv[1])))

    def keys(self) -> RDD:
        return self.map(lambda kv: kv[0])

    def values(self) -> RDD:
        return self.map(lambda kv: kv[1])

    def keyBy(self, f: Callable[[Any], Any]) -> RDD:  # noqa: N802
        return self.map(lambda x: (f(x), x))

    def zipWithIndex(self) -> RDD:  # noqa: N802
        return self._regroup(lambda: [(x, i) for i, x in enumerate(self.collect())])

    def distinct(self, numPartitions: int | None = None) -> RDD:  # noqa: N803
        return self._regroup(lambda: list(dict.fromkeys(self.collect())), numPartitions)

    def union(self, other: RDD) -> RDD:
        return RDD(
            self._session,
            lambda: self._compute() + other._compute(),
            lambda: self._num_partitions() + other._num_partitions(),
        )

    def repartition(self, numPartitions: int) -> RDD:  # noqa: N803
        return self._regroup(self.collect, numPartitions)

    def coalesce(self, numPartitions: int, shuffle: bool = False) -> RDD:  # noqa: N803
        return self._regroup(self.collect, min(numPartitions, self._num_partitions()))

    def sortBy(
        self, keyfunc: Callable[[Any], Any], ascending: bool = True, numPartitions: int | None = None
    ) -> RDD:  # noqa: N802, N803
        return self._regroup(
            lambda: sorted(self.collect(), key=keyfunc, reverse=not ascending), numPartitions
        )

    def sortByKey(  # noqa: N802
        self,
        ascending: bool = True,
        numPartitions: int | None = None,  # noqa: N803
        keyfunc: Callable[[Any], Any] = lambda k: k,
    ) -> RDD:
        return self.sortBy(lambda kv: keyfunc(kv[0]), ascending, numPartitions)

    def groupByKey(self, numPartitions: int | None = None) -> RDD:  # noqa: N802, N803
        def grouped() -> list[Any]:
            groups: dict[Any, list[Any]] = {}
            for k, v in self.collect():
                groups.setdefault(k, []).append(v)
            return list(groups.items())

        return self._regroup(grouped, numPartitions)

    def reduceByKey(self, func: Callable[[Any, Any], Any], numPartitions: int | None = None) -> RDD:  # noqa: N802, N803
        return self.groupByKey(numPartitions).mapValues(lambda vs: functools.reduce(func, vs))

    def foldByKey(self, zeroValue: Any, func: Callable[[Any, Any], Any]) -> RDD:  # noqa: N802, N803
        return self.groupByKey().mapValues(lambda vs: functools.reduce(func, vs, zeroValue))

    def join(self, other: RDD, numPartitions: int | None = None) -> RDD:  # noqa: N803
        def joined() -> list[Any]:
            right: dict[Any, list[Any]] = {}
            for k, v in other.collect():
                right.setdefault(k, []).append(v)
            return [(k, (v, w)) for k, v in self.collect() for w in right.get(k, ())]

        return self._regroup(joined, numPartitions)

    def cache(self) -> RDD:
        return self

    def persist(self, storageLevel: Any = None) -> RDD:  # noqa: N803
        return self

    def unpersist(self, blocking: bool = False) -> RDD:
        return self

    # ------------------------------------------------------------------ actions
    def getNumPartitions(self) -> int:  # noqa: N802
        return self._num_partitions()

    def collect(self) -> list[Any]:
        return [x for p in self._compute() for x in p]

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[Any]:  # noqa: N802, N803
        yield from self.collect()

    def count(self) -> int:
        return len(self.collect())

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.collect()

    def first(self) -> Any:
        rows = self.take(1)
        if not rows:
            raise ValueError("RDD is empty")
        return rows[0]

    def take(self, num: int) -> list[Any]:
        return self.collect()[:num]

    def top(self, num: int, key: Callable[[Any], Any] | None = None) -> list[Any]:
        return sorted(self.collect(), key=key, reverse=True)[:num]

    def takeOrdered(self, num: int, key: Callable[[Any], Any] | None = None) -> list[Any]:  # noqa: N802
        return sorted(self.collect(), key=key)[:num]

    def reduce(self, f: Callable[[Any, Any], Any]) -> Any:
        rows = self.collect()
        if not rows:
            raise ValueError("Can not reduce() empty RDD")
        return functools.reduce(f, rows)

    def fold(self, zeroValue: Any, op: Callable[[Any, Any], Any]) -> Any:  # noqa: N803
        return functools.reduce(op, (functools.reduce(op, p, zeroValue) for p in self._compute()), zeroValue)

    def sum(self) -> Any:
        return self.fold(0, operator.add)

    def max(self, key: Callable[[Any], Any] | None = None) -> Any:
        return max(self.collect(), key=key)

    def min(self, key: Callable[[Any], Any] | None = None) -> Any:
        return min(self.collect(), key=key)

    def mean(self) -> float:
        rows = self.collect()
        return sum(rows) / len(rows) if rows else float("nan")

    def collectAsMap(self) -> dict[Any, Any]:  # noqa: N802
        return dict(self.collect())

    def countByKey(self) -> dict[Any, int]:  # noqa: N802
        return self.map(lambda kv: kv[0]).countByValue()

    def countByValue(self) -> dict[Any, int]:  # noqa: N802
        counts: dict[Any, int] = {}
        for x in self.collect():
            counts[x] = counts.get(x, 0) + 1
        return counts

    def foreach(self, f: Callable[[Any], None]) -> None:
        for x in self.collect():
            f(x)

    def foreachPartition(self, f: Callable[[Iterator[Any]], None]) -> None:  # noqa: N802
        for p in self._compute():
            f(iter(p))

    def toDF(self, schema: Any = None, sampleRatio: float | None = None) -> Any:  # noqa: N802, N803
        """A DataFrame of these rows, as ``spark.createDataFrame(rdd, schema)``."""
        return self._session.createDataFrame(self.collect(), schema)


def dataframe_rdd(df: Any) -> RDD:
    """``df.rdd``: the DataFrame's rows in the partitions its plan produces them in."""

    def num_partitions() -> int:
        from engine.api.execution import physical_stages

        _, stages = physical_stages(df._session, df._plan)
        return int(stages[-1].num_partitions)

    return RDD(df._session, lambda: dataframe_partitions(df), num_partitions)


def dataframe_partitions(df: Any) -> Partitions:
    """The rows of each partition of `df`, as Rows (``glom()``, ``foreachPartition``)."""
    from engine.api.convert import table_to_rows

    return [table_to_rows(t) for t in df._session.execute_partitions(df._plan)]


class Broadcast:
    """``sc.broadcast(v)``: a read-only value shared with tasks (driver-local here)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def unpersist(self, blocking: bool = False) -> None:
        """Nothing to release: the value lives in the driver."""

    def destroy(self, blocking: bool = False) -> None:
        """Nothing to release: the value lives in the driver."""


class Accumulator:
    """``sc.accumulator(v)``: a value functions passed to ``foreach`` add to."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def add(self, term: Any) -> None:
        self.value += term

    def __iadd__(self, term: Any) -> Accumulator:
        self.add(term)
        return self
