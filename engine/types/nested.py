"""The nested types: ArrayType, MapType, StructField and StructType (with printSchema text)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.errors import PySparkIndexError, PySparkTypeError, PySparkValueError
from engine.types.atomic import DataType


class ArrayType(DataType):
    """Arrays of `elementType`; `containsNull` says whether elements may be null."""

    def __init__(self, elementType: DataType, containsNull: bool = True) -> None:  # noqa: N803
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"array<{self.elementType.simpleString()}>"

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> ArrayType:  # noqa: N802 - PySpark name
        """The ArrayType whose ``jsonValue()`` is `json`."""
        from engine.types.from_json import type_from_json

        out = type_from_json(json)
        assert isinstance(out, ArrayType)
        return out

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {
            "type": "array",
            "elementType": self.elementType.jsonValue(),
            "containsNull": self.containsNull,
        }

    def toNullable(self) -> ArrayType:  # noqa: N802 - PySpark name
        """This type with every nullability flag inside it set true (PySpark 4)."""
        return ArrayType(as_nullable(self.elementType), containsNull=True)

    def __repr__(self) -> str:
        return f"ArrayType({self.elementType!r}, {self.containsNull})"

    def _sql(self) -> str:
        return f"ARRAY<{self.elementType._sql()}>"


class MapType(DataType):
    """Maps from `keyType` (never null) to `valueType`."""

    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True) -> None:  # noqa: N803
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> MapType:  # noqa: N802 - PySpark name
        """The MapType whose ``jsonValue()`` is `json`."""
        from engine.types.from_json import type_from_json

        out = type_from_json(json)
        assert isinstance(out, MapType)
        return out

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {
            "type": "map",
            "keyType": self.keyType.jsonValue(),
            "valueType": self.valueType.jsonValue(),
            "valueContainsNull": self.valueContainsNull,
        }

    def toNullable(self) -> MapType:  # noqa: N802 - PySpark name
        """This type with every nullability flag inside it set true (PySpark 4)."""
        return MapType(as_nullable(self.keyType), as_nullable(self.valueType), valueContainsNull=True)

    def __repr__(self) -> str:
        return f"MapType({self.keyType!r}, {self.valueType!r}, {self.valueContainsNull})"

    def _sql(self) -> str:
        return f"MAP<{self.keyType._sql()}, {self.valueType._sql()}>"


class StructField(DataType):
    """A named, typed, possibly nullable field of a StructType, with free-form metadata."""

    def __init__(
        self,
        name: str,
        dataType: DataType,
        nullable: bool = True,
        metadata: dict[str, Any] | None = None,  # noqa: N803
    ) -> None:
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = dict(metadata or {})

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"{self.name}:{self.dataType.simpleString()}"

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> StructField:  # noqa: N802 - PySpark name
        """The StructField whose ``jsonValue()`` is `json`."""
        from engine.types.from_json import field_from_json

        out = field_from_json(json)
        assert isinstance(out, StructField)
        return out

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        metadata = self.metadata
        collation = getattr(self.dataType, "collation", "UTF8_BINARY")
        if collation != "UTF8_BINARY":  # Spark keeps a string's collation in its field's metadata
            provider = "spark" if collation.startswith("UTF8_") else "icu"
            metadata = {**metadata, "__COLLATIONS": {self.name: f"{provider}.{collation}"}}
        return {
            "name": self.name,
            "type": self.dataType.jsonValue(),
            "nullable": self.nullable,
            "metadata": metadata,
        }

    def __repr__(self) -> str:
        return f"StructField({self.name!r}, {self.dataType!r}, {self.nullable})"

    def _sql(self) -> str:
        comment = self.metadata.get("comment")
        tail = "" if self.nullable else " NOT NULL"
        if comment is not None:
            tail += " COMMENT '" + str(comment).replace("\\", "\\\\").replace("'", "\\'") + "'"
        return f"{_quote(self.name)} {self.dataType._sql()}{tail}"

    def _tree(self, prefix: str, out: list[str], depth: int) -> None:
        if depth > 0:
            out.append(
                f"{prefix}-- {_escape(self.name)}: {self.dataType._tree_name()} (nullable = {_b(self.nullable)})\n"
            )
            _tree_children(self.dataType, f"{prefix}    |", out, depth)


class StructType(DataType):
    """A row type: an ordered list of StructFields, indexable by name, position or slice."""

    def __init__(self, fields: list[StructField] | None = None) -> None:
        self.fields: list[StructField] = list(fields or [])
        self.names: list[str] = [f.name for f in self.fields]

    def add(
        self,
        field: str | StructField,
        data_type: str | DataType | None = None,
        nullable: bool = True,
        metadata: dict[str, Any] | None = None,
    ) -> StructType:
        """Append a field (a StructField, or a name and a type or DDL type string) in place
        and return self, so calls chain: ``StructType().add("a", "int").add("b", "string")``."""
        if isinstance(field, StructField):
            new = field
        else:
            if data_type is None:
                msg = (
                    "[ARGUMENT_REQUIRED] Argument `data_type` is required when passing name of struct_field."
                )
                raise PySparkValueError(msg, "ARGUMENT_REQUIRED", {"arg_name": "data_type"})
            from engine.types.ddl import parse_ddl  # ddl builds on these classes

            dt = parse_ddl(data_type) if isinstance(data_type, str) else data_type
            new = StructField(field, dt, nullable, metadata)
        self.fields.append(new)
        self.names.append(new.name)
        return self

    def fieldNames(self) -> list[str]:  # noqa: N802 - PySpark name
        """The field names, in order."""
        return list(self.names)

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: str | int | slice) -> Any:
        """A field by name or position, or a StructType of a slice of the fields."""
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError(f"No StructField named {key}")
        if isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError as e:
                raise PySparkIndexError(
                    "[INDEX_OUT_OF_RANGE] StructType index out of range", "INDEX_OUT_OF_RANGE"
                ) from e
        if isinstance(key, slice):
            return StructType(self.fields[key])
        msg = f"[NOT_INT_OR_SLICE_OR_STR] Argument `key` should be an int, slice or str, got {type(key).__name__}."
        raise PySparkTypeError(msg, "NOT_INT_OR_SLICE_OR_STR", {"arg_name": "key"})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StructType) and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"

    def toNullable(self) -> StructType:  # noqa: N802 - PySpark name
        """This type with every field nullable and every nested nullability flag true (PySpark 4);
        field names and metadata are kept."""
        return StructType([StructField(f.name, as_nullable(f.dataType), True, f.metadata) for f in self.fields])

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> StructType:  # noqa: N802 - PySpark name
        """The StructType whose ``jsonValue()`` is `json`."""
        from engine.types.from_json import type_from_json

        out = type_from_json(json)
        assert isinstance(out, StructType)
        return out

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def treeString(self, maxDepth: int = 2**31 - 1) -> str:  # noqa: N803 - PySpark name
        """The ``printSchema()`` text: ``root`` then one `` |-- name: type (nullable = ...)``
        line per field, nested types indented below their field."""
        out = ["root\n"]
        depth = maxDepth if maxDepth > 0 else 2**31 - 1
        for f in self.fields:
            f._tree(" |", out, depth)
        return "".join(out)

    def toDDL(self) -> str:  # noqa: N802 - PySpark name
        """The schema as a DDL string, as Spark writes it: ``a BIGINT,b STRING NOT NULL``."""
        return ",".join(f._sql() for f in self.fields)

    def _sql(self) -> str:
        inner = ", ".join(f._sql().replace(" ", ": ", 1) for f in self.fields)
        return f"STRUCT<{inner}>"

    def _tree(self, prefix: str, out: list[str], depth: int) -> None:
        for f in self.fields:
            f._tree(prefix, out, depth)


def as_nullable(dt: DataType) -> DataType:
    """`dt` with all its nullability flags true: a nested type's toNullable(), any other type itself."""
    return dt.toNullable() if isinstance(dt, (ArrayType, MapType, StructType)) else dt


