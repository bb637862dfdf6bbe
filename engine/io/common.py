"""Small helpers shared by the readers and writers: canonical types, options, paths, errors."""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import IllegalArgumentException
from engine.types import canonical_arrow_type, canonicalize_table

Options = Mapping[str, str]

TIMESTAMP = pa.timestamp("us", tz="UTC")
# the session's time zone and spark.sql.timestampType, passed by the driver among a read's or
# write's options (not Spark options): partition values are read and written with them
SESSION_ZONE_OPTION = "engine.sessiontimezone"
TIMESTAMP_TYPE_OPTION = "engine.timestamptype"
"""Spark's TimestampType (session-local instants); wall-clock text is read as UTC."""


def canonical_type(t: pa.DataType) -> pa.DataType:
    """The Arrow type engine operators use for `t` (see engine.types)."""
    return canonical_arrow_type(t)


def canonical_schema(schema: pa.Schema) -> pa.Schema:
    """`schema` with every field mapped to its canonical type; names and nullability kept."""
    return pa.schema([pa.field(f.name, canonical_type(f.type), f.nullable) for f in schema])


def canonical_table(table: pa.Table) -> pa.Table:
    """`table` with canonical column types, so every reader hands out the same physical types."""
    return canonicalize_table(table)


def file_uri(path: str) -> str:
    """The path as Spark prints it in messages: ``file:/abs/path``."""
    return "file:" + os.path.abspath(path)


def option_bool(options: Options, key: str, default: bool) -> bool:
    """A boolean option given as a string ("true"/"false", any case) or absent."""
    raw = options.get(key)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    msg = f"Option '{key}' must be true or false, got '{raw}'."
    raise IllegalArgumentException(msg)


def option_str(options: Options, key: str, default: str) -> str:
    """A string option, or `default` when it is absent."""
    return options.get(key, default)


def parse_mode(options: Options) -> str:
    """The malformed-record mode: PERMISSIVE (default), DROPMALFORMED or FAILFAST."""
    mode = options.get("mode", "PERMISSIVE").upper()
    if mode not in ("PERMISSIVE", "DROPMALFORMED", "FAILFAST"):
        msg = f"Unknown parse mode '{options['mode']}'; use PERMISSIVE, DROPMALFORMED or FAILFAST."
        raise IllegalArgumentException(msg)
    return mode


def referenced_columns(predicate: pc.Expression, schema: pa.Schema) -> list[str]:
    """Names of the fields of `schema` that `predicate` reads.

    pyarrow does not expose an expression's field references, so each field named in the
    predicate's text is dropped in turn from an empty table of `schema`: the predicate fails
    to bind exactly when it needs that field. Exact; remembered per predicate and schema,
    since every piece of a scan asks again (each bind goes through Acero: ~5 ms).
    """
    return list(_referenced_columns(pickle.dumps(predicate), schema))


@lru_cache(maxsize=256)
def _referenced_columns(serialized: bytes, schema: pa.Schema) -> tuple[str, ...]:
    predicate: pc.Expression = pickle.loads(serialized)
    text = str(predicate)
    empty = schema.empty_table()
    used = []
    for name in schema.names:
        if name not in text:
            continue
        try:
            empty.drop_columns([name]).filter(predicate)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, KeyError):
            used.append(name)
    return tuple(used)


def read_bytes(path: str) -> bytes:
    """The file's bytes, decompressed when its name ends in a codec's extension (``.gz``,
    ``.bz2``, ``.zst``, ``.lz4``), as Spark reads compressed CSV, JSON and text files."""
    with pa.input_stream(path) as stream:  # detects the compression from the file name
        return stream.read()
