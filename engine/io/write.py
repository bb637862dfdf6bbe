"""Commit-safe writes: task attempts write into their own staging directories, the driver commits.

Nothing a reader can see changes until `commit_write`: an overwrite replaces the old
contents only then, and a failed job (`abort_write`) leaves the target exactly as it was.

As Spark's FileOutputCommitter, every attempt of a task writes under a directory of its own
(``<staging>/task-00001-attempt-<id>/``), so an attempt the scheduler gave up on (its
executor looked dead) but that is still running can never tear or duplicate the files of the
attempt that replaced it. The driver commits exactly one attempt per partition, the first
that succeeded, by moving its files into a fresh directory that is then published; every
other attempt's files are removed with the staging directory.
"""

from __future__ import annotations

import datetime
import os
import shutil
import time
import uuid
import zoneinfo
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engine.errors import AnalysisException, IllegalArgumentException

from .common import SESSION_ZONE_OPTION, file_uri
from .encode import encode_csv, encode_json
from .listing import HIVE_NULL

_MODES = {"error": "error", "errorifexists": "error", "default": "error", "overwrite": "overwrite"}
_MODES |= {"append": "append", "ignore": "ignore"}
_ESCAPED = frozenset("\"#%'*/:=?\\{[]^\x7f") | {chr(c) for c in range(1, 32)}


@dataclass(frozen=True)
class WriteJob:
    """One write: where, how, and the staging directory its tasks write into."""

    path: str
    format: str
    mode: str
    partition_by: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    staging_dir: str
    job_id: str


def prepare_write(
    path: str,
    format: str,  # noqa: A002 - Spark's name
    mode: str,
    partition_by: tuple[str, ...] | list[str],
    options: dict[str, object] | tuple[tuple[str, str], ...],
) -> WriteJob | None:
    """Check `mode` against the target and create the staging directory; None means skip (ignore)."""
    fmt = format.lower()
    if fmt not in ("parquet", "csv", "json", "orc", "text", "xml"):
        msg = f"Unsupported data source format '{format}' for writing; use parquet, orc, csv, json, text or xml."
        raise AnalysisException(msg, "UNSUPPORTED_DATASOURCE_FORMAT")
    save_mode = _MODES.get(mode.lower())
    if save_mode is None:
        msg = f"Unknown save mode: {mode}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'."
        raise IllegalArgumentException(msg)
    target = os.path.abspath(path[len("file:") :] if path.startswith("file:") else path)
    if os.path.exists(target):
        if save_mode == "error":
            msg = f'[PATH_ALREADY_EXISTS] Path {file_uri(target)} already exists. Set mode as "overwrite" to overwrite the existing path.'
            raise AnalysisException(msg, "PATH_ALREADY_EXISTS", {"outputPath": file_uri(target)})
        if save_mode == "ignore":
            return None
    items = options.items() if isinstance(options, dict) else options
    opts = tuple(sorted((k.lower(), _text(v)) for k, v in items if v is not None))
    if fmt == "xml":
        from .xml import xml_options

        xml_options(dict(opts))  # Spark refuses an XML write without rowTag before it starts
    job_id = str(uuid.uuid4())  # in every file name, as Spark's job UUID: part-00000-<uuid>-c000
    checked = WriteJob(target, fmt, save_mode, tuple(partition_by), opts, "", job_id)
    _extension(checked)  # a bad codec fails here
    max_records_per_file(checked)
    parent = target if save_mode == "append" and os.path.isdir(target) else os.path.dirname(target)
    staging = os.path.join(parent, f".engine-staging-{job_id}")
    os.makedirs(staging)
    return WriteJob(target, fmt, save_mode, tuple(partition_by), opts, staging, job_id)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _extension(job: WriteJob) -> str:
    opts = dict(job.options)
    if job.format == "parquet":
        codec = opts.get("compression", "snappy").lower()
        return ".parquet" if codec in ("none", "uncompressed") else f".{_PARQUET_SUFFIXES.get(codec, codec)}.parquet"
    if job.format == "orc":
        codec = _orc_codec(opts)
        return ".orc" if codec == "uncompressed" else f".{codec}.orc"
    suffix = _TEXT_SUFFIXES[_text_codec(opts, job.format)]
    return f".{'txt' if job.format == 'text' else job.format}{suffix}"


