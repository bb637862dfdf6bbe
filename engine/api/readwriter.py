"""``spark.read`` and ``df.write``: file sources in, committed files out."""

from __future__ import annotations

from typing import Any

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.logical import nodes as L

_FORMATS = ("parquet", "csv", "json", "text", "orc", "xml")


def _opt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class DataFrameReader:
    """Builds a file scan: ``spark.read.format("csv").option("header", True).load(path)``."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self._format = "parquet"
        self._options: dict[str, str] = {}
        self._schema: T.StructType | None = None

    def format(self, source: str) -> DataFrameReader:
        self._format = source.lower()
        return self

    def option(self, key: str, value: Any) -> DataFrameReader:
        if value is not None:
            self._options[key.lower()] = _opt(value)
        return self

    def options(self, **options: Any) -> DataFrameReader:
        for k, v in options.items():
            self.option(k, v)
        return self

    def schema(self, schema: T.StructType | str) -> DataFrameReader:
        st = T.parse_ddl(schema) if isinstance(schema, str) else schema
        if not isinstance(st, T.StructType):
            raise AnalysisException(f"A read schema must be a struct, got {st}.")
        self._schema = st
        return self

    def load(self, path: str | list[str] | None = None, format: str | None = None, schema: Any = None, **options: Any) -> Any:  # noqa: A002
        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if path is None:
            path = self._options.pop("path", None)
        if path is None:
            raise AnalysisException("[UNABLE_TO_INFER_SCHEMA] load() needs a path (or option('path', ...)).")
        return self._scan(path)

    def parquet(self, *paths: str, **options: Any) -> Any:
        self._format = "parquet"
        self.options(**options)
        return self._scan(list(paths))

    def csv(self, path: Any, schema: Any = None, **options: Any) -> Any:
        """CSV files, or CSV rows: an RDD of strings or a DataFrame of one string column."""
        from engine.api.dataframe import DataFrame
        from engine.api.rdd import RDD

        self._format = "csv"
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if isinstance(path, DataFrame):
            return self._read_strings("csv", _string_column(path))
        if isinstance(path, RDD):
            return self._read_strings("csv", [t for t in path.collect() if t is not None])
        return self._scan(path)

    def json(self, path: Any, schema: Any = None, **options: Any) -> Any:
        """JSON files, or JSON strings: an RDD of them, ``df.toJSON()`` or a DataFrame of one
        string column."""
        from engine.api.dataframe import DataFrame
        from engine.api.rdd import RDD
        from engine.api.tojson import JsonStrings

        self._format = "json"
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if isinstance(path, JsonStrings | RDD):
            return self._json_strings(path)
        if isinstance(path, DataFrame):
            return self._read_strings("json", _string_column(path))
        return self._scan(path)

    def _json_strings(self, strings: Any) -> Any:
        """The strings parsed as JSON lines by the JSON file reader (Spark's inference, modes and
        corrupt-record column)."""
        return self._read_strings("json", [line for line in strings.collect() if line is not None])

    def _read_strings(self, fmt: str, texts: list[str]) -> Any:
        """`texts`, one per line, read now by the `fmt` file reader: written to a private
        temporary file that the driver itself reads (executors on other nodes could not see
        it), then dropped."""
        import os
        import tempfile

        import pyarrow as pa

        from engine.api.dataframe import DataFrame
        from engine.io.source import plan_splits, read_split

        session = self._session
        with tempfile.TemporaryDirectory(prefix=f"engine-{fmt}-") as tmp:
            path = os.path.join(tmp, f"strings.{fmt}")
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(text + "\n" for text in texts)
            scan = file_scan(fmt, path, self._zoned({**self._options, "encoding": "utf-8"}), self._schema)
            parts = [read_split(scan.source, split, None, None) for split in plan_splits(scan.source)]
        schema = T.to_arrow_schema(T.StructType([T.StructField(a.name, a.dtype, a.nullable) for a in scan.attrs]))
        table = pa.concat_tables(parts) if parts else schema.empty_table()
        return DataFrame(session, session.in_memory(table))

    def text(self, paths: str | list[str], wholetext: bool = False, lineSep: str | None = None, **options: Any) -> Any:  # noqa: N803
        """Lines of text files as one string column ``value`` (a row per file with `wholetext`)."""
        self._format = "text"
        self.option("wholetext", wholetext).option("lineSep", lineSep).options(**options)
        return self._scan(paths)

    def orc(self, path: str | list[str], mergeSchema: bool | None = None, pathGlobFilter: str | None = None, recursiveFileLookup: bool | None = None, modifiedBefore: str | None = None, modifiedAfter: str | None = None) -> Any:  # noqa: N803
        """ORC files (a file, a directory, Hive ``k=v`` partitions, or a list of paths)."""
        self._format = "orc"
        self.option("mergeSchema", mergeSchema).option("pathGlobFilter", pathGlobFilter)
        self.option("recursiveFileLookup", recursiveFileLookup).option("modifiedBefore", modifiedBefore)
        self.option("modifiedAfter", modifiedAfter)
        return self._scan(path)

    def xml(self, path: Any, rowTag: str | None = None, schema: Any = None, **options: Any) -> Any:  # noqa: N803
        """XML files (or an RDD / DataFrame of XML strings), one row per ``<rowTag>`` element
        (rowTag is required, as in Spark); the schema is inferred over every record unless given."""
        from engine.api.dataframe import DataFrame
        from engine.api.rdd import RDD

        self._format = "xml"
        if schema is not None:
            self.schema(schema)
        self.option("rowTag", rowTag).options(**options)
        if isinstance(path, DataFrame):  # XML strings: the first column of each row
            return self._read_strings("xml", [r[0] for r in path.collect() if r[0] is not None])
        if isinstance(path, RDD):
            return self._read_strings("xml", [t for t in path.collect() if t is not None])
        return self._scan(path)

    def table(self, tableName: str) -> Any:  # noqa: N803
        return self._session.table(tableName)

    def _zoned(self, options: dict[str, str]) -> dict[str, str]:
        """XML reads wall-clock times in the session time zone, as Spark's XML options do."""
        if self._format == "xml" and "timezone" not in options:
            return {**options, "timezone": self._session.conf.get("spark.sql.session.timeZone")}
        return options

    def _scan(self, path: str | list[str]) -> Any:
        from engine.api.dataframe import DataFrame

        options = self._zoned(self._options)
        # Spark's session setting: off, partition columns read as the strings of their directories
        if not self._session.conf.get_bool("spark.sql.sources.partitionColumnTypeInference.enabled", True):
            options = {**options, "partitioncolumntypeinference": "false"}
        options = session_read_options(self._session, options)
        return DataFrame(self._session, file_scan(self._format, path, options, self._schema))


