"""``toPandas()``: Arrow results as pandas with the dtypes PySpark gives."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from engine import types as T


def to_pandas(table: pa.Table, schema: T.StructType, timezone: str = "UTC") -> Any:
    """A pandas DataFrame: timestamps as local naive datetime64[us], structs as Rows, maps as dicts."""
    import pandas as pd

    from engine.api.convert import _column_values, _needs_fix

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
        elif _needs_fix(t) or pa.types.is_decimal(t) or pa.types.is_date(t):
            data[f"__{i}"] = pd.Series(_column_values(col), dtype=object)
        else:
            data[f"__{i}"] = col.to_pandas()
        columns.append(f.name)
    frame = pd.DataFrame(data) if data else pd.DataFrame(index=range(table.num_rows))
    frame.columns = columns
    return frame