_PARQUET_SUFFIXES = {"gzip": "gz"}
_ORC_CODECS = {"none": "uncompressed", "uncompressed": "uncompressed", "snappy": "snappy", "zlib": "zlib"}
_ORC_CODECS |= {"lz4": "lz4", "zstd": "zstd"}
_SPARK_ORC_CODECS = ("brotli", "uncompressed", "lz4", "lzo", "snappy", "zlib", "none", "zstd")
_SPARK_TEXT_CODECS = ("bzip2", "deflate", "uncompressed", "snappy", "none", "lz4", "gzip")


def _codec(opts: dict[str, str], fmt: str, default: str, spark: tuple[str, ...], ours: tuple[str, ...]) -> str:
    """The `compression` option, checked as Spark checks it and against what engine writes."""
    name = opts.get("compression", default).lower()
    if name not in spark:
        msg = (
            f"[CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION] The codec {name} is not available. "
            f"Available codecs are {', '.join(spark)}."
        )
        raise IllegalArgumentException(msg, "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION")
    if name not in ours:
        msg = f"engine does not write {fmt} with the {name} codec; use one of {', '.join(ours)}."
        raise IllegalArgumentException(msg, "CODEC_NOT_AVAILABLE")
    return name


def _orc_codec(opts: dict[str, str]) -> str:
    """The ORC compression the options ask for (Spark's default, zstd, when none)."""
    return _ORC_CODECS[_codec(opts, "ORC", "zstd", _SPARK_ORC_CODECS, tuple(_ORC_CODECS))]


_TEXT_SUFFIXES = {"none": "", "uncompressed": "", "gzip": ".gz", "bzip2": ".bz2"}


def _text_codec(opts: dict[str, str], fmt: str) -> str:
    """The codec of text, CSV or JSON output: Spark's names, of which engine writes gzip and bzip2."""
    return _codec(opts, fmt, "none", _SPARK_TEXT_CODECS, tuple(_TEXT_SUFFIXES))


def _compressed(data: bytes, opts: dict[str, str], fmt: str) -> bytes:
    """`data` compressed with the codec the `compression` option names (as is for none)."""
    codec = _text_codec(opts, fmt)
    if codec == "gzip":
        import gzip

        return gzip.compress(data)
    if codec == "bzip2":
        import bz2

        return bz2.compress(data)
    return data


def _encode_text(table: pa.Table, opts: dict[str, str]) -> bytes:
    """The one string column's values, each followed by the line separator (null as an empty line)."""
    values = pc.fill_null(table.column(0).combine_chunks(), "")
    lines = pc.binary_join_element_wise(values, pa.scalar(opts.get("linesep", "\n")), "")
    whole = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(lines)], pa.int32()), lines), "")
    return (whole[0].as_py() or "").encode("utf-8")


def _write_file(job: WriteJob, table: pa.Table, full_path: str) -> None:
    opts = dict(job.options)
    if job.format == "parquet":
        codec = opts.get("compression", "snappy").lower()
        from .parquet_variant import with_spark_schema

        pq.write_table(with_spark_schema(table), full_path, compression="none" if codec == "uncompressed" else codec)
        return
    if job.format == "orc":
        import pyarrow.orc as po

        po.write_table(table, full_path, compression=_orc_codec(opts))
        return
    if job.format == "text":
        data = _encode_text(table, opts)
    elif job.format == "xml":
        from .xml_encode import encode_xml

        data = encode_xml(table, opts)
    else:
        data = encode_csv(table, opts) if job.format == "csv" else encode_json(table, opts)
    with open(full_path, "wb") as f:
        f.write(_compressed(data, opts, job.format))


