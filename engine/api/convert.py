"""Conversions at the API edge: Python/pandas/Arrow data in, Rows and pandas out."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.errors import IllegalArgumentException, PySparkTypeError, PySparkValueError
from engine.row import Row


def to_arrow_table(data: Any, schema: Any, timezone: str | None = None) -> pa.Table:
    """`data` (pandas, Arrow, list of rows/dicts/tuples/values) as a canonical Arrow table.

    `timezone` (the session zone) is where naive pandas datetimes are read as wall-clock
    times, as PySpark does; None keeps them as TIMESTAMP_NTZ.
    """
    struct = _schema(schema)
    names = list(schema) if isinstance(schema, (list, tuple)) and all(isinstance(s, str) for s in schema) else None
    if isinstance(data, pa.Table):
        table = T.canonicalize_table(data)
    elif _is_pandas(data):
        table = T.canonicalize_table(pa.Table.from_pandas(data, preserve_index=False))
        if timezone is not None:
            table = _naive_timestamps_as_local(table, timezone)
    elif isinstance(data, (list, tuple)) or hasattr(data, "__iter__"):
        return _rows_to_table(list(data), struct, names, _one_type(schema))
    else:
        raise PySparkTypeError(
            f"[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `{type(data).__name__}`. "
            "Pass a list of rows, a pandas DataFrame or a pyarrow Table.",
            "CANNOT_INFER_SCHEMA_FOR_TYPE",
        )
    if names is not None:
        if len(names) != table.num_columns:
            raise PySparkValueError(
                f"[LENGTH_SHOULD_BE_THE_SAME] schema names ({len(names)}) and data columns "
                f"({table.num_columns}) should be of the same length.",
                "LENGTH_SHOULD_BE_THE_SAME",
            )
        table = table.rename_columns(names)
    if struct is not None:
        table = _cast_to_schema(table, struct)
    return table


def _naive_timestamps_as_local(table: pa.Table, timezone: str) -> pa.Table:
    """Naive timestamp columns as instants of wall-clock times in `timezone` (Spark's TIMESTAMP)."""
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is None:
            zoned = pc.assume_timezone(table.column(i), timezone, ambiguous="earliest", nonexistent="earliest")
            table = table.set_column(i, field.name, zoned.cast(pa.timestamp("us", tz="UTC")))
    return table


def _one_type(schema: Any) -> bool:
    """Whether `schema` is one non-struct type (``"int"``, ``IntegerType()``): each plain value of
    the data is then a row of one column, where a struct schema refuses plain values."""
    if isinstance(schema, str):
        return not isinstance(T.parse_ddl(schema), T.StructType)
    return isinstance(schema, T.DataType) and not isinstance(schema, T.StructType)


def _is_pandas(data: Any) -> bool:
    mod = type(data).__module__
    return mod.startswith("pandas") and hasattr(data, "columns")


def _schema(schema: Any) -> T.StructType | None:
    if schema is None or (isinstance(schema, (list, tuple)) and all(isinstance(s, str) for s in schema)):
        return None
    if isinstance(schema, str):
        parsed = T.parse_ddl(schema)
        return parsed if isinstance(parsed, T.StructType) else T.StructType([T.StructField("value", parsed)])
    if isinstance(schema, T.StructType):
        return schema
    if isinstance(schema, T.DataType):
        return T.StructType([T.StructField("value", schema)])
    raise PySparkTypeError(
        f"[NOT_LIST_OR_NONE_OR_STRUCT] schema should be a StructType, a DDL string, a list of names or None, "
        f"got {type(schema).__name__}.",
        "NOT_LIST_OR_NONE_OR_STRUCT",
    )


def _cast_to_schema(table: pa.Table, struct: T.StructType) -> pa.Table:
    if len(struct.fields) != table.num_columns:
        raise PySparkValueError(
            f"[LENGTH_SHOULD_BE_THE_SAME] schema has {len(struct.fields)} fields but the data has "
            f"{table.num_columns} columns.",
            "LENGTH_SHOULD_BE_THE_SAME",
        )
    arrays = []
    for f, col in zip(struct.fields, table.columns):
        want = T.to_arrow(f.dataType)
        try:
            arrays.append(col.cast(want) if col.type != want else col)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as e:
            raise PySparkTypeError(
                f"[FIELD_DATA_TYPE_UNACCEPTABLE] field {f.name}: {f.dataType} can not accept the data of "
                f"type {col.type}: {e}",
                "FIELD_DATA_TYPE_UNACCEPTABLE",
            ) from e
    return pa.Table.from_arrays(arrays, schema=T.to_arrow_schema(struct))


def _rows_to_table(rows: list[Any], struct: T.StructType | None, names: list[str] | None, atoms: bool) -> pa.Table:
    if struct is None:
        if not rows:
            raise PySparkValueError(
                "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.",
                "CANNOT_INFER_EMPTY_SCHEMA",
            )
        struct = T.infer_schema(rows, names)  # plain values are refused here, as PySpark refuses them
        rows = [_as_record(r) for r in rows]
        if names is not None:  # fields past the given names keep their inferred `_2`, `_3`, ...
            given = names + [f.name for f in struct.fields[len(names) :]]
            struct = T.StructType([T.StructField(nm, f.dataType, f.nullable) for nm, f in zip(given, struct.fields)])
        inferred = True
    else:
        if not atoms:
            plain = next((r for r in rows if _is_plain(r)), None)
            if plain is not None:
                raise PySparkTypeError(
                    f"[FIELD_DATA_TYPE_UNACCEPTABLE] {struct!r} can not accept object {plain!r} in type {type(plain)}.",
                    "FIELD_DATA_TYPE_UNACCEPTABLE",
                    {"data_type": repr(struct), "obj": repr(plain), "obj_type": str(type(plain))},
                )
        rows = [_as_record(r) for r in rows]
        inferred = False
    fields = struct.fields
    columns: list[list[Any]] = [[] for _ in fields]
    for r in rows:
        values = _values(r, struct, inferred)
        for i, v in enumerate(values):
            columns[i].append(v)
    arrays = []
    for f, values in zip(fields, columns):
        # a string place holds any value's text ('1', 'true'), whether inferred or given
        values = [_as_inferred(v, f.dataType) for v in values]
        arrays.append(_to_array(values, f, strict=not inferred))
    return pa.Table.from_arrays(arrays, schema=T.to_arrow_schema(struct))


def _as_inferred(v: Any, dt: T.DataType) -> Any:
    """`v` in the shape its inferred type `dt` takes: non-strings in string places become text."""
    if v is None:
        return None
    if isinstance(dt, T.StringType) and not isinstance(v, str):
        return ("true" if v else "false") if isinstance(v, bool) else str(v)
    if isinstance(dt, T.ArrayType) and isinstance(v, (list, tuple)):
        return [_as_inferred(x, dt.elementType) for x in v]
    if isinstance(dt, T.MapType) and isinstance(v, dict):
        return {_as_inferred(k, dt.keyType): _as_inferred(x, dt.valueType) for k, x in v.items()}
    if isinstance(dt, T.StructType) and isinstance(v, dict):  # a struct given by field name
        return {f.name: _as_inferred(v.get(f.name), f.dataType) for f in dt.fields}
    if isinstance(dt, T.StructType) and isinstance(v, (tuple, list)):  # a Row inside too: by position
        return tuple(_as_inferred(x, f.dataType) for f, x in zip(dt.fields, v))
    return v


def _is_plain(r: Any) -> bool:
    """Whether `r` is a plain value rather than a record (a Row, tuple, list, dict or object)."""
    return not (isinstance(r, (Row, tuple, list, dict)) or hasattr(r, "__dict__") and not isinstance(r, (str, bytes)))


def _as_record(r: Any) -> Any:
    """Plain values become one-field rows, as PySpark does for a list of atoms with a type schema."""
    if _is_plain(r):
        return (r,)
    if hasattr(r, "__dict__") and not isinstance(r, (Row, tuple, list, dict)):
        return r.__dict__
    return r


def _values(r: Any, struct: T.StructType, inferred: bool) -> list[Any]:
    """The values of record `r` in `struct`'s field order.

    A record of the wrong length fails as PySpark fails it: checked against a given schema
    in Python (FIELD_STRUCT_LENGTH_MISMATCH), against an inferred one by the JVM
    (STRUCT_ARRAY_LENGTH_MISMATCH).
    """
    n = len(struct.fields)
    if isinstance(r, dict):
        return [r.get(f.name) for f in struct.fields]
    if isinstance(r, Row) and hasattr(r, "__fields__"):
        d = r.asDict()
        if all(f.name in d for f in struct.fields):
            return [d[f.name] for f in struct.fields]
    values = list(r)
    if len(values) != n and inferred:
        raise IllegalArgumentException(
            "[STRUCT_ARRAY_LENGTH_MISMATCH] Input row doesn't have expected number of values required by the "
            f"schema. {n} fields are required while {len(values)} values are provided.",
            "STRUCT_ARRAY_LENGTH_MISMATCH",
            {"expected": str(n), "actual": str(len(values))},
        )
    if len(values) != n:
        raise PySparkValueError(
            f"[FIELD_STRUCT_LENGTH_MISMATCH] Length of object ({len(values)}) does not match with length of "
            f"fields ({n}).",
            "FIELD_STRUCT_LENGTH_MISMATCH",
        )
    return values


def _to_array(values: list[Any], f: T.StructField, strict: bool = False) -> pa.Array:
    """`values` as `f`'s Arrow array; `strict` (a schema the caller gave) rejects what PySpark's
    verifier rejects that Arrow would convert, such as an int in a double field."""
    want = T.to_arrow(f.dataType)
    try:
        prepared = [_prepare(v, f.dataType, strict) for v in values]
        arr = pa.array(prepared, type=want)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError) as e:
        top = f"field {f.name}"
        found = next((b for v in values if v is not None for b in [_unaccepted(f.dataType, v, top)] if b), None)
        where, dtype, bad = found if found is not None else (top, f.dataType, None)
        if type(dtype) in _INTEGRAL_BITS and type(bad) is int:  # an integer its type cannot hold
            lower, upper = _integral_bounds(dtype)
            raise PySparkValueError(
                f"[VALUE_OUT_OF_BOUNDS] Value for `obj` must be between {lower} and {upper} (inclusive), got {bad}",
                "VALUE_OUT_OF_BOUNDS",
            ) from e
        raise PySparkTypeError(
            f"[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] {where}: {dtype!r} can not accept object "
            f"{bad!r} in type {type(bad)}.",
            "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
        ) from e
    if not f.nullable and arr.null_count:
        raise PySparkValueError(
            f"[FIELD_NOT_NULLABLE_WITH_NAME] field {f.name}: This field is not nullable, but got None.",
            "FIELD_NOT_NULLABLE_WITH_NAME",
        )
    return arr


