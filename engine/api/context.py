"""``spark.sparkContext``: the parts of the SparkContext DataFrame users touch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from engine.api.rdd import RDD, Accumulator, Broadcast, slices
from engine.api.session import _check_tag


@dataclass(frozen=True)
class StorageLevel:
    """Where cached partitions live, as PySpark names it; engine keeps them in the (Ray) object
    store whichever level is asked for, and reports back the level asked for."""

    useDisk: bool  # noqa: N815
    useMemory: bool  # noqa: N815
    useOffHeap: bool  # noqa: N815
    deserialized: bool
    replication: int = 1

    NONE: ClassVar[StorageLevel]
    DISK_ONLY: ClassVar[StorageLevel]
    DISK_ONLY_2: ClassVar[StorageLevel]
    DISK_ONLY_3: ClassVar[StorageLevel]
    MEMORY_ONLY: ClassVar[StorageLevel]
    MEMORY_ONLY_2: ClassVar[StorageLevel]
    MEMORY_AND_DISK: ClassVar[StorageLevel]
    MEMORY_AND_DISK_2: ClassVar[StorageLevel]
    MEMORY_AND_DISK_DESER: ClassVar[StorageLevel]
    OFF_HEAP: ClassVar[StorageLevel]

    def __repr__(self) -> str:
        return (
            f"StorageLevel({self.useDisk}, {self.useMemory}, {self.useOffHeap}, {self.deserialized}, "
            f"{self.replication})"
        )

    def __str__(self) -> str:
        places = [
            name
            for name, used in (
                ("Disk", self.useDisk),
                ("Memory", self.useMemory),
                ("OffHeap", self.useOffHeap),
            )
            if used
        ]
        form = "Deserialized" if self.deserialized else "Serialized"
        return " ".join([*places, form, f"{self.replication}x Replicated"])


StorageLevel.NONE = StorageLevel(False, False, False, False)
StorageLevel.DISK_ONLY = StorageLevel(True, False, False, False)
StorageLevel.DISK_ONLY_2 = StorageLevel(True, False, False, False, 2)
StorageLevel.DISK_ONLY_3 = StorageLevel(True, False, False, False, 3)
StorageLevel.MEMORY_ONLY = StorageLevel(False, True, False, False)
StorageLevel.MEMORY_ONLY_2 = StorageLevel(False, True, False, False, 2)
StorageLevel.MEMORY_AND_DISK = StorageLevel(True, True, False, False)
StorageLevel.MEMORY_AND_DISK_2 = StorageLevel(True, True, False, False, 2)
StorageLevel.MEMORY_AND_DISK_DESER = StorageLevel(True, True, False, True)
StorageLevel.OFF_HEAP = StorageLevel(True, True, True, False, 1)


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

    # ------------------------------------------------------------------ job groups, tags, cancelling
    def setJobGroup(self, groupId: str, description: str, interruptOnCancel: bool = False) -> None:  # noqa: N802, N803
        """Puts this thread's later jobs in group `groupId`, which `cancelJobGroup` cancels.
        Jobs are always interrupted on cancel (`interruptOnCancel` is accepted for PySpark's sake)."""
        state = self._session._thread_state
        state.job_group, state.job_description = str(groupId), description

    def clearJobGroup(self) -> None:  # noqa: N802
        self._session._thread_state.job_group = None

    def setJobDescription(self, value: str) -> None:  # noqa: N802
        self._session._thread_state.job_description = value

    def setInterruptOnCancel(self, interruptOnCancel: bool) -> None:  # noqa: N802, N803
        """Accepted for PySpark's sake: a cancelled job's tasks are always stopped."""

    def addJobTag(self, tag: str) -> None:  # noqa: N802
        """Tags this thread's later jobs with `tag`, which `cancelJobsWithTag` cancels."""
        self._job_tags().add(_check_tag(tag))

    def removeJobTag(self, tag: str) -> None:  # noqa: N802
        self._job_tags().discard(_check_tag(tag))

    def getJobTags(self) -> set[str]:  # noqa: N802
        return set(self._job_tags())

    def clearJobTags(self) -> None:  # noqa: N802
        self._job_tags().clear()

    def _job_tags(self) -> set[str]:
        state = self._session._thread_state
        if not hasattr(state, "job_tags"):
            state.job_tags = set()
        return state.job_tags  # type: ignore[no-any-return]

    def cancelJobGroup(self, groupId: str) -> None:  # noqa: N802, N803
        """Cancels the running jobs of group `groupId` (each raises SPARK_JOB_CANCELLED)."""
        from engine.api.interrupt import group_mark

        mark = group_mark(str(groupId))
        self._session._operations.interrupt(lambda op: mark in op.tags, f"part of cancelled job group {groupId}")

    def cancelJobsWithTag(self, tag: str) -> None:  # noqa: N802
        """Cancels the running jobs tagged `tag` with `addJobTag`."""
        from engine.api.interrupt import context_tag_mark

        mark = context_tag_mark(_check_tag(tag))
        self._session._operations.interrupt(lambda op: mark in op.tags, f"part of cancelled job tags {tag}")

    def cancelAllJobs(self) -> None:  # noqa: N802
        """Cancels every running job of the session, from any thread."""
        self._session._operations.interrupt(lambda op: True, "as part of cancellation of all jobs")

    def parallelize(self, c: Iterable[Any], numSlices: int | None = None) -> RDD:  # noqa: N803
        """A local collection as an RDD of `numSlices` (default: defaultParallelism) partitions."""
        data = list(c)
        count = numSlices or self.defaultParallelism
        return RDD(self._session, lambda: slices(data, count), lambda: count)

    def range(self, start: int, end: int | None = None, step: int = 1, numSlices: int | None = None) -> RDD:  # noqa: N803
        """The integers from `start` to `end` (exclusive), or from 0 to `start` when `end` is absent."""
        return self.parallelize(range(start) if end is None else range(start, end, step), numSlices)

    def emptyRDD(self) -> RDD:  # noqa: N802
        return RDD(self._session, lambda: [], lambda: 0)

    def broadcast(self, value: Any) -> Broadcast:
        return Broadcast(value)

    def accumulator(self, value: Any, accum_param: Any = None) -> Accumulator:
        return Accumulator(value)
