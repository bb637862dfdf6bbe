"""Parsing Spark DDL strings: single types (``array<int>``) and schemas (``a INT, b STRING``)."""

from __future__ import annotations

import re
from typing import Any

from engine.errors import ParseException, sql_state
from engine.types.atomic import (
    BinaryType,
    BooleanType,
    ByteType,
    CharType,
    DataType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    NullType,
    ShortType,
    StringType,
    TimestampNTZType,
    TimestampType,
    TimeType,
    VarcharType,
    YearMonthIntervalType,
)
from engine.types.nested import ArrayType, MapType, StructField, StructType
from engine.types.variant import VariantType

_SIMPLE_DDL: dict[str, DataType] = {
    "boolean": BooleanType(), "bool": BooleanType(),
    "tinyint": ByteType(), "byte": ByteType(),
    "smallint": ShortType(), "short": ShortType(),
    "int": IntegerType(), "integer": IntegerType(),
    "bigint": LongType(), "long": LongType(),
    "float": FloatType(), "real": FloatType(), "double": DoubleType(),
    "string": StringType(), "binary": BinaryType(), "date": DateType(),
    "timestamp": TimestampType(), "timestamp_ltz": TimestampType(), "timestamp_ntz": TimestampNTZType(),
    "void": NullType(), "null": NullType(), "variant": VariantType(),
}  # fmt: skip

_TOKEN = (
    r"\s*(?:(?P<quoted>`(?:[^`]|``)*`)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>\d+)"
    r"|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")|(?P<punct>[<>(),:])|(?P<bad>\S))"
)


