"""Text reading (``spark.read.text``): one string column ``value``, a row per line or per file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from engine.errors import AnalysisException, SparkRuntimeException

from .common import Options, file_uri, option_bool, read_bytes

if TYPE_CHECKING:
    from .listing import DataFile

_ANY_NEWLINE = r"\r\n|\r|\n"  # Spark's default line separators


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """Always one non-inferred column, as Spark's text source."""
    return pa.schema([pa.field("value", pa.string())])


def check_user_schema(data: pa.Schema) -> None:
    """A schema given for text files names their one string column (``value`` by default);
    Spark refuses more columns, or one of another type, when the read is defined."""
    if len(data) != 1:
        raise AnalysisException(
            f"Text data source supports only a single column, and you have {len(data)} columns."
        )
    field = data.field(0)
    if not pa.types.is_string(field.type) and not pa.types.is_large_string(field.type):
        from engine.types.arrow import from_arrow

        sql_type = from_arrow(field.type)._sql()
        msg = (
            f"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column `{field.name}` "
            f'of the type "{sql_type}". SQLSTATE: 0A000'
        )
        raise AnalysisException(
            msg,
            "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
            {"columnName": f"`{field.name}`", "columnType": f'"{sql_type}"', "format": "Text"},
        )


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """One split per text file."""
    return [(None, f.size, None)]


def read_file(
    path: str, row_groups: tuple[int, ...] | None, schema: pa.Schema, columns: list[str], options: Options
) -> pa.Table:
    """The file's lines (or its whole text with ``wholetext``) as the one column of `schema`
    (``value`` unless the user's schema names it otherwise)."""
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
    table = pa.table({schema.names[0] if len(schema) else "value": values})
    return table.select([c for c in columns if c in table.column_names])
