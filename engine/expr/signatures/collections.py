"""Type rules of the array, map and struct functions, the generators and higher-order functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.coercion import common_type, wider_type
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import (
    data_diff_types,
    defaults_shown,
    expr_sql,
    literal_value,
    type_name,
    types_of,
    unexpected_type,
)
from engine.expr.signatures.operators import refuse_variant_order
from engine.expr.signatures.strings import register_all
from engine.expr.typing import dtype_of, nullable_of

INT = T.IntegerType()
BOOL = T.BooleanType()


def _array_arg(name: str, args: Sequence[object], i: int = 0) -> T.ArrayType:
    t = types_of(args)[i]
    if isinstance(t, T.NullType):
        return T.ArrayType(T.NullType(), True)
    if not isinstance(t, T.ArrayType):
        raise unexpected_type(name, args, i, '"ARRAY"')
    return t


def _map_arg(name: str, args: Sequence[object], i: int = 0) -> T.MapType:
    t = types_of(args)[i]
    if not isinstance(t, T.MapType):
        raise unexpected_type(name, args, i, '"MAP"')
    return t


@function("array")
def _array(args: Sequence[object]) -> Signature:
    """Elements take their common type; the array holds nulls if any element can be null."""
    el = common_type(types_of(args)) if args else T.NullType()
    if el is None:
        raise data_diff_types("array", args)
    return Signature(T.ArrayType(el, any(nullable_of(a) for a in args)), (el,) * len(args), False)  # type: ignore[arg-type]


def _element_type(name: str, args: Sequence[object], at: T.ArrayType, value: T.DataType) -> T.DataType:
    """The type an array's elements and a value to find or add both take: their wider type
    without promoting a string (Spark's findWiderTypeWithoutStringPromotion), so
    ``array_contains(array<int>, '2')`` is ARRAY_FUNCTION_DIFF_TYPES, not a lookup of 2."""
    el = wider_type(at.elementType, value, promote_strings=False)
    if el is None:
        shown = f"{type_name(at)}, {type_name(value)}"
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve "{expr_sql(name, args)}" due to data '
            f'type mismatch: Input to `{name}` should have been "ARRAY" followed by a value with same element '
            f"type, but it's [{shown}].",
            "DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES",
        )
    return el


def _element_and_value(name: str) -> None:
    """``f(array, value)``: the value casts to the element type (both to their common type);
    array_contains refuses an untyped NULL value, as Spark does."""

    def rule(args: Sequence[object]) -> Signature:
        at = _array_arg(name, args)
        if name == "array_contains" and isinstance(types_of(args)[1], T.NullType):
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.NULL_TYPE] Cannot resolve "{expr_sql(name, args)}" due to data type '
                f"mismatch: Null typed values cannot be used as arguments of `{name}`. SQLSTATE: 42K09",
                "DATATYPE_MISMATCH.NULL_TYPE",
            )
        el = _element_type(name, args, at, types_of(args)[1])
        if name in ("array_contains", "array_position", "array_remove"):
            refuse_variant_order(name, args, el)
        result = {"array_contains": BOOL, "array_position": T.LongType()}.get(name, T.ArrayType(el, at.containsNull))
        if name in ("array_append", "array_prepend"):  # elements typed nullable; null only for a null array
            inputs = (T.ArrayType(el, at.containsNull), el)
            return Signature(T.ArrayType(el, True), inputs, nullable_of(args[0]))  # type: ignore[arg-type]
        # array_contains is null when the value is missing but a null element might match it
        nullable = True if name == "array_contains" and at.containsNull else None
        return Signature(result, (T.ArrayType(el, at.containsNull), el), nullable)

    function(name, min_args=2, max_args=2)(rule)


for _name in ("array_contains", "array_position", "array_remove", "array_append", "array_prepend"):
    _element_and_value(_name)


@function("size", min_args=1, max_args=1, aliases=())
def _size(args: Sequence[object]) -> Signature:
    return Signature(INT, (None,), None)


register_all(["cardinality"], _size, 1, 1)


def _same_array(args: Sequence[object]) -> Signature:
    t = _array_arg("array", args)
    refuse_variant_order("array_distinct", args, t.elementType)
    return Signature(t, (t,))


register_all(["array_distinct"], _same_array, 1, 1)


def _array_compact(args: Sequence[object]) -> Signature:
    """``array_compact`` drops the nulls, so Spark types its elements non-null."""
    t = _array_arg("array_compact", args)
    return Signature(T.ArrayType(t.elementType, False), (t,))


register_all(["array_compact"], _array_compact, 1, 1)


def _shuffle(args: Sequence[object]) -> Signature:
    """``shuffle(array[, seed])``: the seed must be an integral literal (Spark names the call
    without it)."""
    t = _array_arg("shuffle", args)
    if len(args) == 2:
        seed = literal_value(args[1], None)
        if isinstance(seed, bool) or not isinstance(seed, int):
            shown = sql_name(args[1])  # type: ignore[arg-type]
            raise AnalysisException(
                f"[INVALID_PARAMETER_VALUE.LONG] The value of parameter(s) `seed` in `shuffle` is invalid: "
                f'expects a long literal, but got "{shown}".',
                "INVALID_PARAMETER_VALUE.LONG",
                {"parameter": "`seed`", "functionName": "`shuffle`", "invalidValue": f'"{shown}"'},
            )
    return Signature(t, (t, T.LongType())[: len(args)])


function("shuffle", min_args=1, max_args=2, pretty=lambda name, a: f"{name}({a[0]})", deterministic=False)(_shuffle)


@function("sort_array", min_args=1, max_args=2, pretty=defaults_shown(2, "true"))
def _sort_array(args: Sequence[object]) -> Signature:
    """``sort_array(xs[, asc])``: the order must be a BOOLEAN (Spark casts nothing to it)."""
    t = _array_arg("sort_array", args)
    if len(args) > 1 and not isinstance(dtype_of(args[1]), (T.BooleanType, T.NullType)):  # type: ignore[arg-type]
        raise unexpected_type("sort_array", args, 1, '"BOOLEAN"')
    shown = expr_sql("sort_array", [*args, *([] if len(args) > 1 else [n.Literal(True, BOOL)])])
    refuse_variant_order("sort_array", args, t, shown)  # Spark names the array type, default order shown
    return Signature(t, (t, BOOL))


# array_sort(xs) is named with Spark's default comparator written out (nulls last).
_V = "namedlambdavariable()"
_DEFAULT_COMPARATOR = (
    f"lambdafunction((IF((({_V} IS NULL) AND ({_V} IS NULL)), 0, (IF(({_V} IS NULL), 1, (IF(({_V} IS NULL), -1, "
    f"(IF(({_V} < {_V}), -1, (IF(({_V} > {_V}), 1, 0)))))))))), {_V}, {_V})"
)


@function("array_sort", min_args=1, max_args=2, pretty=defaults_shown(2, _DEFAULT_COMPARATOR))
def _array_sort(args: Sequence[object]) -> Signature:
    t = _array_arg("array_sort", args)
    if len(args) == 1:  # the default comparator's `<` is what Spark finds cannot order a variant
        refuse_variant_order("<", args, t.elementType, f"({_V} < {_V})")
    # null only where the array is: the comparator lambda's nulls do not count (as in Spark)
    return Signature(t, (t,), nullable_of(args[0]))  # type: ignore[arg-type]


def _two_arrays(name: str, args: Sequence[object]) -> T.ArrayType:
    """The array type both arguments of a two-array function are cast to (without promoting
    strings, as Spark's BinaryArrayExpressionWithImplicitCast), or BINARY_ARRAY_DIFF_TYPES."""
    a, b = types_of(args)
    common = wider_type(a, b, promote_strings=False)
    if isinstance(common, T.NullType):
        return T.ArrayType(T.NullType(), True)
    if not isinstance(common, T.ArrayType):
        shown = ", ".join(type_name(t) for t in (a, b))
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES] Cannot resolve "{expr_sql(name, args)}" due to data '
            f'type mismatch: Input to function `{name}` should have been two "ARRAY" with same element type, '
            f"but it's [{shown}].",
            "DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES",
        )
    refuse_variant_order(name, args, common.elementType)
    return common