def _tree_children(dt: DataType, prefix: str, out: list[str], depth: int) -> None:
    """Append the printSchema lines under a field or element of type `dt`."""
    depth -= 1
    if depth <= 0:
        return
    if isinstance(dt, StructType):
        dt._tree(prefix, out, depth)
    elif isinstance(dt, ArrayType):
        out.append(
            f"{prefix}-- element: {dt.elementType._tree_name()} (containsNull = {_b(dt.containsNull)})\n"
        )
        _tree_children(dt.elementType, f"{prefix}    |", out, depth)
    elif isinstance(dt, MapType):
        out.append(f"{prefix}-- key: {dt.keyType._tree_name()}\n")
        _tree_children(dt.keyType, f"{prefix}    |", out, depth)
        out.append(
            f"{prefix}-- value: {dt.valueType._tree_name()} (valueContainsNull = {_b(dt.valueContainsNull)})\n"
        )
        _tree_children(dt.valueType, f"{prefix}    |", out, depth)


def _b(flag: bool) -> str:
    return "true" if flag else "false"


def _escape(name: str) -> str:
    """Field names with control characters escaped, as printSchema shows them."""
    for raw, shown in (
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\f", "\\f"),
        ("\b", "\\b"),
        ("\v", "\\v"),
        ("\a", "\\a"),
    ):
        name = name.replace(raw, shown)
    return name


def _quote(name: str) -> str:
    """`name` in backticks unless it is a plain identifier, as Spark's toDDL does."""
    if (
        name
        and (name[0].isalpha() or name[0] == "_")
        and all(c.isalnum() or c == "_" for c in name)
        and name.isascii()
    ):
        return name
    return "`" + name.replace("`", "``") + "`"
