"""``spark.conf``: string-valued runtime settings with Spark's defaults."""

from __future__ import annotations

import datetime
from typing import Any

from engine.errors import PySparkTypeError

_UNSET = object()


def _local_timezone() -> str:
    """The machine's zone, Spark's default for ``spark.sql.session.timeZone``, named as the JVM
    names it: the TZ variable, else /etc/timezone, else the zone /etc/localtime links to
    (``Etc/UTC`` on a stock Linux image, where Spark shows ``Etc/UTC``, not ``UTC``)."""
    import os

    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        return env
    try:
        with open("/etc/timezone") as f:
            named = f.read().strip()
        if named:
            return named
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")  # one level, as the JVM reads it
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        return link.split("zoneinfo/", 1)[1]
    tz = datetime.datetime.now().astimezone().tzinfo
    return getattr(tz, "key", None) or "UTC"


DEFAULTS: dict[str, str] = {
    "spark.app.name": "engine",
    "spark.sql.shuffle.partitions": "200",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.caseSensitive": "false",
    "spark.sql.mapKeyDedupPolicy": "EXCEPTION",
    "spark.sql.autoBroadcastJoinThreshold": "10485760",
    "spark.sql.files.maxPartitionBytes": "134217728",
    "spark.sql.files.openCostInBytes": "4194304",
    "spark.task.maxFailures": "4",
    "spark.sql.repl.eagerEval.enabled": "false",
    "spark.sql.warehouse.dir": "spark-warehouse",
    "spark.sql.sources.partitionOverwriteMode": "STATIC",
    "engine.ui.progress": "true",
}


class RuntimeConfig:
    """Settings by key; values are kept as strings, as Spark's ``conf.get`` returns them."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._values: dict[str, str] = {}
        # the machine's zone is this session's default: ``unset`` of the zone goes back to it
        self._defaults = {**DEFAULTS, "spark.sql.session.timeZone": _local_timezone()}
        for k, v in options.items():
            self.set(k, v)
        self._initial = dict(self._values)  # what SQL's RESET goes back to: the builder's settings

    def set(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise PySparkTypeError(f"[NOT_STR] Argument `key` should be a str, got {type(key).__name__}.", "NOT_STR")
        if isinstance(value, bool):
            value = "true" if value else "false"
        self._values[key] = str(value)

    def get(self, key: str, default: Any = _UNSET) -> Any:
        if key in self._values:
            return self._values[key]
        if default is not _UNSET:
            return default
        if key in self._defaults:
            return self._defaults[key]
        from engine.errors import SparkNoSuchElementException

        raise SparkNoSuchElementException(
            f"[SQL_CONF_NOT_FOUND] The SQL config \"{key}\" cannot be found. Please verify that the config exists. "
            "SQLSTATE: 42K0I",
            "SQL_CONF_NOT_FOUND",
            {"sqlConf": f'"{key}"'},
        )

    def unset(self, key: str) -> None:
        self._values.pop(key, None)

    def reset(self, key: str | None = None) -> None:
        """SQL's ``RESET [key]``: the key (every key) back to its value when the session was built."""
        for k in [key] if key is not None else list(self._values):
            if k in self._initial:
                self._values[k] = self._initial[k]
            else:
                self._values.pop(k, None)

    def getAll(self) -> dict[str, str]:  # noqa: N802
        return {**self._defaults, **self._values}

    def isModifiable(self, key: str) -> bool:  # noqa: N802
        return not key.startswith("spark.master")

    def contains(self, key: str) -> bool:
        return key in self._values or key in self._defaults

    # typed accessors used inside engine
    def get_bool(self, key: str, default: bool = False) -> bool:
        v = self.get(key, None)
        return default if v is None else str(v).strip().lower() == "true"

    def get_int(self, key: str, default: int = 0) -> int:
        v = self.get(key, None)
        return default if v is None else int(parse_bytes(v))

    def is_set(self, key: str) -> bool:
        return key in self._values


def parse_bytes(v: Any) -> int:
    """``"10m"``, ``"1g"``, ``"1024"`` -> bytes (Spark's size strings); plain ints as they are."""
    s = str(v).strip().lower()
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "b": 1}
    for suffix in ("kb", "mb", "gb", "tb"):
        if s.endswith(suffix):
            return int(float(s[:-2]) * units[suffix[0]])
    if s and s[-1] in units:
        return int(float(s[:-1]) * units[s[-1]])
    return int(float(s))