@function("array_union", min_args=2, max_args=2)
def _array_union(args: Sequence[object]) -> Signature:
    t = _two_arrays("array_union", args)
    return Signature(t, (t, t))


@function("array_intersect", min_args=2, max_args=2)
def _array_intersect(args: Sequence[object]) -> Signature:
    """Null elements survive only when both arrays may hold them."""
    t = _two_arrays("array_intersect", args)
    left, right = (x.containsNull if isinstance(x, T.ArrayType) else True for x in types_of(args))
    return Signature(T.ArrayType(t.elementType, left and right), (t, t))


@function("array_except", min_args=2, max_args=2)
def _array_except(args: Sequence[object]) -> Signature:
    """Null elements come from the first array only."""
    t = _two_arrays("array_except", args)
    left = types_of(args)[0]
    return Signature(T.ArrayType(t.elementType, left.containsNull if isinstance(left, T.ArrayType) else True), (t, t))


@function("arrays_overlap", min_args=2, max_args=2)
def _arrays_overlap(args: Sequence[object]) -> Signature:
    t = _two_arrays("arrays_overlap", args)
    return Signature(BOOL, (t, t))


@function("array_join", min_args=2, max_args=3)
def _array_join(args: Sequence[object]) -> Signature:
    return Signature(T.StringType(), (T.ArrayType(T.StringType(), True), T.StringType(), T.StringType()))


