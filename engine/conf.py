"""``SparkConf``: PySpark's ``pyspark.conf`` settings object, so ``builder.config(conf=...)``
programs move over unchanged (``from engine.conf import SparkConf``).

Engine has no JVM, so it keeps the settings in a dict, as PySpark does when it runs without
one (its Connect-only mode): ``loadDefaults`` has no JVM system properties to load.
"""

from __future__ import annotations

from engine.errors import PySparkRuntimeError

__all__ = ["SparkConf"]


class SparkConf:
    """Spark settings as string key-value pairs; every setter returns the conf, so calls chain:
    ``SparkConf().setAppName("a").setMaster("local[2]").set("spark.sql.shuffle.partitions", 8)``."""

    def __init__(self, loadDefaults: bool = True) -> None:  # noqa: N803 - PySpark name
        self._conf: dict[str, str] = {}

    def set(self, key: str, value: object) -> SparkConf:
        self._conf[key] = str(value)
        return self

    def setIfMissing(self, key: str, value: object) -> SparkConf:  # noqa: N802
        if self.get(key) is None:
            self.set(key, value)
        return self

    def setMaster(self, value: str) -> SparkConf:  # noqa: N802
        return self.set("spark.master", value)

    def setAppName(self, value: str) -> SparkConf:  # noqa: N802
        return self.set("spark.app.name", value)

    def setSparkHome(self, value: str) -> SparkConf:  # noqa: N802
        return self.set("spark.home", value)

    def setExecutorEnv(
        self, key: str | None = None, value: str | None = None, pairs: list[tuple[str, str]] | None = None
    ) -> SparkConf:  # noqa: N802
        """One environment variable for executors (``spark.executorEnv.<key>``), or a list of them."""
        if (key is None) == (pairs is None):
            msg = "[KEY_VALUE_PAIR_REQUIRED] Key-value pair or a list of pairs is required."
            raise PySparkRuntimeError(msg, "KEY_VALUE_PAIR_REQUIRED")
        for k, v in [(key, value)] if key is not None else list(pairs or []):
            self.set(f"spark.executorEnv.{k}", v)
        return self

    def setAll(self, pairs: list[tuple[str, object]]) -> SparkConf:  # noqa: N802
        for k, v in pairs:
            self.set(k, v)
        return self

    def get(self, key: str, defaultValue: str | None = None) -> str | None:  # noqa: N803
        return self._conf.get(key, defaultValue)

    def getAll(self) -> list[tuple[str, str]]:  # noqa: N802
        return list(self._conf.items())

    def contains(self, key: str) -> bool:
        return key in self._conf

    def toDebugString(self) -> str:  # noqa: N802
        """``key=value``, one setting a line."""
        return "\n".join(f"{k}={v}" for k, v in self._conf.items())
