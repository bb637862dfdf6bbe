"""Turns user paths (files, directories, globs) into data files and Hive partition values."""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import AnalysisException, SparkRuntimeException
from engine.memo import scoped

from .common import TIMESTAMP, file_uri

HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
_GLOB_CHARS = re.compile(r"[*?\[{]")


@dataclass(frozen=True)
class DataFile:
    """One data file found under a user path, with its raw ``k=v`` partition strings."""

    path: str
    size: int
    partitions: tuple[tuple[str, str | None], ...]


def is_hidden(name: str) -> bool:
    """Spark skips ``_SUCCESS``, ``_metadata``, ``.crc`` files and the like (but not ``_k=v`` dirs)."""
    return name.startswith(".") or (name.startswith("_") and "=" not in name) or name.endswith("._COPYING_")


def _expand_braces(pattern: str) -> list[str]:
    """Hadoop globs allow ``{a,b}``; Python's glob does not, so expand them first."""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return [p for alt in match.group(1).split(",") for p in _expand_braces(head + alt + tail)]


def _resolve(path: str) -> list[str]:
    """Existing paths named by `path`; a glob with no match or a missing path is an error."""
    local = path[len("file:") :] if path.startswith("file:") else path
    if local.startswith("//"):
        local = local[2:]
    if _GLOB_CHARS.search(local):
        found = sorted({m for p in _expand_braces(local) for m in glob.glob(p)})
        found = [f for f in found if not is_hidden(os.path.basename(f))]
    else:
        found = [local] if os.path.exists(local) else []
    if not found:
        msg = f"[PATH_NOT_FOUND] Path does not exist: {file_uri(local)}."
        raise AnalysisException(msg, "PATH_NOT_FOUND", {"path": file_uri(local)})
    return [os.path.abspath(f) for f in found]


def _walk(root: str) -> list[str]:
    """Visible files under directory `root`, recursively, in a stable (sorted) order."""
    files = []
    for parent, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        files.extend(os.path.join(parent, n) for n in sorted(names) if not is_hidden(n))
    return files


def _partition_parts(rel_dir: str) -> tuple[tuple[str, str | None], ...]:
    """The trailing ``k=v`` directory names of `rel_dir`, as Spark's parsePartition reads them."""
    parts: list[tuple[str, str | None]] = []
    for name in reversed([p for p in rel_dir.split(os.sep) if p and p != "."]):
        key, eq, value = name.partition("=")
        if not eq or not key:
            break
        raw = unquote(value)
        parts.append((unquote(key), None if raw == HIVE_NULL else raw))
    return tuple(reversed(parts))


_listed: ContextVar[dict[tuple[tuple[str, ...], str | None], list[DataFile]] | None] = ContextVar(
    "listed", default=None
)


@contextmanager
def one_listing() -> Iterator[None]:
    """Within the block (a query's planning) each set of paths is listed once: estimates ask
    for a scan's files hundreds of times per query. Every query still lists afresh, so files
    added or removed between queries are seen, as in Spark."""
    with scoped(_listed):
        yield


@dataclass(frozen=True)
class ListingRules:
    """How a source lists its files, from Spark's reader options: `glob_filter` keeps the files
    whose name matches it (pathGlobFilter), `recursive` reads every file below the paths with no
    partition discovery (recursiveFileLookup), and the modified bounds (seconds since the epoch)
    keep files changed after / before them (modifiedAfter / modifiedBefore)."""

    base_path: str | None = None
    glob_filter: str | None = None
    recursive: bool = False
    modified_after: float | None = None
    modified_before: float | None = None

    def keeps(self, path: str) -> bool:
        """Whether a listed file passes the name and modification-time filters."""
        if self.glob_filter and not _name_matches(os.path.basename(path), self.glob_filter):
            return False
        if self.modified_after is None and self.modified_before is None:
            return True
        mtime = os.path.getmtime(path)
        after = self.modified_after is None or mtime > self.modified_after
        return after and (self.modified_before is None or mtime < self.modified_before)


def list_files(paths: tuple[str, ...], rules: ListingRules | str | None = None) -> list[DataFile]:
    """Every data file under `paths`, with partition strings relative to its root.

    The root is the directory the user named (or the rules' base path); a file named directly
    has no partition values unless the base path puts it below ``k=v`` directories.
    """
    if not isinstance(rules, ListingRules):
        rules = ListingRules(base_path=rules)
    listed = _listed.get()
    if listed is None:
        return _list_files(paths, rules)
    key = (tuple(paths), rules)
    if key not in listed:
        listed[key] = _list_files(paths, rules)
    return list(listed[key])


def _list_files(paths: tuple[str, ...], rules: ListingRules) -> list[DataFile]:
    out: list[DataFile] = []
    seen: set[str] = set()
    base = os.path.abspath(rules.base_path) if rules.base_path else None
    for user_path in paths:
        for found in _resolve(user_path):
            if os.path.isdir(found):
                root, files = found, _walk(found)
            else:
                root, files = os.path.dirname(found), [found]
            root = base or root
            for f in files:
                if f in seen or not rules.keeps(f):
                    continue
                seen.add(f)
                rel = os.path.relpath(os.path.dirname(f), root)
                parts = _partition_parts(rel) if not rel.startswith("..") and not rules.recursive else ()
                out.append(DataFile(f, os.path.getsize(f), parts))
    _check_consistent(out)
    return out