def _unaccepted(dt: T.DataType, v: Any, path: str) -> tuple[str, T.DataType, Any] | None:
    """The first value inside `v` that `dt` does not accept, with PySpark's path to it
    (``field q in field s``, ``element in array field a``), or None."""
    if v is None:
        return None
    if isinstance(dt, T.StructType) and isinstance(v, (tuple, list, dict)):
        items = [v.get(f.name) for f in dt.fields] if isinstance(v, dict) else list(v)
        for f, x in zip(dt.fields, items):
            found = _unaccepted(f.dataType, x, f"field {f.name} in {path}")
            if found:
                return found
        return None
    if isinstance(dt, T.ArrayType) and isinstance(v, (list, tuple)):
        return next((b for x in v for b in [_unaccepted(dt.elementType, x, f"element in array {path}")] if b), None)
    if isinstance(dt, T.MapType) and isinstance(v, dict):
        keys = (b for k in v for b in [_unaccepted(dt.keyType, k, f"key of map {path}")] if b)
        values = (b for x in v.values() for b in [_unaccepted(dt.valueType, x, f"value of map {path}")] if b)
        return next(keys, None) or next(values, None)
    return None if _accepts(dt, v) else (path, dt, v)


_INTEGRAL_BITS = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}


def _integral_bounds(dt: T.DataType) -> tuple[int, int]:
    """The least and greatest value integral type `dt` holds, as PySpark's verifier checks them."""
    bits = _INTEGRAL_BITS[type(dt)]
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def _accepts(dt: T.DataType, v: Any) -> bool:
    if isinstance(dt, (T.LongType, T.IntegerType, T.ShortType, T.ByteType)):
        lower, upper = _integral_bounds(dt)
        return isinstance(v, int) and not isinstance(v, bool) and lower <= v <= upper
    if isinstance(dt, (T.DoubleType, T.FloatType)):
        return isinstance(v, float)
    return True  # a string takes any value's text, as PySpark's verifier lets it


