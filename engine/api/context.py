"""``spark.sparkContext`` and ``df.rdd``: the parts of the RDD world DataFrame users touch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StorageLevel:
    """Where cached partitions live; engine keeps them in the (Ray) object store either way."""

    useDisk: bool  # noqa: N815
    useMemory: bool  # noqa: N815
    useOffHeap: bool  # noqa: N815
    deserialized: bool
    replication: int = 1

    NONE: Any = None
    MEMORY_ONLY: Any = None
    MEMORY_AND_DISK: Any = None
    DISK_ONLY: Any = None


StorageLevel.NONE = StorageLevel(False, False, False, False)  # type: ignore[misc]
StorageLevel.MEMORY_ONLY = StorageLevel(False, True, False, False)  # type: ignore[misc]
StorageLevel.MEMORY_AND_DISK = StorageLevel(True, True, False, False)  # type: ignore[misc]
StorageLevel.DISK_ONLY = StorageLevel(True, False, False, False)  # type: ignore[misc]


class SparkContext:
    """A view of the session's cluster settings, named as PySpark's SparkContext."""

    def __init__(self, session: Any) -> None:
        self._session = session

    @property
    def appName(self) -> str:  # noqa: N802
        return self._session.conf.get("spark.app.name")

    @property
    def master(self) -> str:
        return self._session.conf.get("spark.master", "ray")

    @property
    def defaultParallelism(self) -> int:  # noqa: N802
        return self._session.default_parallelism

    @property
    def uiWebUrl(self) -> str | None:  # noqa: N802
        return getattr(self._session, "ui_url", None)

    def setCheckpointDir(self, dirName: str) -> None:  # noqa: N802, N803
        self._session.conf.set("spark.checkpoint.dir", dirName)

    def getCheckpointDir(self) -> str | None:  # noqa: N802
        return self._session.conf.get("spark.checkpoint.dir", None)

    def setLogLevel(self, logLevel: str) -> None:  # noqa: N802, N803
        self._session.conf.set("engine.logLevel", logLevel)

    def stop(self) -> None:
        self._session.stop()


class PartitionView:
    """``df.rdd``: partition count and row access, without an RDD API."""

    def __init__(self, df: Any) -> None:
        self._df = df

    def getNumPartitions(self) -> int:  # noqa: N802
        from engine.api.execution import physical_stages

        _, stages = physical_stages(self._df._session, self._df._plan)
        return stages[-1].num_partitions

    def collect(self) -> list[Any]:
        return self._df.collect()

    def count(self) -> int:
        return self._df.count()
