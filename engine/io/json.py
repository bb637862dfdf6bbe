"""JSON reading: JSON lines by default (pyarrow.json), multiLine documents, Spark's inference and modes.

Clean files go through pyarrow.json in one call. A file pyarrow rejects (a corrupt line,
a field whose type changes between lines) takes the careful path: each line parsed with
Python's json, bad lines handled per `mode` as for CSV.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from engine.errors import AnalysisException, SparkRuntimeException
from engine.types.variant import VARIANT_ARROW, is_variant_arrow
from engine.types.variant_codec import DuplicateKey, MalformedJson, from_parsed_json
from engine.types.variant_codec import encode as encode_variant
from engine.types.variant_codec import parse_json as parse_variant

from . import json_relaxed as relaxed
from .common import (
    TIMESTAMP,
    Options,
    canonical_schema,
    canonical_table,
    file_uri,
    option_bool,
    parse_mode,
    read_bytes,
)
from .convert import parse_column
from .parquet import conform

if TYPE_CHECKING:
    from .listing import DataFile


def _records(path: str, options: Options, exact: bool = False) -> tuple[list[dict | None], list[str]]:
    """Every record (None when the line is not a JSON object) with its raw text; `exact` keeps
    numbers with a fraction or exponent as Decimal, so inference sees their digits (prefersDecimal)."""
    encoding = options.get("encoding", "utf-8")
    with io.StringIO(read_bytes(path).decode(encoding)) as f:
        if option_bool(options, "multiline", False):
            text = f.read()
            try:
                doc = relaxed.loads(text, options, exact)
            except json.JSONDecodeError:
                return [None], [text]
            docs = doc if isinstance(doc, list) else [doc]
            return [d if isinstance(d, dict) else None for d in docs], [json.dumps(d, default=str) for d in docs]
        line_sep = _line_sep(options)
        if line_sep:
            lines = [line for line in f.read().split(line_sep) if line.strip()]
        else:
            lines = [line.rstrip("\r\n") for line in f if line.strip()]
    records: list[dict | None] = []
    texts: list[str] = []
    for line in lines:
        try:
            value = relaxed.loads(line, options, exact)
        except json.JSONDecodeError:
            value = None
        # a line holding an array of objects is one record per object, as Spark reads it
        values = value if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) else [value]
        records.extend(v if isinstance(v, dict) else None for v in values)
        texts.extend([line] * len(values))
    return records, texts


def _documents(path: str, options: Options) -> pa.Array:
    """Each record of the file as a variant (the singleVariantColumn option): every line, or the
    whole text with multiLine; a malformed one is null, or fails the read in FAILFAST mode."""
    text = read_bytes(path).decode(options.get("encoding", "utf-8"))
    if option_bool(options, "multiline", False):
        records = [text]
    else:
        records = [r for r in (text.split(_line_sep(options)) if _line_sep(options) else text.splitlines()) if r.strip()]
    pairs: list[dict[str, bytes] | None] = []
    for record in records:
        try:
            document, metadata = parse_variant(record)
        except (MalformedJson, DuplicateKey):
            if parse_mode(options) == "FAILFAST":
                msg = (
                    f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
                    f"parsing: {record}.\nParse Mode: FAILFAST. To process malformed records as null result, try "
                    "setting the option 'mode' as 'PERMISSIVE'."
                )
                raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from None
            pairs.append(None)
            continue
        pairs.append({"value": document, "metadata": metadata})
    return pa.array(pairs, VARIANT_ARROW)


def _line_sep(options: Options) -> str | None:
    """The lineSep option when records end with something other than a line break."""
    sep = options.get("linesep")
    return sep if sep and sep not in ("\n", "\r\n", "\r") else None


def _fast(path: str, options: Options, schema: pa.Schema | None) -> pa.Table:
    if _line_sep(options):
        raise pa.ArrowInvalid("records split by a custom lineSep are read by the careful path")
    parse = pajson.ParseOptions(
        explicit_schema=schema, unexpected_field_behavior="ignore" if schema is not None else "infer"
    )
    return pajson.read_json(pa.input_stream(path), parse_options=parse)


def _column(values: list[object], target: pa.DataType | None, non_numeric: bool = True) -> pa.Array:
    """Values as an Arrow array of `target` (or inferred); values that do not fit become null;
    `non_numeric` reads "NaN" and the infinities in a float field (allowNonNumericNumbers)."""
    try:
        return pa.array(values, target) if target is not None else pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        if target is None or pa.types.is_string(target):
            return pa.array([_json_text(v) for v in values], pa.string())
        return pa.array([_fit(v, target, non_numeric) for v in values], target)


def _json_text(value: object) -> str | None:
    """A value read into a string field: strings as they are, other JSON values as their text (Spark)."""
    if isinstance(value, Decimal):
        return str(value)
    return value if value is None or isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def _fit(value: object, target: pa.DataType, non_numeric: bool = True) -> object:
    """`value` as `target` holds it, or null when some part of it does not fit."""
    fitted = _fitted(value, target, non_numeric)
    return None if fitted is _MISFIT else fitted


_MISFIT = object()

# The strings Spark's JacksonParser reads into a float or double field (allowNonNumericNumbers);
# any other string there ("1.5" too) does not fit.
_NON_NUMERIC = {
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "+Infinity": float("inf"),
    "+INF": float("inf"),
    "-Infinity": float("-inf"),
    "-INF": float("-inf"),
}


def _fitted(value: object, target: pa.DataType, non_numeric: bool = True) -> object:
    """`value` as `target` holds it, any JSON value in a string place as its text (as Spark reads
    it, at any depth: ``[2]`` in array<string> is ``["2"]``); `_MISFIT` when a part does not fit."""
    if is_variant_arrow(target):  # a VARIANT field holds the value as a document
        if value is None:
            return None
        document, metadata = encode_variant(from_parsed_json(value))
        return {"value": document, "metadata": metadata}
    if isinstance(value, str) and pa.types.is_floating(target):
        return _NON_NUMERIC.get(value, _MISFIT) if non_numeric else _MISFIT
    if isinstance(value, Decimal) and pa.types.is_floating(target):
        return float(value)
    try:
        return pa.scalar(value, target).as_py()
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass
    if pa.types.is_string(target):
        return _json_text(value)
    if pa.types.is_list(target) and isinstance(value, list):
        items = [_fitted(v, target.value_type, non_numeric) for v in value]
        return _MISFIT if any(i is _MISFIT for i in items) else items
    if pa.types.is_struct(target) and isinstance(value, dict):
        fields = {f.name: _fitted(value.get(f.name), f.type, non_numeric) for f in target}
        return _MISFIT if any(v is _MISFIT for v in fields.values()) else fields
    if pa.types.is_map(target) and isinstance(value, dict):
        entries = [(k, _fitted(v, target.item_type, non_numeric)) for k, v in value.items()]
        return _MISFIT if any(v is _MISFIT for _, v in entries) else entries
    return _MISFIT


def _careful_table(records: list[dict | None], schema: pa.Schema | None, non_numeric: bool = True) -> pa.Table:
    names = list(schema.names) if schema is not None else sorted({k for r in records if r for k in r})
    good = [r or {} for r in records]
    arrays = [
        _column([r.get(n) for r in good], schema.field(n).type if schema else None, non_numeric) for n in names
    ]
    return (
        pa.Table.from_arrays(arrays, names=names) if names else pa.table({"_": [None] * len(good)}).select([])
    )


def _sorted(schema: pa.Schema) -> pa.Schema:
    """Spark lists inferred JSON fields in name order; string-looking timestamps stay strings."""
    fields = [f.with_type(_untimed(f.type)) for f in schema]
    return pa.schema(sorted(fields, key=lambda f: f.name))


def _untimed(t: pa.DataType) -> pa.DataType:
    """`t` with timestamps pyarrow inferred, at any depth, as strings (Spark infers no times),
    and the fields of nested objects in name order too, as Spark infers them."""
    if pa.types.is_timestamp(t):
        return pa.string()
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_untimed(t.value_type)))
    if pa.types.is_struct(t):
        return pa.struct(sorted((f.with_type(_untimed(f.type)) for f in t), key=lambda f: f.name))
    return t


def _nulls_as_strings(t: pa.DataType) -> pa.DataType:
    """`t` with types seen only as null or `[]`, at any depth, as strings (``e: []`` is array<string>)."""
    if t == pa.null():
        return pa.string()
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_nulls_as_strings(t.value_type)))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_nulls_as_strings(f.type)) for f in t])
    return t


_NUMBER_RANK = {pa.int64(): 0, pa.float64(): 1}


def _records_type(records: list[dict | None]) -> pa.DataType:
    """The struct type of parsed records, each column typed at once where its values agree and
    value by value, merged as Spark merges them, where they conflict (``[1]`` and ``["x"]`` make
    array<string>)."""
    good = [r for r in records if r is not None]
    names = list(dict.fromkeys(k for r in good for k in r))
    fields = []
    for name in names:
        values = [r.get(name) for r in good]
        try:
            kind = pa.array(values).type
            if _has_decimal(kind):  # Arrow's widest decimal is not Spark's merge of each value's
                raise pa.ArrowInvalid("decimals are typed value by value")
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            kind = pa.null()
            for v in values:
                kind = _merged_type(kind, _value_type(v))
        fields.append(pa.field(name, kind))
    return pa.struct(fields)


def _has_variant(t: pa.DataType) -> bool:
    """Whether `t` is or holds a variant (read from exact numbers, not pyarrow's reader)."""
    if is_variant_arrow(t):
        return True
    return any(_has_variant(t.field(i).type) for i in range(t.num_fields))


def _has_decimal(t: pa.DataType) -> bool:
    """Whether `t` holds a decimal at any depth."""
    if pa.types.is_list(t):
        return _has_decimal(t.value_type)
    if pa.types.is_struct(t):
        return any(_has_decimal(f.type) for f in t)
    return pa.types.is_decimal(t)


def _value_type(value: object) -> pa.DataType:
    """The type Spark infers for one parsed JSON value."""
    if isinstance(value, dict):
        return _records_type([value])
    if isinstance(value, list):
        kind = pa.null()
        for v in value:
            kind = _merged_type(kind, _value_type(v))
        return pa.list_(kind)
    if isinstance(value, Decimal) or isinstance(value, int) and not isinstance(value, bool):
        return _number_type(value)
    try:
        return pa.scalar(value).type
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.string()


_BIGINT = range(-(2**63), 2**63)


def _number_type(value: int | Decimal) -> pa.DataType:
    """Spark's type for a JSON number: bigint when a whole number fits, else decimal(p, s) of its
    digits (a whole number beyond bigint, or any number read exactly under prefersDecimal), double
    past 38 digits; a negative scale (``1e5``) is NEGATIVE_SCALE_DISALLOWED, as Spark raises it."""
    if isinstance(value, int) and value in _BIGINT:
        return pa.int64()
    _, digits, exponent = Decimal(value).as_tuple()
    scale = -int(exponent)
    precision = max(len(digits), scale)
    if precision > 38:
        return pa.float64()
    if scale < 0:
        msg = (
            f"[NEGATIVE_SCALE_DISALLOWED] Negative scale is not allowed: '{scale}'. Set the config "
            '"spark.sql.legacy.allowNegativeScaleOfDecimal" to "true" to allow it.'
        )
        raise AnalysisException(msg, "NEGATIVE_SCALE_DISALLOWED", {"scale": f"'{scale}'"})
    return pa.decimal128(precision, scale)


def _merged_decimal(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    """Spark's merge of two decimals (a bigint counts as decimal(20,0)): the wider integral part
    and scale, double when they need more than 38 digits."""
    a, b = (pa.decimal128(20, 0) if t == pa.int64() else t for t in (a, b))
    scale = max(a.scale, b.scale)
    digits = max(a.precision - a.scale, b.precision - b.scale) + scale
    return pa.float64() if digits > 38 else pa.decimal128(digits, scale)


def _merged_type(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    """Spark's JsonInferSchema.compatibleType: null gives way, bigint and double make double,
    objects merge field by field (a field seen twice in one struct is merged with itself) and
    arrays element by element; any other conflict is a string."""
    if a == pa.null() or a == b and not pa.types.is_struct(a):
        return b if a == pa.null() else a
    if b == pa.null():
        return _merged_type(a, pa.struct([])) if pa.types.is_struct(a) else a
    if a in _NUMBER_RANK and b in _NUMBER_RANK:
        return pa.float64()
    if pa.types.is_decimal(a) or pa.types.is_decimal(b):
        if pa.float64() in (a, b):
            return pa.float64()
        if all(pa.types.is_decimal(t) or t == pa.int64() for t in (a, b)):
            return _merged_decimal(a, b)
        return pa.string()
    if pa.types.is_struct(a) and pa.types.is_struct(b):
        fields: dict[str, pa.DataType] = {}
        for f in [*a, *b]:
            fields[f.name] = _merged_type(fields[f.name], f.type) if f.name in fields else f.type
        return pa.struct([pa.field(n, t) for n, t in fields.items()])
    if pa.types.is_list(a) and pa.types.is_list(b):
        return pa.list_(_merged_type(a.value_type, b.value_type))
    return pa.string()


def _is_empty_struct(t: pa.DataType) -> bool:
    """An object seen only as ``{}``: Spark's inference drops such a field."""
    return pa.types.is_struct(t) and t.num_fields == 0


def _without_all_null(t: pa.DataType) -> list[pa.Field]:
    """The fields of struct `t` that held a value somewhere (dropFieldIfAllNull): fields seen only
    as null or as empty arrays are dropped, at any depth."""
    out = []
    for f in t:
        kind = f.type
        if pa.types.is_struct(kind):
            kind = pa.struct(_without_all_null(kind))
            if kind.num_fields == 0:
                continue
        if kind == pa.null() or (pa.types.is_list(kind) and kind.value_type == pa.null()):
            continue
        out.append(f.with_type(kind))
    return out


def _primitives_as_strings(t: pa.DataType) -> pa.DataType:
    """`t` with every number and boolean, at any depth, a string (the primitivesAsString option)."""
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_primitives_as_strings(t.value_type)))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_primitives_as_strings(f.type)) for f in t])
    return pa.string()