def _prepare(v: Any, dt: T.DataType, strict: bool = False) -> Any:
    """Python values in the shapes pyarrow expects for `dt` (Rows to dicts, dicts to pairs);
    `strict`: an int is no float or double, as PySpark's verifier accepts only floats there."""
    if v is None:
        return None
    if isinstance(dt, T.VariantType):
        if not isinstance(v, T.VariantVal):
            raise TypeError("not a VariantVal")
        return {"value": bytes(v.value), "metadata": bytes(v.metadata)}
    if isinstance(dt, T.StructType):
        if isinstance(v, Row) and hasattr(v, "__fields__"):
            v = v.asDict()
        if isinstance(v, dict):
            return {f.name: _prepare(v.get(f.name), f.dataType, strict) for f in dt.fields}
        return {f.name: _prepare(x, f.dataType, strict) for f, x in zip(dt.fields, v)}
    if isinstance(dt, T.ArrayType):
        return [_prepare(x, dt.elementType, strict) for x in v]
    if isinstance(dt, T.MapType):
        from engine.api.java_order import in_hashmap_order

        return [(k, _prepare(x, dt.valueType, strict)) for k, x in in_hashmap_order(v)]  # the JVM's HashMap order
    if isinstance(dt, (T.DoubleType, T.FloatType)) and (isinstance(v, bool) or strict and isinstance(v, int)):
        raise TypeError("not a double")
    if not strict and isinstance(dt, T.LongType) and type(v) is int and not _accepts(dt, v):
        return None  # beyond a long in an inferred column: PySpark's JVM side reads it as null
    if isinstance(dt, (T.LongType, T.IntegerType, T.ShortType, T.ByteType)) and isinstance(v, (bool, float)):
        raise TypeError("not an integer")
    if isinstance(dt, T.StringType) and not isinstance(v, str):
        raise TypeError("not a string")
    if isinstance(dt, T.TimestampType) and isinstance(v, datetime.datetime) and v.tzinfo is None:
        return v.astimezone(datetime.timezone.utc)  # naive datetimes are local wall-clock time
    if isinstance(dt, T.DecimalType) and isinstance(v, float):
        return decimal.Decimal(repr(v))
    return v


