"""DataTypes from their JSON form (``df.schema.jsonValue()`` / ``json()``), as PySpark's ``fromJson``."""

from __future__ import annotations

from typing import Any

from engine.errors import PySparkValueError
from engine.types.atomic import DataType, StringType
from engine.types.ddl import parse_ddl
from engine.types.nested import ArrayType, MapType, StructField, StructType


def type_from_json(value: Any) -> DataType:
    """``"long"`` -> LongType(), ``{"type": "array", ...}`` -> ArrayType(...), and so on."""
    if isinstance(value, str):
        return parse_ddl(value)
    kind = value.get("type") if isinstance(value, dict) else None
    if kind == "struct":
        return StructType([field_from_json(f) for f in value["fields"]])
    if kind == "array":
        return ArrayType(type_from_json(value["elementType"]), value.get("containsNull", True))
    if kind == "map":
        return MapType(
            type_from_json(value["keyType"]), type_from_json(value["valueType"]), value.get("valueContainsNull", True)
        )
    raise PySparkValueError(
        f"[UNSUPPORTED_DATA_TYPE] Cannot read a data type from JSON {value!r}; expected a type name or an "
        "object whose 'type' is struct, array or map.",
        "UNSUPPORTED_DATA_TYPE",
    )


def field_from_json(value: dict[str, Any]) -> StructField:
    """One ``{"name", "type", "nullable", "metadata"}`` object as a StructField; a string's
    collation comes back from the metadata's ``__COLLATIONS`` entry (``spark.UTF8_LCASE``)."""
    dtype = type_from_json(value["type"])
    metadata = dict(value.get("metadata") or {})
    collations = metadata.pop("__COLLATIONS", None)
    if isinstance(collations, dict) and isinstance(dtype, StringType) and value["name"] in collations:
        dtype = StringType(str(collations[value["name"]]).split(".", 1)[-1])
    return StructField(value["name"], dtype, value.get("nullable", True), metadata)
