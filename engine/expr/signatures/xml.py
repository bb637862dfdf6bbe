"""Type rules of the XML functions: from_xml, to_xml, schema_of_xml and the xpath family."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.nodes import Call
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, types_of, unexpected_type
from engine.expr.xml_infer import schema_ddl

S = T.StringType()


def options_of(arg: object) -> dict[str, str]:
    """A literal options map (``map('rowTag', 'r')``) with its keys lower-cased."""
    value = literal_value(arg, None)
    if isinstance(arg, Call) and arg.name == "map":  # map('mode', 'FAILFAST') before it is folded
        items = [literal_value(a) for a in arg.args]
        value = list(zip(items[0::2], items[1::2]))
    pairs = value.items() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    return {str(k).lower(): str(v) for k, v in pairs}


def _schema(name: str, args: Sequence[object]) -> T.StructType | T.VariantType:
    """from_xml's schema: a DDL string literal or ``schema_of_xml`` of a literal sample, which
    Spark folds while it analyzes; anything but a struct is Spark's INVALID_XML_SCHEMA."""
    arg = args[1]
    text = literal_value(arg)
    if isinstance(arg, Call) and arg.name == "schema_of_xml" and isinstance(literal_value(arg.args[0]), str):
        text = schema_ddl(literal_value(arg.args[0]), options_of(arg.args[1]) if len(arg.args) > 1 else {})  # type: ignore[arg-type]
    if not isinstance(text, str):
        msg = (
            f'[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "{sql_name(arg)}" is not a valid schema '  # type: ignore[arg-type]
            "string. The input expression must be string literal and not null."
        )
        raise AnalysisException(msg, "INVALID_SCHEMA.NON_STRING_LITERAL")
    try:
        dt = T.parse_ddl(text)
    except Exception as e:
        msg = f'[INVALID_SCHEMA.PARSE_ERROR] The input schema "{text}" is not a valid schema string.'
        raise AnalysisException(msg, "INVALID_SCHEMA.PARSE_ERROR") from e
    if not isinstance(dt, T.StructType | T.VariantType):
        msg = (
            f'[DATATYPE_MISMATCH.INVALID_XML_SCHEMA] Cannot resolve "{name}" due to data type mismatch: '
            f'Input schema "{dt.simpleString().upper()}" must be a struct or a variant.'
        )
        raise AnalysisException(msg, "DATATYPE_MISMATCH.INVALID_XML_SCHEMA")
    return dt


def _string_input(name: str, args: Sequence[object], index: int = 0) -> None:
    t = types_of(args)[index]
    if not (T.is_string(t) or isinstance(t, T.NullType)):
        raise unexpected_type(name, args, index, '"STRING"')


def _refuse_dropmalformed(name: str, args: Sequence[object], index: int) -> None:
    """Spark's PARSE_MODE_UNSUPPORTED: the functions read one record, they have none to drop."""
    mode = options_of(args[index]).get("mode", "PERMISSIVE").upper() if len(args) > index else "PERMISSIVE"
    if mode == "DROPMALFORMED":
        msg = (
            f"[PARSE_MODE_UNSUPPORTED] The function `{name}` doesn't support the DROPMALFORMED mode. "
            "Acceptable modes are PERMISSIVE and FAILFAST."
        )
        raise AnalysisException(msg, "PARSE_MODE_UNSUPPORTED")


@function("from_xml", min_args=2, max_args=3, pretty=lambda _n, a: f"from_xml({a[0]})")
def _from_xml(args: Sequence[object]) -> Signature:
    """``from_xml(text, 'a INT, b STRING'[, options])``: a struct of the schema's fields."""
    _string_input("from_xml", args)
    dt = _schema(f"from_xml({sql_name(args[0])})", args)
    _refuse_dropmalformed("from_xml", args, 2)
    return Signature(dt, (S, None, None)[: len(args)], True)


@function("to_xml", min_args=1, max_args=2, pretty=lambda _n, a: f"to_xml({a[0]})")
def _to_xml(args: Sequence[object]) -> Signature:
    """``to_xml(struct[, options])``: the struct as an XML element (``<ROW>...</ROW>``)."""
    if not isinstance(types_of(args)[0], T.StructType):
        raise unexpected_type("to_xml", args, 0, '"STRUCT"')
    return Signature(S, (None,) * len(args), True)  # Spark types to_xml nullable whatever its input


@function("schema_of_xml", min_args=1, max_args=2, pretty=lambda _n, a: f"schema_of_xml({a[0]})")
def _schema_of_xml(args: Sequence[object]) -> Signature:
    """``schema_of_xml('<p><a>1</a></p>')``: the DDL Spark infers from one literal record."""
    if isinstance(types_of(args)[0], T.NullType):
        msg = (
            f'[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve "{expr_sql("schema_of_xml", args[:1])}" due to '
            "data type mismatch: The xml must not be null."
        )
        raise AnalysisException(msg, "DATATYPE_MISMATCH.UNEXPECTED_NULL")
    _string_input("schema_of_xml", args)
    _refuse_dropmalformed("schema_of_xml", args, 1)
    if not isinstance(literal_value(args[0]), str):
        msg = (
            f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{expr_sql("schema_of_xml", args[:1])}" due to '
            'data type mismatch: the input `xml` should be a foldable "STRING" expression; however, got '
            f'"{sql_name(args[0])}".'  # type: ignore[arg-type]
        )
        raise AnalysisException(msg, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    return Signature(S, (S, None)[: len(args)], False)


_XPATH_TYPES: dict[str, T.DataType] = {
    "xpath": T.ArrayType(S, True),
    "xpath_boolean": T.BooleanType(),
    "xpath_double": T.DoubleType(),
    "xpath_number": T.DoubleType(),
    "xpath_float": T.FloatType(),
    "xpath_int": T.IntegerType(),
    "xpath_long": T.LongType(),
    "xpath_short": T.ShortType(),
    "xpath_string": S,
}


def _xpath_rule(name: str) -> None:
    @function(name, min_args=2, max_args=2, pretty=lambda n, a: f"{n}({a[0]}, {a[1]})")
    def _rule(args: Sequence[object]) -> Signature:
        """``xpath_*(xml, path)``: the path (a constant) evaluated over each XML document."""
        _string_input(name, args, 0)
        _string_input(name, args, 1)
        path = args[1]
        if literal_value(path, _MISSING) is _MISSING:
            msg = (
                f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{expr_sql(name, args)}" due to data '
                f'type mismatch: the input `path` should be a foldable "STRING" expression; however, got '
                f'"{sql_name(path)}".'
            )
            raise AnalysisException(msg, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
        return Signature(_XPATH_TYPES[name], (S, S), True)


_MISSING = object()
for _name in _XPATH_TYPES:
    _xpath_rule(_name)