def session_read_options(session: Any, options: dict[str, str]) -> dict[str, str]:
    """`options` plus the session settings partition values are read with: timestamps in
    directory names are wall clocks in the session time zone, typed as spark.sql.timestampType says."""
    from engine.io.common import SESSION_ZONE_OPTION, TIMESTAMP_TYPE_OPTION

    conf = session.conf
    return {
        **options,
        SESSION_ZONE_OPTION: conf.get("spark.sql.session.timeZone") or "UTC",
        TIMESTAMP_TYPE_OPTION: (conf.get("spark.sql.timestampType", "TIMESTAMP_LTZ") or "TIMESTAMP_LTZ").upper(),
    }


def file_scan(fmt: str, path: str | list[str], options: dict[str, str], schema: T.StructType | None) -> L.FileScan:
    """A FileScan over `path` with its schema resolved now (missing paths fail here, as in Spark)."""
    from engine.io.source import open_source, source_schema

    if fmt not in _FORMATS:
        raise AnalysisException(
            f"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {fmt}. Supported: {', '.join(_FORMATS)}.",
            "DATA_SOURCE_NOT_FOUND",
        )
    arrow_schema = T.to_arrow_schema(schema) if schema is not None else None
    src = open_source(fmt, path, dict(options), arrow_schema)
    st = T.from_arrow_schema(source_schema(src))
    attrs = tuple(n.Attribute(f.name, f.dataType, f.nullable, n.new_id()) for f in st.fields)
    return L.FileScan(src, attrs, tuple(f.name for f in st.fields))


