"""``toPandas()``: Arrow results as pandas with the dtypes PySpark gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from engine import types as T


def to_pandas(table: pa.Table, schema: T.StructType, timezone: str = "UTC") -> Any:
    """A pandas DataFrame as PySpark 4's Arrow path builds it.

    Timestamps are naive datetime64[us] in the session zone; arrays stay the numpy arrays
    pyarrow makes, structs and maps become dicts, at any depth (see `_nested`).
    """
    import pandas as pd

    from engine.api.convert import _column_values

    data: dict[str, Any] = {}
    columns = []
    for i, f in enumerate(schema.fields):
        col = table.column(i)
        t = col.type
        if pa.types.is_timestamp(t):
            s = col.to_pandas()
            if t.tz is not None:
                s = s.dt.tz_convert(timezone).dt.tz_localize(None)
            data[f"__{i}"] = s.astype("datetime64[us]")
        elif isinstance(f.dataType, T.ArrayType | T.MapType | T.StructType | T.VariantType):
            s = col.to_pandas()
            convert = _nested(f.dataType, timezone)
            data[f"__{i}"] = s if convert is None else s.map(convert, na_action="ignore")
        elif pa.types.is_decimal(t) or pa.types.is_date(t):
            data[f"__{i}"] = pd.Series(_column_values(col), dtype=object)
        else:
            data[f"__{i}"] = col.to_pandas()
        columns.append(f.name)
    frame = pd.DataFrame(data) if data else pd.DataFrame(index=range(table.num_rows))
    frame.columns = columns
    return frame


def _nested(dt: T.DataType, timezone: str) -> Callable[[Any], Any] | None:
    """How to turn one value pyarrow's ``to_pandas`` made of a `dt` into what PySpark gives, or
    None when it is already right.

    pyarrow leaves arrays as numpy arrays (kept, as PySpark keeps them), structs as dicts and
    maps as lists of pairs (made dicts, in the order ``collect()`` gives); nested timestamps
    become naive ``pd.Timestamp`` in the session zone.
    """
    import numpy as np
    import pandas as pd

    if isinstance(dt, T.ArrayType):
        element = _nested(dt.elementType, timezone)
        if element is None:
            return None
        return lambda v: np.array([None if x is None else element(x) for x in v])
    if isinstance(dt, T.MapType):
        from engine.api.java_order import collected_order

        key = _nested(dt.keyType, timezone) or (lambda x: x)
        value = _nested(dt.valueType, timezone) or (lambda x: x)
        long = isinstance(dt.keyType, T.LongType)

        def to_dict(pairs: list[tuple[Any, Any]]) -> dict[Any, Any]:
            order = collected_order([k for k, _ in pairs], long=long)
            return {key(pairs[i][0]): None if pairs[i][1] is None else value(pairs[i][1]) for i in order}

        return to_dict
    if isinstance(dt, T.StructType):
        fields = [(f.name, _nested(f.dataType, timezone)) for f in dt.fields]
        if all(conv is None for _, conv in fields):
            return None
        return lambda v: {
            name: v[name] if conv is None or v[name] is None else conv(v[name]) for name, conv in fields
        }
    if isinstance(dt, T.VariantType):  # PySpark's cells are VariantVal objects
        return lambda v: T.VariantVal(bytearray(v["value"]), bytearray(v["metadata"]))
    if isinstance(dt, T.TimestampType):

        def local(v: Any) -> Any:
            ts = pd.Timestamp(v)
            return (ts if ts.tzinfo is not None else ts.tz_localize("UTC")).tz_convert(timezone).tz_localize(None)

        return local
    if isinstance(dt, T.TimestampNTZType):
        return pd.Timestamp
    return None