# ---------------------------------------------------------------------------- out


def table_to_rows(table: pa.Table) -> list[Row]:
    """Rows of a result table, with PySpark's Python values (structs as Row, maps as dict)."""
    names = table.column_names
    columns = [_column_values(table.column(i)) for i in range(table.num_columns)]
    make = Row(*names) if len(set(names)) == len(names) else None
    if not columns:  # a row of no columns still has (no) field names: Row(), as PySpark prints it
        return [_dup_row([], ()) for _ in range(table.num_rows)]
    if make is None:
        return [_dup_row(names, vals) for vals in zip(*columns)]
    return [make(*vals) for vals in zip(*columns)]


def _dup_row(names: list[str], vals: tuple[Any, ...]) -> Row:
    row = Row(*vals)
    row.__fields__ = list(names)
    return row


def pylist(col: pa.ChunkedArray) -> list[Any]:
    """``col.to_pylist()``, also for structs that repeat a field name (``arrays_zip(x, x)``), whose
    dicts are keyed by position (``_0``, ``_1``) since pyarrow makes none with repeated keys."""
    unique = _unique_field_names(col.type)
    if unique != col.type:
        return [v for chunk in col.chunks for v in chunk.view(unique).to_pylist()]
    return col.to_pylist()


def _column_values(col: pa.ChunkedArray) -> list[Any]:
    t = col.type
    values = pylist(col)
    if _needs_fix(t):
        return [_fix(v, t) for v in values]
    return values