class _DDLParser:
    """Recursive-descent parser of Spark DDL types and schemas over a token list."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        for m in re.finditer(_TOKEN, text):
            if m.lastgroup is not None:
                self.tokens.append((m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup)))
        self.pos = 0

    def fail(self, reason: str, error_class: str = "PARSE_SYNTAX_ERROR") -> ParseException:
        """A ParseException in Spark's shape: the token at the cursor, why, its line and
        position, and the text with the spot marked (``----^^^``)."""
        if self.pos < len(self.tokens):
            _, tok, at = self.tokens[self.pos]
            near = f"'{tok}'"
        else:
            at, near = len(self.text), "end of input"
        line = self.text.count("\n", 0, at) + 1
        column = at - (self.text.rfind("\n", 0, at) + 1)
        if error_class == "UNSUPPORTED_DATATYPE":
            head = 'Unsupported data type "' + near.strip("'").upper() + '"'
        else:
            head = f"Syntax error at or near {near}"
        lines = self.text.split("\n")
        marked = "\n".join([*lines[:line], "-" * column + "^^^", *lines[line:]])
        # Spark prints the state before the position and shows the text under "== SQL ==";
        # its hint is empty for these, so `reason` stays out of the message (it is the note).
        state = sql_state(error_class)
        msg = f"[{error_class}] {head}. SQLSTATE: {state} (line {line}, pos {column})\n\n== SQL ==\n{marked}\n"
        params = {"typeName": f'"{near.strip(chr(39)).upper()}"'} if error_class == "UNSUPPORTED_DATATYPE" else {}
        err = ParseException(msg, error_class, params or {"error": near, "hint": ""})
        err.add_note(reason)
        err.position = at  # type: ignore[attr-defined]
        return err

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def accept(self, value: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.lower() == value:
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            raise self.fail(f"expected '{value}'")

    def number(self) -> int:
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "number":
            self.pos += 1
            return int(self.tokens[self.pos - 1][1])
        raise self.fail("expected a number")

    def name(self) -> str:
        if self.pos < len(self.tokens):
            kind, tok, _ = self.tokens[self.pos]
            if kind == "word":
                self.pos += 1
                return tok
            if kind == "quoted":
                self.pos += 1
                return tok[1:-1].replace("``", "`")
        raise self.fail("expected a name")

    def done(self) -> None:
        if self.pos < len(self.tokens):
            raise self.fail("unexpected text after the end")

    def data_type(self) -> DataType:
        """type := name ['(' n [',' n] ')'] | array<t> | map<t,t> | struct<f,...> | interval ..."""
        if self.pos >= len(self.tokens) or self.tokens[self.pos][0] != "word":
            raise self.fail("expected a data type")
        word = self.name().lower()
        if word == "string" and self.accept("collate"):  # ``string collate UTF8_LCASE``
            from engine.expr.collation import canonical_name  # the expression layer owns the names

            return StringType(canonical_name(self.name()))
        if word in _SIMPLE_DDL:
            return _SIMPLE_DDL[word]
        if word == "array":
            self.expect("<")
            element = self.data_type()
            self.expect(">")
            return ArrayType(element, True)
        if word == "map":
            self.expect("<")
            key = self.data_type()
            self.expect(",")
            value = self.data_type()
            self.expect(">")
            return MapType(key, value, True)
        if word == "struct":
            self.expect("<")
            fields: list[StructField] = []
            if not self.accept(">"):
                fields.append(self.field(colon_optional=True))
                while self.accept(","):
                    fields.append(self.field(colon_optional=True))
                self.expect(">")
            return StructType(fields)
        if word in ("decimal", "dec", "numeric"):
            if not self.accept("("):
                return DecimalType(10, 0)
            precision = self.number()
            scale = self.number() if self.accept(",") else 0
            self.expect(")")
            return DecimalType(precision, scale)
        if word in ("char", "character", "varchar"):
            self.expect("(")
            length = self.number()
            self.expect(")")
            return VarcharType(length) if word == "varchar" else CharType(length)
        if word == "time":
            precision = 6
            if self.accept("("):
                precision = self.number()
                self.expect(")")
            return TimeType(precision)
        if word == "interval":
            return self.interval()
        self.pos -= 1
        raise self.fail("unsupported data type", "UNSUPPORTED_DATATYPE")

    def interval(self) -> DataType:
        start = (self.peek() or "").lower()
        for cls in (YearMonthIntervalType, DayTimeIntervalType):
            if start in cls._FIELDS:
                self.pos += 1
                first = last = cls._FIELDS.index(start)
                if self.accept("to"):
                    end = (self.peek() or "").lower()
                    if end not in cls._FIELDS or cls._FIELDS.index(end) < first:
                        raise self.fail("expected the end field of the interval")
                    self.pos += 1
                    last = cls._FIELDS.index(end)
                return cls(first, last)
        raise self.fail("expected an interval field (year, month, day, hour, minute, second)")

    def field(self, colon_optional: bool) -> StructField:
        """field := name [':'] type [NOT NULL] [COMMENT 'text']"""
        name = self.name()
        if not self.accept(":") and not colon_optional:
            raise self.fail("expected ':'")
        dt = self.data_type()
        nullable = True
        if self.accept("not"):
            self.expect("null")
            nullable = False
        metadata: dict[str, Any] = {}
        if self.accept("comment"):
            if self.pos >= len(self.tokens) or self.tokens[self.pos][0] != "string":
                raise self.fail("expected a quoted comment")
            raw = self.tokens[self.pos][1][1:-1]
            metadata["comment"] = raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
            self.pos += 1
        return StructField(name, dt, nullable, metadata)

    def schema(self) -> StructType:
        """schema := field (',' field)*, the colon after each name optional."""
        fields = [self.field(colon_optional=True)]
        while self.accept(","):
            fields.append(self.field(colon_optional=True))
        self.done()
        return StructType(fields)


def parse_ddl(text: str) -> DataType:
    """Parse a DDL data type (``"array<int>"``) or schema (``"a INT, b STRING NOT NULL"``).

    A schema gives a StructType. Keywords are case-insensitive; names may be backquoted.
    Bad text raises ParseException naming the position and the token there.

    >>> parse_ddl("a: int, b: decimal(10,2)")
    StructType([StructField('a', IntegerType(), True), StructField('b', DecimalType(10,2), True)])
    """
    errors: list[ParseException] = []
    for parse in (_DDLParser.schema, _parse_single_type):
        parser = _DDLParser(text)
        try:
            return parse(parser)
        except ParseException as e:
            errors.append(e)
    if len(parser.tokens) == 1:  # a lone word ("integr") is a type name, not a field missing its type
        raise errors[-1]
    raise max(errors, key=lambda e: e.position)  # type: ignore[attr-defined]


def _parse_single_type(parser: _DDLParser) -> DataType:
    dt = parser.data_type()
    parser.done()
    return dt
