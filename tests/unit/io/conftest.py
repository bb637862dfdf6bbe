"""Helpers for the I/O tests: read a whole source the way the engine's scan does."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine.io import FileSource, open_source, plan_splits, prune_splits, read_split, source_schema


def scan(
    src: FileSource, columns: list[str] | None = None, predicate: pc.Expression | None = None
) -> pa.Table:
    """Every split of `src`, pruned and read, concatenated in split order."""
    splits = prune_splits(src, plan_splits(src), predicate)
    tables = [read_split(src, s, columns, predicate) for s in splits]
    if not tables:
        schema = source_schema(src)
        return pa.schema([schema.field(c) for c in columns or schema.names]).empty_table()
    return pa.concat_tables(tables)


@pytest.fixture
def read():
    """read(format, path, schema=None, **options) -> the whole table."""

    def _read(fmt: str, path: object, schema: pa.Schema | None = None, **options: object) -> pa.Table:
        return scan(open_source(fmt, str(path), options, schema))

    return _read