def _element_of(name: str) -> Callable[[Sequence[object]], Signature]:
    def rule(args: Sequence[object]) -> Signature:
        t = _array_arg("array", args)
        refuse_variant_order(name, args, t.elementType)
        return Signature(t.elementType, (t,), True)

    return rule


for _name in ("array_max", "array_min"):
    register_all([_name], _element_of(_name), 1, 1)


def element_nullable(array: object, index: object, *, one_based: bool) -> bool:
    """Whether ``array[index]`` may be null, as Spark's ``computeNullabilityFromArray``: for a
    literal index into an ``array(...)`` call, the nullability of the element it picks (so
    ``array(1, 2)[0]`` is not null); an index outside it or any other array may give null.

    >>> element_nullable(array(1, NULL), 0, one_based=False)   # the literal 1  -> False
    """
    if not (isinstance(index, n.Literal) and isinstance(index.value, int) and not isinstance(index.value, bool)):
        return True
    if not (isinstance(array, n.Call) and array.name == "array"):
        return True
    size, at = len(array.args), index.value
    if one_based:
        at = at - 1 if at > 0 else size + at if at < 0 else -1
    return not 0 <= at < size or nullable_of(array.args[at])


@function("element_at", min_args=2, max_args=2)
def _element_at(args: Sequence[object]) -> Signature:
    t = types_of(args)[0]
    if isinstance(t, T.MapType):
        return Signature(t.valueType, (t, t.keyType), True)
    at = _array_arg("element_at", args)
    return Signature(at.elementType, (at, INT), element_nullable(args[0], args[1], one_based=True))


register_all(["try_element_at"], _element_at, 2, 2)


@function("get", min_args=2, max_args=2)
def _get(args: Sequence[object]) -> Signature:
    at = _array_arg("get", args)
    return Signature(at.elementType, (at, INT), element_nullable(args[0], args[1], one_based=False))


@function("slice", min_args=3, max_args=3)
def _slice(args: Sequence[object]) -> Signature:
    t = _array_arg("slice", args)
    return Signature(t, (t, INT, INT))


