"""Text reading (``spark.read.text``): one string column ``value``, a row per line or per file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import SparkRuntimeException

from .common import Options, file_uri, option_bool, read_bytes

if TYPE_CHECKING:
    from .listing import DataFile

_ANY_NEWLINE = r"\r\n|\r|\n"  # Spark's default line separators


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """Always one non-inferred column, as Spark's text source."""
    return pa.schema([pa.field("value", pa.string())])


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """One split per text file."""
    return [(None, f.size, None)]


def read_file(
    path: str, row_groups: tuple[int, ...] | None, schema: pa.Schema, columns: list[str], options: Options
) -> pa.Table:
    """The file's lines (or its whole text with ``wholetext``) as the ``value`` column."""
    data = read_bytes(path)
    try:
        text = data.decode(options.get("encoding", "utf-8"))
    except (UnicodeDecodeError, LookupError) as e:
        msg = f"Cannot read {file_uri(path)} as text: {e}. Set option 'encoding' to the file's charset."
        raise SparkRuntimeException(msg) from e
    if option_bool(options, "wholetext", False):
        values = pa.array([text], pa.string())
    elif not text:
        values = pa.array([], pa.string())
    else:
        sep = options.get("linesep")
        whole = pa.array([text], pa.string())
        parts = pc.split_pattern(whole, sep) if sep else pc.split_pattern_regex(whole, _ANY_NEWLINE)
        values = pc.list_flatten(parts)
        if len(values) and values[-1].as_py() == "":  # a final separator ends the last line
            values = values.slice(0, len(values) - 1)
    table = pa.table({"value": values})
    return table.select([c for c in columns if c in table.column_names])