def _name_matches(name: str, pattern: str) -> bool:
    """Whether a file name matches a Hadoop glob (``*.csv``, ``part-{1,2}*``), as pathGlobFilter does."""
    return any(fnmatch.fnmatchcase(name, p) for p in _expand_braces(pattern))


def _check_consistent(files: list[DataFile]) -> None:
    """All files must agree on the partition column names, as Spark requires."""
    layouts = {tuple(k for k, _ in f.partitions) for f in files}
    if len(layouts) > 1:
        shown = "\n\t".join(sorted("/".join(layout) or "<none>" for layout in layouts))
        msg = (
            f"Conflicting partition column names detected:\n\t{shown}\n"
            "For partitioned table directories, data files should only live in leaf directories, "
            "and directories at the same level should have the same partition column name. "
            "Check the paths, or set the 'basePath' option."
        )
        raise SparkRuntimeException(msg, "CONFLICTING_PARTITION_COLUMN_NAMES")


def _value_type(raw: str, timestamp: pa.DataType = TIMESTAMP) -> pa.DataType:
    """Spark's inferPartitionColumnValue: int, bigint, double, date, timestamp, else string.

    A timestamp is Spark's partition pattern ``yyyy-MM-dd HH:mm:ss[.S]`` (at most one digit of
    fraction: ``...05.123`` stays a string, as in Spark), typed `timestamp` (TIMESTAMP, or
    TIMESTAMP_NTZ when spark.sql.timestampType says so)."""
    if re.fullmatch(r"[+-]?\d+", raw):
        n = int(raw)
        if -(2**31) <= n < 2**31:
            return pa.int32()
        if -(2**63) <= n < 2**63:
            return pa.int64()
        digits = len(raw.lstrip("+-").lstrip("0")) or 1
        return pa.decimal128(digits, 0) if digits <= 38 else pa.string()
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", raw):
        return pa.float64()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) and _castable(raw, pa.date32()):
        return pa.date32()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d)?", raw) and _castable(raw, pa.timestamp("us")):
        return timestamp
    return pa.string()


def _castable(raw: str, t: pa.DataType) -> bool:
    try:
        pc.cast(pa.scalar(raw), t)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


_RANK = {pa.int32(): 0, pa.int64(): 1, pa.float64(): 3}
_DIGITS = {pa.int32(): 10, pa.int64(): 20}


def _wider(a: pa.DataType | None, b: pa.DataType) -> pa.DataType:
    """Spark's findWiderTypeForPartitionColumn: numeric widening (a whole number beyond bigint is
    a decimal of its digits), date->timestamp, else string."""
    if a is None or a == b:
        return b
    if a in _RANK and b in _RANK:
        return a if _RANK[a] > _RANK[b] else b
    if pa.types.is_decimal(a) or pa.types.is_decimal(b):
        if pa.float64() in (a, b):
            return pa.float64()
        digits = [t.precision if pa.types.is_decimal(t) else _DIGITS.get(t) for t in (a, b)]
        if None not in digits:
            return pa.decimal128(min(38, max(digits)), 0)  # type: ignore[type-var]
    if pa.date32() in (a, b) and (pa.types.is_timestamp(a) or pa.types.is_timestamp(b)):
        return b if pa.types.is_timestamp(b) else a
    return pa.string()


def partition_schema(files: list[DataFile], typed: bool = True, timestamp: pa.DataType = TIMESTAMP) -> pa.Schema:
    """Partition columns and their inferred types (all strings when inference is off); a
    timestamp value is typed `timestamp` (see `_value_type`)."""
    if not files or not files[0].partitions:
        return pa.schema([])
    names = [k for k, _ in files[0].partitions]
    types: dict[str, pa.DataType | None] = dict.fromkeys(names)
    for f in files:
        for key, raw in f.partitions:
            if raw is not None:
                types[key] = _wider(types[key], _value_type(raw, timestamp) if typed else pa.string())
    return pa.schema([pa.field(n, types[n] or pa.string()) for n in names])


def typed_values(
    raw: tuple[tuple[str, str | None], ...], schema: pa.Schema, zone: str = "UTC"
) -> tuple[tuple[str, object], ...]:
    """Raw partition strings converted to Python values of the partition column types.

    A TIMESTAMP's text is a wall clock in `zone` (the reader's session zone, as Spark casts
    it), a TIMESTAMP_NTZ's its own wall clock."""
    out: list[tuple[str, object]] = []
    for key, value in raw:
        t = schema.field(key).type
        if value is None:
            out.append((key, None))
        elif pa.types.is_timestamp(t) and t.tz is not None:
            wall = pc.cast(pa.scalar(value), pa.timestamp("us")).as_py()
            instant = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone)) if wall is not None else None
            out.append((key, pa.scalar(instant, t).as_py()))
        else:
            out.append((key, pc.cast(pa.scalar(value), t).as_py()))
    return tuple(out)