@function("flatten", min_args=1, max_args=1)
def _flatten(args: Sequence[object]) -> Signature:
    t = _array_arg("flatten", args)
    if not isinstance(t.elementType, T.ArrayType):
        raise unexpected_type("flatten", args, 0, '"ARRAY" of "ARRAY"')
    # Spark's Flatten is null for a null array or a null inner array
    return Signature(t.elementType, (t,), nullable_of(args[0]) or t.containsNull)  # type: ignore[arg-type]


@function("sequence", min_args=2, max_args=3)
def _sequence(args: Sequence[object]) -> Signature:
    types = types_of(args)
    times = (T.DateType, T.TimestampType, T.TimestampNTZType)
    step = types[2] if len(types) == 3 else None
    if all(isinstance(t, times) for t in types[:2]):
        el = types[0] if types[0] == types[1] else common_type(types[:2]) or types[0]
        if step is None or isinstance(step, (T.YearMonthIntervalType, T.DayTimeIntervalType)):
            return Signature(T.ArrayType(el, False), (el, el, None)[: len(args)])
    elif all(T.is_integral(t) for t in types[:2]) and (step is None or T.is_integral(step)):
        el = common_type(types[:2]) or T.LongType()
        return Signature(T.ArrayType(el, False), (el, el, el))
    raise AnalysisException(
        f'[DATATYPE_MISMATCH.SEQUENCE_WRONG_INPUT_TYPES] Cannot resolve "{expr_sql("sequence", args)}" due to '
        "data type mismatch: `sequence` uses the wrong parameter type. The parameter type must conform to:\n"
        "1. The start and stop expressions must resolve to the same type.\n"
        '2. If start and stop expressions resolve to the ("TIMESTAMP" or "TIMESTAMP_NTZ" or "DATE") type, then the '
        'step expression must resolve to the ("INTERVAL" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND") '
        "type.\n"
        '3. Otherwise, if start and stop expressions resolve to the "INTEGRAL" type, then the step expression must '
        "resolve to the same type.",
        "DATATYPE_MISMATCH.SEQUENCE_WRONG_INPUT_TYPES",
    )


@function("array_repeat", min_args=2, max_args=2)
def _array_repeat(args: Sequence[object]) -> Signature:
    el = types_of(args)[0]
    # a null element repeats; only a null count gives a null array (Spark: nullable = count's)
    return Signature(T.ArrayType(el, nullable_of(args[0])), (None, INT), nullable_of(args[1]))  # type: ignore[arg-type]


@function("array_insert", min_args=3, max_args=3)
def _array_insert(args: Sequence[object]) -> Signature:
    at = _array_arg("array_insert", args)
    el = _element_type("array_insert", args, at, types_of(args)[2])
    return Signature(T.ArrayType(el, True), (T.ArrayType(el, at.containsNull), INT, el))


def field_name(e: object, i: int) -> str:
    """The struct field name Spark gives an argument: its column name or alias, else ``col{i+1}``."""
    if isinstance(e, n.Alias):
        return e.name
    if isinstance(e, n.Attribute):
        return e.name
    if isinstance(e, n.Call) and e.name == "get_struct_field":
        return str(literal_value(e.args[1]))
    return f"col{i + 1}"


@function("struct")
def _struct(args: Sequence[object]) -> Signature:
    fields = [T.StructField(field_name(a, i), dtype_of(a), nullable_of(a)) for i, a in enumerate(args)]  # type: ignore[arg-type]
    return Signature(T.StructType(fields), (), False)


@function("named_struct", min_args=2)
def _named_struct(args: Sequence[object]) -> Signature:
    if len(args) % 2:
        raise AnalysisException("[WRONG_NUM_ARGS] named_struct expects an even number of arguments.", "WRONG_NUM_ARGS")
    fields = [
        T.StructField(str(literal_value(args[i])), dtype_of(args[i + 1]), nullable_of(args[i + 1]))  # type: ignore[arg-type]
        for i in range(0, len(args), 2)
    ]
    return Signature(T.StructType(fields), (), False)