_LONG_DIGITS = re.compile(rb"\d{19}")


def _has_long_digits(path: str) -> bool:
    """Whether the file holds a run of 19 digits, which may be a whole number beyond bigint:
    pyarrow infers those as double, Spark as decimal, so such a file is inferred by the careful
    path (a run inside a string only costs that detour)."""
    return _LONG_DIGITS.search(read_bytes(path)) is not None


def infer_schema(files: list[DataFile], options: Options) -> pa.Schema:
    """Merged schema of all files: integers bigint, floats double, conflicts string, names sorted."""
    single = options.get("singlevariantcolumn")
    if single:  # each record is one document of a single VARIANT column
        return pa.schema([pa.field(single, VARIANT_ARROW)])
    schemas = []
    corrupt = False
    exact = option_bool(options, "prefersdecimal", False)
    for f in files:
        try:
            if option_bool(options, "multiline", False) or exact or _has_long_digits(f.path):
                raise pa.ArrowInvalid("multiLine documents and exact numbers are read by the careful path")
            schemas.append(_sorted(_fast(f.path, options, None).schema))
        except pa.ArrowInvalid:
            records, _ = _records(f.path, options, exact)
            corrupt = corrupt or any(r is None for r in records)
            schemas.append(_sorted(pa.schema(_records_type(records))))
    merged = [canonical_schema(s) for s in schemas]
    schema = pa.schema(_merged_type(pa.struct([f for s in merged for f in s]), pa.struct([])))
    if option_bool(options, "dropfieldifallnull", False):
        schema = pa.schema(_without_all_null(pa.struct(list(schema))))
    fields = [f.with_type(_nulls_as_strings(f.type)) for f in _sorted(schema) if not _is_empty_struct(f.type)]
    if option_bool(options, "primitivesasstring", False):
        fields = [f.with_type(_primitives_as_strings(f.type)) for f in fields]
    elif option_bool(options, "infertimestamp", False):
        fields = _timestamps_inferred(files, fields, options)
    if corrupt and parse_mode(options) == "PERMISSIVE":
        name = options.get("columnnameofcorruptrecord", "_corrupt_record")
        fields = sorted([*fields, pa.field(name, pa.string())], key=lambda f: f.name)
    return pa.schema(fields)


