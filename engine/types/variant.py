"""Spark 4's VARIANT type and PySpark's ``VariantVal``, and how a variant column is held in Arrow.

Representation: a variant column is an Arrow ``struct<value: binary not null, metadata: binary
not null>`` whose ``metadata`` field carries the field metadata ``{"variant": "true"}``; both
binaries hold Spark's variant encoding (`engine.types.variant_codec`). This is exactly the Arrow
type PySpark 4 itself uses for variants (``pyspark.sql.pandas.types``), and the struct of
``value``/``metadata`` binaries is how Spark lays a variant out in Parquet, so:

* the Parquet writer stores it as Spark does, and pyarrow keeps the nested field metadata in the
  file's Arrow schema, so engine reads the column back as VARIANT;
* Ray's object store pickles Arrow types with their field metadata, so partitions keep the type;
* no Arrow extension type has to be registered in every worker process.

The tag is what tells a variant apart from a user's struct of two binaries (`is_variant_arrow`).
"""

from __future__ import annotations

import datetime
from typing import Any

import pyarrow as pa

from engine.types.atomic import AtomicType

VARIANT_ARROW = pa.struct([
    pa.field("value", pa.binary(), nullable=False),
    pa.field("metadata", pa.binary(), nullable=False, metadata={b"variant": b"true"}),
])  # fmt: skip


def is_variant_arrow(t: pa.DataType) -> bool:
    """Whether Arrow type `t` is a variant (a struct with ``value`` and a tagged ``metadata``)."""
    if not pa.types.is_struct(t):
        return False
    names = [t.field(i).name for i in range(t.num_fields)]
    if "value" not in names or "metadata" not in names:
        return False
    tag = t.field("metadata").metadata or {}
    return tag.get(b"variant") == b"true"


class VariantType(AtomicType):
    """Semi-structured values (JSON-like documents with typed scalars), ``variant`` in SQL."""


class VariantVal:
    """One variant value as collect() returns it: Spark's ``value`` and ``metadata`` bytes.

    ``toPython()`` and ``toJson()`` decode it as PySpark's VariantVal does (decimals keep their
    scale, doubles print as Python prints them, timestamps in the given zone). Unlike PySpark's,
    two VariantVals with the same bytes compare equal, so collected rows can be compared.
    """

    def __init__(self, value: bytes, metadata: bytes) -> None:
        self.value = value
        self.metadata = metadata

    def __str__(self) -> str:
        return self.toJson()

    def __repr__(self) -> str:
        return f"VariantVal({self.value!r}, {self.metadata!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, VariantVal)
            and bytes(self.value) == bytes(other.value)
            and bytes(self.metadata) == bytes(other.metadata)
        )

    def __hash__(self) -> int:
        return hash((bytes(self.value), bytes(self.metadata)))

    def toPython(self) -> Any:  # noqa: N802 - PySpark name
        """The value as Python data: dict, list, str, int, float, Decimal, bool, None, date,
        datetime (timestamps in UTC) or bytes."""
        from engine.types.variant_codec import Float32, decode

        tree = decode(bytes(self.value), bytes(self.metadata))
        return _plain(tree, Float32)

    def toJson(self, zone_id: str = "UTC") -> str:  # noqa: N802 - PySpark name
        """The value as JSON text, formatted as PySpark's ``VariantVal.toJson`` formats it."""
        from engine.types.variant_text import python_json

        return python_json(bytes(self.value), bytes(self.metadata), zone_id)

    @classmethod
    def parseJson(cls, json_str: str) -> VariantVal:  # noqa: N802 - PySpark name
        """A VariantVal of JSON text (PySpark 4.1's ``VariantVal.parseJson``)."""
        from engine.types.variant_codec import parse_json

        return cls(*parse_json(json_str))


def _plain(tree: Any, float32: type) -> Any:
    """A decoded tree with engine's Float32 marker turned back into plain floats."""
    if isinstance(tree, dict):
        return {k: _plain(v, float32) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_plain(v, float32) for v in tree]
    if isinstance(tree, float32):
        return float(tree)
    if isinstance(tree, datetime.datetime) and tree.tzinfo is not None:
        from zoneinfo import ZoneInfo

        return tree.astimezone(ZoneInfo("UTC"))  # PySpark's toPython gives timestamps in UTC
    return tree