@function("arrays_zip")
def _arrays_zip(args: Sequence[object]) -> Signature:
    types = [_array_arg("arrays_zip", args, i) for i in range(len(args))]
    names = [field_name(a, i) if isinstance(a, (n.Alias, n.Attribute)) else str(i) for i, a in enumerate(args)]
    st = T.StructType([T.StructField(nm, t.elementType, True) for nm, t in zip(names, types)])
    return Signature(T.ArrayType(st, False), tuple(types))


def _map_key_checked(name: str, args: Sequence[object], key: T.DataType) -> T.DataType:
    """`key`, or Spark's INVALID_MAP_KEY_TYPE when it is or holds a map (maps have no equality,
    so they cannot key one)."""
    from engine.expr.signatures.operators import has_map

    if has_map(key):
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE] Cannot resolve "{expr_sql(name, args)}" due to data type '
            f"mismatch: The key of map cannot be/contain {type_name(key)}.",
            "DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE",
        )
    return key


def _create_map(args: Sequence[object]) -> Signature:
    if len(args) % 2:
        raise AnalysisException(
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `map` requires 2n (n > 0) parameters but the actual "
            f"number is {len(args)}.",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        )
    types = types_of(args)
    k = _map_key_checked("map", args, common_type(types[0::2]) or T.StringType())
    v = common_type(types[1::2]) or T.StringType()
    vnull = any(nullable_of(a) for a in args[1::2])  # type: ignore[arg-type]
    return Signature(T.MapType(k, v, vnull), tuple(k if i % 2 == 0 else v for i in range(len(args))), False)


register_all(["map", "create_map"], _create_map, 0, None)


@function("map_keys", min_args=1, max_args=1)
def _map_keys(args: Sequence[object]) -> Signature:
    m = _map_arg("map_keys", args)
    # Spark builds the type as ArrayType(keyType), whose containsNull defaults to true
    return Signature(T.ArrayType(m.keyType, True), (m,))


@function("map_values", min_args=1, max_args=1)
def _map_values(args: Sequence[object]) -> Signature:
    m = _map_arg("map_values", args)
    # as map_keys: Spark builds the type as ArrayType(valueType), whose containsNull defaults to true
    return Signature(T.ArrayType(m.valueType, True), (m,))


def entry_type(m: T.MapType) -> T.StructType:
    return T.StructType([T.StructField("key", m.keyType, False), T.StructField("value", m.valueType, m.valueContainsNull)])


@function("map_entries", min_args=1, max_args=1)
def _map_entries(args: Sequence[object]) -> Signature:
    m = _map_arg("map_entries", args)
    return Signature(T.ArrayType(entry_type(m), False), (m,))


@function("map_from_arrays", min_args=2, max_args=2)
def _map_from_arrays(args: Sequence[object]) -> Signature:
    k, v = _array_arg("map_from_arrays", args, 0), _array_arg("map_from_arrays", args, 1)
    _map_key_checked("map_from_arrays", args, k.elementType)
    return Signature(T.MapType(k.elementType, v.elementType, v.containsNull), (k, v))


@function("map_from_entries", min_args=1, max_args=1)
def _map_from_entries(args: Sequence[object]) -> Signature:
    at = _array_arg("map_from_entries", args)
    st = at.elementType
    if not isinstance(st, T.StructType) or len(st.fields) != 2:
        raise unexpected_type("map_from_entries", args, 0, '"ARRAY" of pair "STRUCT"')
    _map_key_checked("map_from_entries", args, st.fields[0].dataType)
    return Signature(T.MapType(st.fields[0].dataType, st.fields[1].dataType, st.fields[1].nullable), (at,))