def _unique_field_names(t: pa.DataType) -> pa.DataType:
    """`t` with every struct's fields renamed by position where a struct repeats a name
    (``arrays_zip(x, x)`` is ``struct<x, x>`` in Spark), else `t` itself."""
    if pa.types.is_struct(t):
        fields = [t.field(i) for i in range(t.num_fields)]
        inner = [_unique_field_names(f.type) for f in fields]
        names = [f.name for f in fields]
        if len(set(names)) == len(names) and all(a == f.type for a, f in zip(inner, fields)):
            return t
        return pa.struct([pa.field(f"_{i}", a, f.nullable) for i, (a, f) in enumerate(zip(inner, fields))])
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        inner = _unique_field_names(t.value_type)
        if inner == t.value_type:
            return t
        make = pa.list_ if pa.types.is_list(t) else pa.large_list
        return make(pa.field(t.value_field.name, inner, t.value_field.nullable))
    if pa.types.is_map(t):
        key, item = _unique_field_names(t.key_type), _unique_field_names(t.item_type)
        if key == t.key_type and item == t.item_type:
            return t
        return pa.map_(key, pa.field(t.item_field.name, item, t.item_field.nullable))
    return t


def _needs_fix(t: pa.DataType) -> bool:
    return (
        pa.types.is_struct(t) or pa.types.is_map(t) or pa.types.is_list(t) or pa.types.is_large_list(t)
        or (pa.types.is_timestamp(t) and t.tz is not None)
    )  # fmt: skip


def _fix(v: Any, t: pa.DataType) -> Any:
    if v is None:
        return None
    if pa.types.is_struct(t) and T.is_variant_arrow(t):
        return T.VariantVal(bytearray(v["value"]), bytearray(v["metadata"]))  # PySpark's are bytearrays
    if pa.types.is_struct(t):
        names = [t.field(i).name for i in range(t.num_fields)]
        vals = [_fix(x, t.field(i).type) for i, x in enumerate(v.values())]  # by position: names may repeat
        return Row(**dict(zip(names, vals))) if len(set(names)) == len(names) else _dup_row(names, tuple(vals))
    if pa.types.is_map(t):
        from engine.api.java_order import collected_order

        order = collected_order([k for k, _ in v], long=pa.types.is_int64(t.key_type))  # as PySpark's dicts
        return {_fix(v[i][0], t.key_type): _fix(v[i][1], t.item_type) for i in order}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [_fix(x, t.value_type) for x in v]
    if pa.types.is_timestamp(t) and t.tz is not None:
        return v.astimezone(_local_zone()).replace(tzinfo=None)  # PySpark returns local naive datetimes
    return v


def _local_zone() -> Any:
    return datetime.datetime.now().astimezone().tzinfo