class DataFrameWriter:
    """``df.write.mode("overwrite").partitionBy("k").parquet(path)``; nothing half-written on failure."""

    def __init__(self, df: Any) -> None:
        self._df = df
        self._mode = "errorifexists"
        self._format = "parquet"
        self._options: dict[str, str] = {}
        self._partition_by: list[str] = []
        self._cluster_by: list[str] = []

    def mode(self, saveMode: str | None) -> DataFrameWriter:  # noqa: N803
        if saveMode is None:
            return self
        m = saveMode.lower()
        if m not in ("append", "overwrite", "error", "errorifexists", "ignore", "default"):
            from engine.errors import AnalysisException

            raise AnalysisException(
                f'[INVALID_SAVE_MODE] The specified save mode "{saveMode}" is invalid. Valid save modes include '
                '"append", "overwrite", "ignore", "error", "errorifexists", and "default".',
                "INVALID_SAVE_MODE",
            )
        self._mode = "errorifexists" if m in ("error", "default") else m
        return self

    def format(self, source: str) -> DataFrameWriter:
        self._format = source.lower()
        return self

    def option(self, key: str, value: Any) -> DataFrameWriter:
        if value is not None:
            self._options[key.lower()] = _opt(value)
        return self

    def options(self, **options: Any) -> DataFrameWriter:
        for k, v in options.items():
            self.option(k, v)
        return self

    def partitionBy(self, *cols: str | list[str]) -> DataFrameWriter:  # noqa: N802
        flat: list[str] = []
        for c in cols:
            flat.extend(c if isinstance(c, (list, tuple)) else [c])
        self._partition_by = flat
        return self

    def bucketBy(self, numBuckets: int, col: str, *cols: str) -> DataFrameWriter:  # noqa: N802, N803
        return self

    def sortBy(self, col: str, *cols: str) -> DataFrameWriter:  # noqa: N802
        return self

    def save(self, path: str | None = None, format: str | None = None, mode: str | None = None, partitionBy: Any = None, **options: Any) -> None:  # noqa: A002, N803
        if format is not None:
            self.format(format)
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**options)
        target = path or self._options.pop("path", None)
        if target is None:
            raise AnalysisException("save() needs a path (or option('path', ...)).")
        if self._format not in _FORMATS:
            raise AnalysisException(
                f"[DATA_SOURCE_NOT_FOUND] Failed to find the data source: {self._format}.", "DATA_SOURCE_NOT_FOUND"
            )
        from engine.api.execution import write_plan
        from engine.api.write_checks import check_columns

        self._df._session._check_active()
        check_columns(self._df, self._format, self._partition_by, self._cluster_by)
        from engine.api.observation import collect_metrics

        L.check_batch_supported(self._df._plan)
        options = self._options
        if self._format == "xml" and "timezone" not in options:  # timestamps written in the session zone
            options = {**options, "timezone": self._df._session.conf.get("spark.sql.session.timeZone")}
        write_plan(self._df._session, self._df._plan, target, self._format, self._mode, self._partition_by, options)
        collect_metrics(self._df._session, self._df._plan)  # a write is an action: observe() metrics too

    def parquet(self, path: str, mode: str | None = None, partitionBy: Any = None, compression: str | None = None) -> None:  # noqa: N803
        self.option("compression", compression)
        self.save(path, "parquet", mode, partitionBy)

    def csv(self, path: str, mode: str | None = None, compression: str | None = None, sep: str | None = None, **options: Any) -> None:
        self.option("compression", compression).option("sep", sep).options(**options)
        self.save(path, "csv", mode)

    def json(self, path: str, mode: str | None = None, compression: str | None = None, **options: Any) -> None:
        self.option("compression", compression).options(**options)
        self.save(path, "json", mode)

    def orc(self, path: str, mode: str | None = None, partitionBy: Any = None, compression: str | None = None) -> None:  # noqa: N803
        """ORC files under `path` (zstd-compressed by default, as Spark writes them)."""
        self.option("compression", compression)
        self.save(path, "orc", mode, partitionBy)

    def text(self, path: str, compression: str | None = None, lineSep: str | None = None) -> None:  # noqa: N803
        """One line per row of the DataFrame's single string column (besides partition columns)."""
        self.option("compression", compression).option("lineSep", lineSep)
        self.save(path, "text")

    def xml(self, path: str, rowTag: str | None = None, mode: str | None = None, **options: Any) -> None:  # noqa: N803
        """One XML file per task under `path`: a declaration, ``<rootTag>`` (``ROWS``) and one
        ``<rowTag>`` element per row (rowTag is required, as in Spark)."""
        self.option("rowTag", rowTag).options(**options)
        self.save(path, "xml", mode)

    def clusterBy(self, *cols: str | list[str]) -> DataFrameWriter:  # noqa: N802
        """Columns to cluster a table's data by: Spark records them for its table layout; engine
        accepts them and writes files unclustered (which reads back to the same rows)."""
        from engine.errors import PySparkTypeError

        flat = [c for group in cols for c in (group if isinstance(group, (list, tuple)) else [group])]
        if not flat or not all(isinstance(c, str) for c in flat):
            raise PySparkTypeError(
                "[NOT_LIST_OF_STR] Argument `cols` should be a list of str, got "
                f"{type(cols[0]).__name__ if cols else 'nothing'}.",
                "NOT_LIST_OF_STR",
            )
        self._cluster_by = flat
        return self

    def saveAsTable(self, name: str, format: str | None = None, mode: str | None = None, partitionBy: Any = None, **options: Any) -> None:  # noqa: A002, N802, N803
        from engine.api.catalog import save_as_table

        if format is not None:
            self.format(format)
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**options)
        save_as_table(self, name)

    def insertInto(self, tableName: str, overwrite: bool | None = None) -> None:  # noqa: N802, N803
        from engine.api.catalog import insert_into

        insert_into(self, tableName, bool(overwrite))


def _string_column(df: Any) -> list[str]:
    """The non-null values of `df`'s one string column: the documents ``spark.read.json(df)``
    / ``csv(df)`` parse (Spark reads the frame as a Dataset[String])."""
    fields = df.schema.fields
    if len(fields) != 1:
        msg = f"[DATAFRAME_INPUT_NOT_SINGLE_COLUMN] Input DataFrame must have exactly one column, but got {len(fields)}."
        params = {"numColumns": str(len(fields))}
        raise AnalysisException(msg + " SQLSTATE: 42K09", "DATAFRAME_INPUT_NOT_SINGLE_COLUMN", params)
    if not isinstance(fields[0].dataType, T.StringType):
        shown = f'"{fields[0].dataType._sql()}"'
        msg = f"[DATAFRAME_INPUT_NOT_STRING_TYPE] Input DataFrame column must be StringType, but got {shown}."
        raise AnalysisException(msg + " SQLSTATE: 42K09", "DATAFRAME_INPUT_NOT_STRING_TYPE", {"dataType": shown})
    return [r[0] for r in df.collect() if r[0] is not None]