@function("map_concat")
def _map_concat(args: Sequence[object]) -> Signature:
    types = types_of(args)
    if not all(isinstance(t, T.MapType) for t in types):  # an untyped NULL is no map either
        shown = ", ".join(type_name(t) for t in types)
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.MAP_CONCAT_DIFF_TYPES] Cannot resolve "{expr_sql("map_concat", args)}" due to data '
            f"type mismatch: The `map_concat` should all be of type map, but it's [{shown}].",
            "DATATYPE_MISMATCH.MAP_CONCAT_DIFF_TYPES",
        )
    out = common_type(types_of(args)) if args else T.MapType(T.StringType(), T.StringType())
    if not isinstance(out, T.MapType):
        raise data_diff_types("map_concat", args)
    return Signature(out, (out,) * len(args))


@function("map_contains_key", min_args=2, max_args=2)
def _map_contains_key(args: Sequence[object]) -> Signature:
    m = _map_arg("map_contains_key", args)
    if isinstance(types_of(args)[1], T.NullType):
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.NULL_TYPE] Cannot resolve "{expr_sql("map_contains_key", args)}" due to data type '
            "mismatch: Null typed values cannot be used as arguments of `map_contains_key`.",
            "DATATYPE_MISMATCH.NULL_TYPE",
        )
    # keys and the value meet at their wider type without promoting a string, as Spark's
    # MapContainsKey: map(1, 'a') holds 1.0 but not 1.5, and a string key never matches an int
    key = wider_type(m.keyType, types_of(args)[1], promote_strings=False)
    if key is None:
        shown = f"{type_name(m)}, {type_name(types_of(args)[1])}"
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES] Cannot resolve "{expr_sql("map_contains_key", args)}" due '
            'to data type mismatch: Input to `map_contains_key` should have been "MAP" followed by a value with '
            f"same key type, but it's [{shown}].",
            "DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES",
        )
    # Spark's array_contains(map_keys(m), key): map_keys' elements are typed nullable, so always nullable
    return Signature(BOOL, (T.MapType(key, m.valueType, m.valueContainsNull), key), True)


# ------------------------------------------------------------------ generators


def _explode_rule(with_pos: bool) -> object:
    """The row type a generator emits: the element, or a struct of key/value (pos first)."""

    def rule(args: Sequence[object]) -> Signature:
        t = types_of(args)[0]
        fields: list[T.StructField] = [T.StructField("pos", INT, False)] if with_pos else []
        if isinstance(t, T.MapType):
            fields += [T.StructField("key", t.keyType, False), T.StructField("value", t.valueType, True)]
        elif isinstance(t, T.ArrayType):
            fields.append(T.StructField("col", t.elementType, True))
        else:
            raise unexpected_type("explode", args, 0, '("ARRAY" or "MAP")')
        if len(fields) == 1:
            return Signature(fields[0].dataType, (t,), True)
        return Signature(T.StructType(fields), (t,), True)

    return rule


def _inline_rule(args: Sequence[object]) -> Signature:
    at = _array_arg("inline", args)
    if not isinstance(at.elementType, T.StructType):
        raise unexpected_type("inline", args, 0, '"ARRAY<STRUCT>"')
    return Signature(at.elementType, (at,), True)


for _name in ("explode", "explode_outer"):
    function(_name, "generator", min_args=1, max_args=1)(_explode_rule(False))  # type: ignore[arg-type]
for _name in ("posexplode", "posexplode_outer"):
    function(_name, "generator", min_args=1, max_args=1)(_explode_rule(True))  # type: ignore[arg-type]
for _name in ("inline", "inline_outer"):
    function(_name, "generator", min_args=1, max_args=1)(_inline_rule)


def _stack_mismatch(args: Sequence[object], kind: str, detail: str) -> AnalysisException:
    return AnalysisException(
        f'[DATATYPE_MISMATCH.{kind}] Cannot resolve "{expr_sql("stack", args)}" due to data type mismatch: '
        f"{detail}. SQLSTATE: 42K09",
        f"DATATYPE_MISMATCH.{kind}",
    )