def _timestamps_inferred(files: list[DataFile], fields: list[pa.Field], options: Options) -> list[pa.Field]:
    """With inferTimestamp, a top-level string field whose every value parses with the
    timestampFormat is a timestamp, as Spark infers it (nested fields stay strings here)."""
    texts = [f for f in fields if pa.types.is_string(f.type)]
    if not texts:
        return fields
    schema = pa.schema(texts)
    tables = [read_file(f.path, None, schema, schema.names, {**options, "mode": "PERMISSIVE"}) for f in files]
    timed = set()
    for f in texts:
        values = pa.chunked_array([t.column(f.name) for t in tables], pa.string()).combine_chunks().drop_null()
        if len(values) and parse_column(values, TIMESTAMP, options).null_count == 0:
            timed.add(f.name)
    return [f.with_type(TIMESTAMP) if f.name in timed else f for f in fields]


def file_splits(f: DataFile, target_bytes: int) -> list[tuple[tuple[int, ...] | None, int, int | None]]:
    """One split per JSON file."""
    return [(None, f.size, None)]


def _as_read(t: pa.DataType) -> pa.DataType:
    """Dates and timestamps are read as text and parsed afterwards with Spark's formats."""
    return pa.string() if pa.types.is_date(t) or pa.types.is_timestamp(t) else t


