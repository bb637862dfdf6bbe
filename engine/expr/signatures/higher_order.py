"""Type rules of the higher-order functions (lambdas over arrays and maps) and nested-field access."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.coercion import common_type
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import (
    defaults_shown,
    expr_sql,
    literal_value,
    type_name,
    types_of,
    unexpected_type,
)
from engine.expr.typing import dtype_of, nullable_of


def _lambda(name: str, args: Sequence[object], i: int) -> n.Lambda:
    _collection_inputs(name, args)
    lam = args[i]
    if not isinstance(lam, n.Lambda):
        raise unexpected_type(name, args, i, '"LAMBDA FUNCTION"')
    return lam


_MAP_FUNCTIONS = frozenset({"transform_keys", "transform_values", "map_filter", "map_zip_with"})


def _collection_inputs(name: str, args: Sequence[object]) -> None:
    """The arrays (maps, for the map functions) a lambda runs over: anything else, an untyped
    NULL too, is Spark's UNEXPECTED_INPUT_TYPE, not a failure at run time."""
    wanted, required = (T.MapType, '"MAP"') if name in _MAP_FUNCTIONS else (T.ArrayType, '"ARRAY"')
    inputs = [0, 1] if name in ("zip_with", "map_zip_with") else [0]
    for i in inputs:
        t = dtype_of(args[i])  # type: ignore[arg-type]
        if not isinstance(t, wanted):
            raise unexpected_type(name, args, i, required)


def _input_nullable(args: Sequence[object], i: int) -> bool:
    """Whether the array or map a higher-order function runs over may be null: as in Spark,
    the result is null only then (a lambda's nulls land inside the result, not on it)."""
    return nullable_of(args[i])  # type: ignore[arg-type]


@function("transform", min_args=2, max_args=2)
def _transform(args: Sequence[object]) -> Signature:
    body = _lambda("transform", args, 1).body
    return Signature(T.ArrayType(dtype_of(body), nullable_of(body)), (), _input_nullable(args, 0))


def _boolean_lambda(name: str, args: Sequence[object], i: int) -> n.Lambda:
    """A predicate lambda (filter, exists, forall, map_filter): its body must be a boolean, as
    Spark requires while it analyzes, rather than a number read as true or false."""
    lam = _lambda(name, args, i)
    if not isinstance(dtype_of(lam.body), (T.BooleanType, T.NullType)):
        raise unexpected_type(name, args, i, '"BOOLEAN"')
    return lam


@function("filter", min_args=2, max_args=2)
def _filter(args: Sequence[object]) -> Signature:
    _boolean_lambda("filter", args, 1)
    return Signature(types_of(args)[0], (), _input_nullable(args, 0))


def _predicate(name: str) -> None:
    def rule(args: Sequence[object]) -> Signature:
        # null where the array is, or where the predicate may be null (three-valued logic)
        body = _boolean_lambda(name, args, 1).body
        return Signature(T.BooleanType(), (), _input_nullable(args, 0) or nullable_of(body))

    function(name, min_args=2, max_args=2)(rule)


_predicate("exists")
_predicate("forall")


def _aggregate(args: Sequence[object]) -> Signature:
    merge = _lambda("aggregate", args, 2)
    zero = dtype_of(args[1])  # type: ignore[arg-type]
    if _unnamed(dtype_of(merge.body)).simpleString() != _unnamed(zero).simpleString():
        # Spark needs the merge to keep the start value's type (`lit(0)` over bigints fails), its
        # struct fields' names aside: ``(acc.sum + x, acc.n + 1)`` keeps ``(0 AS sum, 0 AS n)``
        raise unexpected_type("aggregate", args, 2, type_name(zero))
    out = dtype_of(args[3].body) if len(args) == 4 and isinstance(args[3], n.Lambda) else zero
    return Signature(out, (), True)


def _unnamed(t: T.DataType) -> T.DataType:
    """`t` with every struct field renamed by position, for Spark's equalsStructurally."""
    if isinstance(t, T.StructType):
        return T.StructType([T.StructField(f"_{i}", _unnamed(f.dataType)) for i, f in enumerate(t.fields)])
    if isinstance(t, T.ArrayType):
        return T.ArrayType(_unnamed(t.elementType))
    if isinstance(t, T.MapType):
        return T.MapType(_unnamed(t.keyType), _unnamed(t.valueType))
    return t


# Spark names aggregate(xs, zero, merge) with its default finish, the identity lambda.
_IDENTITY = "lambdafunction(namedlambdavariable(), namedlambdavariable())"
function("aggregate", min_args=3, max_args=4, pretty=defaults_shown(4, _IDENTITY))(_aggregate)
function("reduce", min_args=3, max_args=4, pretty=defaults_shown(4, _IDENTITY))(_aggregate)


@function("zip_with", min_args=3, max_args=3)
def _zip_with(args: Sequence[object]) -> Signature:
    body = _lambda("zip_with", args, 2).body
    return Signature(T.ArrayType(dtype_of(body), True), (), _input_nullable(args, 0) or _input_nullable(args, 1))