@function("stack", "generator")
def _stack(args: Sequence[object]) -> Signature:
    """``stack(n, v1, v2, ...)``: the values laid out in `n` rows of ``ceil(len / n)`` columns
    ``col0, col1, ...`` (missing cells null); each column's non-null values share one type."""
    if len(args) < 2:
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `stack` requires > 1 parameters but the actual "
            f"number is {len(args)}. SQLSTATE: 42605",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        )
    types = types_of(args)
    if not isinstance(types[0], T.IntegerType):
        raise unexpected_type("stack", args, 0, '"INT"')
    rows = literal_value(args[0], default=...)
    if rows is ...:
        raise _stack_mismatch(
            args, "NON_FOLDABLE_INPUT",
            f'the input `n` should be a foldable "INT" expression; however, got "{sql_name(args[0])}"',  # type: ignore[arg-type]
        )  # fmt: skip
    if rows is None or int(rows) <= 0:  # type: ignore[call-overload]
        raise _stack_mismatch(
            args, "VALUE_OUT_OF_RANGE", f"The `n` must be between (0, 2147483647] (current value = {rows})"
        )
    width = -(-(len(args) - 1) // int(rows))  # type: ignore[call-overload]
    col_types: list[T.DataType] = []
    for j in range(width):
        first: int | None = None
        for i in range(1 + j, len(args), width):
            if isinstance(types[i], T.NullType):
                continue
            if first is None:
                first = i
            elif types[i] != types[first]:
                raise _stack_mismatch(
                    args, "STACK_COLUMN_DIFF_TYPES",
                    f"The data type of the column ({j}) do not have the same type: "
                    f"{type_name(types[first])} ({first}) <> {type_name(types[i])} ({i})",
                )  # fmt: skip
        col_types.append(types[first] if first is not None else T.NullType())
    casts = tuple([None] + [col_types[(i - 1) % width] for i in range(1, len(args))])
    if width == 1:
        return Signature(col_types[0], casts, True)
    return Signature(T.StructType([T.StructField(f"col{j}", t) for j, t in enumerate(col_types)]), casts, True)


def generator_output_names(call: n.Call) -> list[str]:
    """The columns a generator adds, as Spark names them: explode of an array -> ``col``, of a
    map -> ``key, value``; posexplode puts ``pos`` first; inline gives the struct's fields."""
    t = call.dtype
    if call.name == "json_tuple":
        return [f"c{i}" for i in range(len(call.args) - 1)]
    if call.name == "stack":
        return [f.name for f in t.fields] if isinstance(t, T.StructType) and len(call.args) > 2 and (
            len(call.args) - 1 > literal_value(call.args[0], 1)  # type: ignore[operator]
        ) else ["col0"]
    if call.name.startswith(("inline", "variant_explode")):
        return [f.name for f in t.fields] if isinstance(t, T.StructType) else ["col"]
    source = dtype_of(call.args[0])
    names = ["pos"] if call.name.startswith("posexplode") else []
    return names + (["key", "value"] if isinstance(source, T.MapType) else ["col"])


def generator_output_nullable(call: n.Call) -> list[bool] | None:
    """Whether each column an explode/posexplode/inline/variant_explode adds may be null, as Spark types them:
    ``pos`` and a map's ``key`` never, an element or value as its collection says, and every
    column of an ``_outer`` form (a null or empty input gives one row of nulls). None for the
    other generators, whose columns are all nullable."""
    if call.name.endswith("_outer"):
        return None
    if call.name == "variant_explode":
        return [False, True, False]
    source = dtype_of(call.args[0])
    if call.name == "inline" and isinstance(source, T.ArrayType) and isinstance(source.elementType, T.StructType):
        return [source.containsNull or f.nullable for f in source.elementType.fields]
    if call.name not in ("explode", "posexplode"):
        return None
    pos = [False] if call.name == "posexplode" else []
    if isinstance(source, T.MapType):
        return pos + [False, source.valueContainsNull]
    if isinstance(source, T.ArrayType):
        return pos + [source.containsNull]
    return None