def _dir_value(value: object, zone: str) -> str:
    """A partition value as its directory text, escaped as Spark's escapePathName does."""
    text = partition_text(value, zone)
    return _escape_path_name(text) if text else HIVE_NULL


def partition_text(value: object, zone: str) -> str | None:
    """A partition value (a Python value of its column) as Spark casts it to a string for its
    directory: a TIMESTAMP (an instant) as its wall clock in `zone`, a TIMESTAMP_NTZ as its own
    wall clock, the fraction without trailing zeros; a boolean as ``true``/``false``."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _timestamp_text(value.astimezone(zoneinfo.ZoneInfo(zone)) if value.tzinfo else value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _timestamp_text(value: datetime.datetime) -> str:
    """``2024-01-02 03:04:05.12``: Spark's string of a timestamp's wall clock."""
    text = f"{value:%Y-%m-%d %H:%M:%S}"
    return f"{text}.{value.microsecond:06d}".rstrip("0") if value.microsecond else text


def partition_zone(job: WriteJob) -> str:
    """The zone TIMESTAMP partition values are written in: the write's ``timeZone`` option, else
    the session's (Spark's FileFormatWriter casts partition values to strings in it)."""
    opts = dict(job.options)
    return opts.get("timezone") or opts.get(SESSION_ZONE_OPTION) or "UTC"


def _escape_path_name(text: str) -> str:
    """`text` as Spark's escapePathName writes it in a directory name: only ``/``, ``=``, ``%``,
    quotes, glob characters and control characters become ``%XX``; other characters, non-ASCII
    letters among them, are kept as they are."""
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in text)


def _groups(table: pa.Table, keys: tuple[str, ...], zone: str) -> list[tuple[str, pa.Table]]:
    """Rows of `table` split by the values of `keys`: (``k1=v1/k2=v2`` dir, rows without the keys)."""
    codes = np.zeros(table.num_rows, dtype=np.int64)
    for key in keys:
        column = table.column(key)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            # an empty string goes to the null partition, as in Spark: grouped apart, the two
            # would write the same file name in the same directory and one would be lost
            column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
        encoded = pc.dictionary_encode(column).combine_chunks()
        idx = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64) + 1
        codes = codes * (len(encoded.dictionary) + 1) + idx
    order = np.argsort(codes, kind="stable")
    ordered = table.take(pa.array(order))
    sorted_codes = codes[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(sorted_codes)) + 1, [len(sorted_codes)]])
    data = ordered.drop_columns(list(keys))
    out = []
    for start, end in zip(starts[:-1], starts[1:]):
        first = ordered.slice(int(start), 1)
        parts = [f"{_escape_path_name(k)}={_dir_value(first.column(k)[0].as_py(), zone)}" for k in keys]
        out.append(("/".join(parts), data.slice(int(start), int(end - start))))
    return out


def write_partition(job: WriteJob, task_index: int, table: pa.Table) -> list[str]:
    """Write one task's rows into the staging dir; returns the files' paths relative to it.

    Runs on an executor. With partitionBy, one file per value combination under ``k=v/``,
    the partition columns left out of the file data as Spark does. No rows, no files.
    """
    if table.num_rows == 0:
        return []
    by_lower = {c.lower(): c for c in table.column_names}
    renamed = {by_lower[k.lower()]: k for k in job.partition_by if k not in table.column_names and k.lower() in by_lower}
    if renamed:  # partitionBy("p") of a column P: Spark matches it ignoring case, the directory says p=
        table = table.rename_columns([renamed.get(c, c) for c in table.column_names])
    missing = [k for k in job.partition_by if k not in table.column_names]
    if missing:
        msg = f"Partition column {missing[0]} not found in schema {table.column_names}."
        raise AnalysisException(msg, "UNRESOLVED_COLUMN")
    groups = _groups(table, job.partition_by, partition_zone(job)) if job.partition_by else [("", table)]
    attempt = f"task-{task_index:05d}-attempt-{uuid.uuid4().hex[:12]}"
    limit = max_records_per_file(job)
    written = []
    for subdir, rows in groups:
        _make_dirs_in_staging(job, f"{attempt}/{subdir}" if subdir else attempt)
        starts = range(0, rows.num_rows, limit) if limit else range(1)
        for counter, start in enumerate(starts):
            name = _file_name(job, task_index, counter)
            rel = "/".join((attempt, subdir, name) if subdir else (attempt, name))
            _write_file(job, rows.slice(start, limit) if limit else rows, os.path.join(job.staging_dir, rel))
            written.append(rel)
    return written


def max_records_per_file(job: WriteJob) -> int:
    """The ``maxRecordsPerFile`` option (spark.sql.files.maxRecordsPerFile when not given): a
    task starts another file (``-c001``, ...) in a directory after that many rows; 0 or less,
    no limit."""
    text = dict(job.options).get("maxrecordsperfile", "0")
    try:
        return max(0, int(text))
    except ValueError:
        msg = f"The value of option maxRecordsPerFile must be a whole number of rows, got '{text}'."
        raise IllegalArgumentException(msg) from None


def _file_name(job: WriteJob, task_index: int, counter: int = 0) -> str:
    """Spark's name of a task's file: ``part-00001-<job uuid>-c000.snappy.parquet`` (``c001``...
    for the next files of a directory), ``...<job uuid>.c000...`` under partition directories
    (Spark's dynamic-partition writer spells it so); the same in every attempt of the task,
    which is why each attempt writes into a directory of its own."""
    sep = "." if job.partition_by else "-"
    return f"part-{task_index:05d}-{job.job_id}{sep}c{counter:03d}{_extension(job)}"


def winning_attempts(files_per_task: list[list[str]]) -> list[str]:
    """The files to publish: each partition's first attempt in `files_per_task` that wrote
    files wins, as Spark's OutputCommitCoordinator lets the first attempt to ask commit; the
    files of any later attempt of the same partition are left out (removed with the staging)."""
    winner: dict[str, str] = {}
    files = []
    for task in files_per_task:
        for rel in task:
            attempt = rel.split("/", 1)[0]
            partition = attempt.split("-attempt-", 1)[0]
            if winner.setdefault(partition, attempt) == attempt:
                files.append(rel)
    return files


def commit_write(job: WriteJob, files_per_task: list[list[str]], schema: pa.Schema) -> None:
    """Publish the staged files: replace (overwrite), create, or add to (append) the target.

    An empty result still leaves a readable output: one empty file carrying the schema (none
    when appending to an existing output, which is readable already: at the root of partition
    directories such a file would make the output unreadable). Finishes with a ``_SUCCESS``
    marker and no staging directory.
    """
    committed = _committed_dir(job)
    files = _commit_tasks(job, winning_attempts(files_per_task), committed)
    try:
        if _dynamic_overwrite(job):
            _publish_partitions(job, files, committed)
            open(os.path.join(job.path, "_SUCCESS"), "wb").close()
            return
        if not files and not (job.mode == "append" and os.path.isdir(job.path)):
            parts = {k.lower() for k in job.partition_by}
            data_schema = pa.schema([f for f in schema if f.name.lower() not in parts])
            rel = _file_name(job, 0)
            _write_file(job, data_schema.empty_table(), os.path.join(committed, rel))
            files = [rel]
        if job.mode == "append" and os.path.isdir(job.path):
            for rel in files:
                dest = os.path.join(job.path, rel)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                os.replace(os.path.join(committed, rel), dest)
            shutil.rmtree(committed, ignore_errors=True)
        else:
            _publish(job, committed)
    finally:
        abort_write(job)  # the losing attempts' files, and any a late attempt is still writing
    open(os.path.join(job.path, "_SUCCESS"), "wb").close()


def _committed_dir(job: WriteJob) -> str:
    """Where the winning attempts' files are gathered before they are published: beside the
    staging directory, never inside it, so a losing attempt still writing cannot end up there."""
    return job.staging_dir.replace(".engine-staging-", ".engine-committed-")


def _commit_tasks(job: WriteJob, files: list[str], committed: str) -> list[str]:
    """Moves each winning attempt's files into `committed`, where they lose their attempt
    directory (``task-...-attempt-.../k=v/part-...`` becomes ``k=v/part-...``)."""
    os.makedirs(committed)
    out = []
    for rel in files:
        final = rel.split("/", 1)[1]
        dest = os.path.join(committed, final)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.replace(os.path.join(job.staging_dir, rel), dest)
        out.append(final)
    return out


def _publish(job: WriteJob, committed: str) -> None:
    """Swap the committed dir in as the target: old contents moved aside first, removed last."""
    trash = None
    if os.path.lexists(job.path):
        if job.mode not in ("overwrite", "append"):
            shutil.rmtree(committed, ignore_errors=True)
            msg = f'[PATH_ALREADY_EXISTS] Path {file_uri(job.path)} already exists. Set mode as "overwrite" to overwrite the existing path.'
            raise AnalysisException(msg, "PATH_ALREADY_EXISTS", {"outputPath": file_uri(job.path)})
        trash = os.path.join(os.path.dirname(job.path), f".engine-trash-{job.job_id}")
        os.replace(job.path, trash)
    os.replace(committed, job.path)
    if trash is not None:
        if os.path.isdir(trash):
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.remove(trash)


def _dynamic_overwrite(job: WriteJob) -> bool:
    """Whether an overwrite replaces only the partitions it writes (partitionOverwriteMode=dynamic,
    the write option or the session's spark.sql.sources.partitionOverwriteMode) of an existing table."""
    dynamic = dict(job.options).get("partitionoverwritemode", "static").lower() == "dynamic"
    return dynamic and job.mode == "overwrite" and bool(job.partition_by) and os.path.isdir(job.path)


def _publish_partitions(job: WriteJob, files: list[str], committed: str) -> None:
    """Dynamic overwrite: each partition directory written replaces the target's one of the same
    values; the target's other partitions are kept, as Spark keeps them."""
    depth = len(job.partition_by)
    dirs = sorted({"/".join(rel.split("/")[:depth]) for rel in files})
    trash = os.path.join(os.path.dirname(job.path), f".engine-trash-{job.job_id}")
    os.makedirs(trash)
    for i, rel in enumerate(dirs):
        dest = os.path.join(job.path, rel)
        if os.path.lexists(dest):
            os.replace(dest, os.path.join(trash, str(i)))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.replace(os.path.join(committed, rel), dest)
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(committed, ignore_errors=True)


def _make_dirs_in_staging(job: WriteJob, subdir: str) -> None:
    """Creates `subdir` (``k=v/...``) inside the staging directory, but never the staging
    directory itself: a task of an aborted job still running (a cancelled task ends at its
    next check) must not bring back a staging directory that `abort_write` removed."""
    if not os.path.isdir(job.staging_dir):
        msg = f"The write to {file_uri(job.path)} was aborted (its staging directory is gone); this task's rows are dropped."
        raise FileNotFoundError(msg)
    path = job.staging_dir
    for part in subdir.split("/") if subdir else ():
        path = os.path.join(path, part)
        try:
            os.mkdir(path)  # unlike makedirs, fails if the staging directory went meanwhile
        except FileExistsError:
            pass


def abort_write(job: WriteJob) -> None:
    """Drop everything the job staged (every attempt's files, committed or not); the target is
    untouched when the commit has not published yet.

    Tried a few times: a cancelled task still finishing may add a file while the tree is
    being removed, which leaves a directory rmtree cannot remove in one pass.
    """
    for _ in range(20):
        shutil.rmtree(job.staging_dir, ignore_errors=True)
        shutil.rmtree(_committed_dir(job), ignore_errors=True)
        if not os.path.lexists(job.staging_dir) and not os.path.lexists(_committed_dir(job)):
            return
        time.sleep(0.05)