@function("transform_keys", min_args=2, max_args=2)
def _transform_keys(args: Sequence[object]) -> Signature:
    _collection_inputs("transform_keys", args)
    m = types_of(args)[0]
    assert isinstance(m, T.MapType)
    keys = dtype_of(_lambda("transform_keys", args, 1).body)
    return Signature(T.MapType(keys, m.valueType, m.valueContainsNull), (), _input_nullable(args, 0))


@function("transform_values", min_args=2, max_args=2)
def _transform_values(args: Sequence[object]) -> Signature:
    _collection_inputs("transform_values", args)
    m = types_of(args)[0]
    assert isinstance(m, T.MapType)
    body = _lambda("transform_values", args, 1).body
    # values hold nulls where the function can give one (Spark's valueContainsNull = function.nullable)
    return Signature(T.MapType(m.keyType, dtype_of(body), nullable_of(body)), (), _input_nullable(args, 0))


@function("map_filter", min_args=2, max_args=2)
def _map_filter(args: Sequence[object]) -> Signature:
    _boolean_lambda("map_filter", args, 1)
    return Signature(types_of(args)[0], (), _input_nullable(args, 0))


@function("get_struct_field", min_args=2, max_args=2)
def _get_struct_field(args: Sequence[object]) -> Signature:
    st = types_of(args)[0]
    name = literal_value(args[1])
    assert isinstance(st, T.StructType)
    field = next(f for f in st.fields if f.name == name)
    # null where the struct or its field may be, as Spark's GetStructField
    return Signature(field.dataType, (), nullable_of(args[0]) or field.nullable)  # type: ignore[arg-type]


@function("get_array_struct_fields", min_args=2, max_args=2)
def _get_array_struct_fields(args: Sequence[object]) -> Signature:
    """``items.price``: one field of every struct of an array (built by the resolver only)."""
    at = types_of(args)[0]
    assert isinstance(at, T.ArrayType) and isinstance(at.elementType, T.StructType)
    name = literal_value(args[1])
    return Signature(T.ArrayType(next(f.dataType for f in at.elementType.fields if f.name == name), True), (), True)


@function("with_field", min_args=3, max_args=3)
def _with_field(args: Sequence[object]) -> Signature:
    """``withField``: replaces the field of that name, or appends it."""
    st = types_of(args)[0]
    if not isinstance(st, T.StructType):
        raise unexpected_type("with_field", args, 0, '"STRUCT"')
    name = str(literal_value(args[1]))
    new = T.StructField(name, dtype_of(args[2]), nullable_of(args[2]))  # type: ignore[arg-type]
    fields = [new if f.name.lower() == name.lower() else f for f in st.fields]
    if all(f.name.lower() != name.lower() for f in st.fields):
        fields.append(new)
    return Signature(T.StructType(fields), ())


@function("drop_fields", min_args=2)
def _drop_fields(args: Sequence[object]) -> Signature:
    st = types_of(args)[0]
    if not isinstance(st, T.StructType):
        raise unexpected_type("drop_fields", args, 0, '"STRUCT"')
    drop = {str(literal_value(a)).lower() for a in args[1:]}
    kept = [f for f in st.fields if f.name.lower() not in drop]
    if not kept:
        shown = sql_name(n.UnresolvedFunction("drop_fields", tuple(args)))  # type: ignore[arg-type]
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS] Cannot resolve "{shown}" due to data type mismatch: '
            "Cannot drop all fields in struct.",
            "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS",
            {"sqlExpr": f'"{shown}"'},
        )
    return Signature(T.StructType(kept), ())


def map_zip_with_params(left: T.DataType, right: T.DataType) -> list[T.DataType]:
    """The lambda parameters of ``map_zip_with``: the common key type and each map's value type."""
    if not isinstance(left, T.MapType) or not isinstance(right, T.MapType):
        return [T.NullType()] * 3
    return [_common_key(left.keyType, right.keyType) or left.keyType, left.valueType, right.valueType]


def _common_key(a: T.DataType, b: T.DataType) -> T.DataType | None:
    """The type both maps' keys widen to; Spark does not promote a string key to a number."""
    if isinstance(a, T.StringType) != isinstance(b, T.StringType):
        return None
    return common_type([a, b])


@function("map_zip_with", min_args=3, max_args=3)
def _map_zip_with(args: Sequence[object]) -> Signature:
    """Both maps' keys must share a type; the result maps it to the lambda's value."""
    left, right = types_of(args[:2])
    for i, t in enumerate((left, right)):
        if not isinstance(t, T.MapType):
            raise unexpected_type("map_zip_with", args, i, '"MAP"')
    assert isinstance(left, T.MapType) and isinstance(right, T.MapType)
    key = _common_key(left.keyType, right.keyType)
    if key is None:
        shown = f'["{left.keyType.simpleString().upper()}", "{right.keyType.simpleString().upper()}"]'
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES] Cannot resolve "{expr_sql("map_zip_with", args)}" due to '
            "data type mismatch: Input to the `map_zip_with` should have been two maps with compatible key types, "
            f"but it's {shown}.",
            "DATATYPE_MISMATCH.MAP_ZIP_WITH_DIFF_TYPES",
        )
    body = _lambda("map_zip_with", args, 2).body
    return Signature(T.MapType(key, dtype_of(body), True), (), _input_nullable(args, 0) or _input_nullable(args, 1))