def read_file(
    path: str, row_groups: tuple[int, ...] | None, schema: pa.Schema, columns: list[str], options: Options
) -> pa.Table:
    """`columns` of the JSON file typed per `schema`, corrupt records handled per `mode`."""
    single = options.get("singlevariantcolumn")
    if single:
        return conform(pa.table({single: _documents(path, options)}), schema, columns)
    mode = parse_mode(options)
    corrupt = options.get("columnnameofcorruptrecord", "_corrupt_record")
    fields = [f for f in schema if f.name != corrupt]
    read_schema = pa.schema([f.with_type(_as_read(f.type)) for f in fields])
    texts: list[str] | None = None
    try:
        if option_bool(options, "multiline", False) or any(_has_variant(f.type) for f in fields):
            raise pa.ArrowInvalid("multiLine documents and variant fields are read by the careful path")
        table = canonical_table(_fast(path, options, read_schema))
        bad = pa.array([False] * table.num_rows, pa.bool_())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # pyarrow's reader builds no map fields
        # numbers are read exactly when a decimal field is to hold them
        records, texts = _records(path, options, any(_has_decimal(f.type) or _has_variant(f.type) for f in fields))
        table = _careful_table(records, read_schema, option_bool(options, "allownonnumericnumbers", True))
        # a record is corrupt when it is not an object or one of its values does not fit its field
        bad = pa.array([r is None for r in records], pa.bool_())
        for f in fields:
            given = pa.array([r is not None and r.get(f.name) is not None for r in records], pa.bool_())
            bad = pc.or_(bad, pc.and_(given, table.column(f.name).is_null()))
    out = table.select([])
    for f in fields:
        raw = table.column(f.name).combine_chunks()
        value = parse_column(raw, f.type, options) if _as_read(f.type) != f.type else raw
        bad = pc.or_(bad, pc.and_(raw.is_valid(), value.is_null()))
        out = out.append_column(f, value)
    if pc.any(bad).as_py():
        if mode == "FAILFAST":
            index = pc.index(bad, True).as_py()
            msg = (
                f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
                f"parsing of {file_uri(path)} at record {index + 1}. Parse Mode: FAILFAST. To process malformed "
                "records as null result, try setting the option 'mode' as 'PERMISSIVE'; to skip them, 'DROPMALFORMED'."
            )
            raise SparkRuntimeException(
                msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {"path": file_uri(path)}
            )
        if mode == "DROPMALFORMED":
            out = out.filter(pc.invert(bad))
    if corrupt in schema.names and mode != "DROPMALFORMED":
        if texts is None:
            _, texts = _records(path, options)
        out = out.append_column(schema.field(corrupt), pc.if_else(bad, pa.array(texts, pa.string()), None))
    return conform(out, schema, columns)
