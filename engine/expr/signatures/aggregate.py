"""Type rules of the aggregate functions (result types as Spark's, names kept per alias)."""

from __future__ import annotations

import decimal
import numbers
from collections.abc import Callable, Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.coercion import bounded_decimal
from engine.expr.display import call_sql, sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, types_of, unexpected_type

Rule = Callable[[Sequence[object]], Signature]


def _register(
    names: tuple[str, ...], rule: Rule, min_args: int = 1, max_args: int | None = 1, **kw: object
) -> None:
    """Each alias is its own function so an unaliased column keeps the name it was called by."""
    for name in names:
        function(name, "aggregate", min_args=min_args, max_args=max_args, **kw)(rule)  # type: ignore[arg-type]


def sum_type(dt: T.DataType) -> T.DataType | None:
    """sum's result: bigint for integrals, double for floats, decimal(p + 10, s) for decimals."""
    if T.is_integral(dt):
        return T.LongType()
    if isinstance(dt, (T.FloatType, T.DoubleType, T.NullType)) or T.is_string(dt):
        return T.DoubleType()
    if isinstance(dt, T.DecimalType):
        return bounded_decimal(dt.precision + 10, dt.scale)
    if isinstance(dt, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        return dt
    return None


def avg_type(dt: T.DataType) -> T.DataType | None:
    """avg's result: double, decimal(p + 4, s + 4) for decimals, a whole interval type for intervals."""
    if isinstance(dt, T.DecimalType):
        return bounded_decimal(dt.precision + 4, dt.scale + 4)
    if isinstance(dt, T.DayTimeIntervalType):
        return T.DayTimeIntervalType(T.DayTimeIntervalType.DAY, T.DayTimeIntervalType.SECOND)
    if isinstance(dt, T.YearMonthIntervalType):
        return T.YearMonthIntervalType(T.YearMonthIntervalType.YEAR, T.YearMonthIntervalType.MONTH)
    return T.DoubleType() if sum_type(dt) is not None else None


def _count(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (), False)


def _sum(args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    out = sum_type(t)
    if out is None:
        raise unexpected_type("sum", args, 0, '("NUMERIC" or "ANSI INTERVAL")')
    arg = T.DoubleType() if T.is_string(t) or isinstance(t, T.NullType) else None
    return Signature(out, (arg,))


def _avg(args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    out = avg_type(t)
    if out is None:
        raise unexpected_type("avg", args, 0, '("NUMERIC" or "ANSI INTERVAL")')
    arg = T.DoubleType() if T.is_string(t) or isinstance(t, T.NullType) else None
    return Signature(out, (arg,))


def _same(args: Sequence[object]) -> Signature:
    return Signature(types_of(args)[0])


def _orderable(name: str) -> Rule:
    """min/max: the input's type, which must have an order (no maps, no variants)."""

    def rule(args: Sequence[object]) -> Signature:
        from engine.expr.signatures.operators import has_map, ordering_error

        t = types_of(args)[0]
        if has_map(t):
            raise ordering_error(name, args, t)
        return Signature(t)

    return rule


def _collect(args: Sequence[object]) -> Signature:
    return Signature(T.ArrayType(types_of(args)[0], False))


def _double(args: Sequence[object]) -> Signature:
    for i, t in enumerate(types_of(args)):
        if not (T.is_numeric(t) or isinstance(t, T.NullType) or T.is_string(t)):
            raise unexpected_type("aggregate", args, i, '"NUMERIC"')
    return Signature(T.DoubleType(), tuple(T.DoubleType() for _ in args))


def _boolean(args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    if not isinstance(t, (T.BooleanType, T.NullType)):
        raise unexpected_type("bool_and", args, 0, '"BOOLEAN"')
    return Signature(T.BooleanType(), (T.BooleanType(),))


def _count_if(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (T.BooleanType(),), False)


def _by(name: str) -> Rule:
    """max_by/min_by: the first argument's type, at the extreme of the second (which must order);
    with a third argument `k` (a constant in [1, 100000], Spark 4.3) an array of up to k values."""

    def rule(args: Sequence[object]) -> Signature:
        from engine.expr.signatures.operators import refuse_variant_order

        refuse_variant_order(name, args, types_of(args)[1])
        if len(args) < 3:
            return Signature(types_of(args)[0])
        k = literal_value(args[2], default=...)
        if k is ...:
            raise _k_mismatch(
                name, args, "NON_FOLDABLE_INPUT",
                f"the input k should be a foldable int expression; however, got {sql_name(args[2])}",  # type: ignore[arg-type]
            )  # fmt: skip
        if isinstance(k, str) and k.lstrip("-").isdigit():  # a typed literal (1L) holds its text
            k = int(k)
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or not 1 <= int(k) <= 100_000:
            raise _k_mismatch(name, args, "VALUE_OUT_OF_RANGE", f"The `k` must be between [1, 100000] (current value = {k})")
        return Signature(T.ArrayType(types_of(args)[0], True), (None, None, T.IntegerType()), True)

    return rule


def _k_mismatch(name: str, args: Sequence[object], kind: str, why: str) -> AnalysisException:
    shown = expr_sql(name, args)
    return AnalysisException(
        f'[DATATYPE_MISMATCH.{kind}] Cannot resolve "{shown}" due to data type mismatch: {why}.',
        f"DATATYPE_MISMATCH.{kind}",
        {"sqlExpr": f'"{shown}"'},
    )


def _percentages(arg: object) -> tuple[bool, T.DataType]:
    """Whether the percentage argument is an array, and the type to cast it to."""
    t = types_of([arg])[0]
    if isinstance(t, T.ArrayType):
        return True, T.ArrayType(T.DoubleType(), False)
    return False, T.DoubleType()


def _percentage_values(arg: object) -> list[float] | None:
    """The constant percentage(s) of a percentile call (a literal or ``array(...)`` of
    literals), or None when they are not constants."""
    value = literal_value(arg, default=...)
    if value is ... and isinstance(arg, n.Call) and arg.name.lower() == "array":
        value = [literal_value(a, default=...) for a in arg.args]
    values = value if isinstance(value, (list, tuple)) else [value]
    if any(v is ... or not isinstance(v, (int, float, decimal.Decimal)) for v in values):
        return None
    return [float(v) for v in values]


def _check_percentages(name: str, args: Sequence[object], default_last: str) -> None:
    """Spark's DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE for a constant percentage outside [0, 1];
    the call is shown with its defaulted last argument, as Spark names it."""
    values = _percentage_values(args[1])
    if values is None or all(0.0 <= v <= 1.0 for v in values):
        return
    shown = [sql_name(a) for a in args] + ([default_last] if len(args) == 2 else [])  # type: ignore[arg-type]
    current = ",".join(f"{v!r}D" for v in values)
    raise AnalysisException(
        f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{call_sql(name, shown, False)}" due to data type '
        f"mismatch: The percentage must be between [0.0, 1.0] (current value = {current}).",
        "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
    )


def _percentile(args: Sequence[object]) -> Signature:
    _check_percentages("percentile", args, "1")
    many, pt = _percentages(args[1])
    out: T.DataType = T.ArrayType(T.DoubleType(), False) if many else T.DoubleType()
    return Signature(out, (T.DoubleType(), pt, T.LongType())[: len(args)])


def _percentile_approx(args: Sequence[object]) -> Signature:
    _check_percentages("percentile_approx", args, "10000")
    t = types_of(args)[0]
    many, pt = _percentages(args[1])
    return Signature(T.ArrayType(t, False) if many else t, (None, pt, T.IntegerType())[: len(args)])


def _median(args: Sequence[object]) -> Signature:
    return Signature(T.DoubleType(), (T.DoubleType(),))


def _histogram(args: Sequence[object]) -> Signature:
    """histogram_numeric(x, nb): bins of ``struct<x: x's type, y: double>`` (centre, height)."""
    nb = literal_value(args[1]) if len(args) > 1 else None
    if isinstance(nb, int) and nb < 2:
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{call_sql("histogram_numeric", [sql_name(a) for a in args], False)}" '  # type: ignore[arg-type]
            f"due to data type mismatch: The nb must be between [2, 2147483647] (current value = {nb}).",
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
        )
    t = types_of(args)[0]
    bin_ = T.StructType([T.StructField("x", t, True), T.StructField("y", T.DoubleType(), True)])
    return Signature(T.ArrayType(bin_, True), (None, T.IntegerType()), True)


def _first(args: Sequence[object]) -> Signature:
    if len(args) == 2 and not isinstance(literal_value(args[1]), bool):
        raise unexpected_type("first", args, 1, '"BOOLEAN"')
    return Signature(types_of(args)[0])


def _first_pretty(name: str, args: list[str]) -> str:
    return f"{name}({args[0]})"


def _with_default(default: str, position: int) -> Callable[[str, list[str]], str]:
    def pretty(name: str, args: list[str]) -> str:
        shown = args if len(args) > position else [*args, default]
        return f"{name}({', '.join(shown)})"

    return pretty


_register(("count",), _count, max_args=None)
_register(("count_if",), _count_if)
_register(("sum", "try_sum"), _sum)
_register(("avg", "mean", "try_avg"), _avg)
for _name in ("min", "max"):
    _register((_name,), _orderable(_name))
_register(
    ("mode",), _same, max_args=2,
    pretty=lambda _n, a: f"mode() WITHIN GROUP (ORDER BY {a[0]} DESC)" if a[1:] == ["true"] else f"mode({a[0]})",
)  # fmt: skip
_register(("first", "last", "first_value", "last_value"), _first, max_args=2, pretty=_first_pretty)
_register(("any_value",), _first, max_args=2, pretty=_first_pretty)
_register(("collect_list",), _collect)


def _collect_set(args: Sequence[object]) -> Signature:
    """collect_set hashes its values: Spark refuses maps and collated strings anywhere in them."""
    (t,) = types_of(args)
    if _holds(t, lambda x: isinstance(x, T.MapType) or (isinstance(x, T.StringType) and x.collation != "UTF8_BINARY")):
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE] Cannot resolve "{expr_sql("collect_set", args)}" due to data '
            'type mismatch: The input of `collect_set` can\'t be "MAP" or "COLLATED STRING" type data.',
            "DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE",
            {"functionName": "`collect_set`", "dataType": '"MAP" or "COLLATED STRING"'},
        )
    return _collect(args)


def _holds(t: T.DataType, test: Callable[[T.DataType], bool]) -> bool:
    """Whether `t` or a type nested in it passes `test`."""
    if test(t):
        return True
    if isinstance(t, T.ArrayType):
        return _holds(t.elementType, test)
    if isinstance(t, T.MapType):
        return _holds(t.keyType, test) or _holds(t.valueType, test)
    if isinstance(t, T.StructType):
        return any(_holds(f.dataType, test) for f in t.fields)
    return False


_register(("collect_set",), _collect_set)
_register(("array_agg",), _collect, pretty=lambda _, args: f"collect_list({', '.join(args)})")  # Spark's name
_register(
    ("stddev", "std", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "skewness", "kurtosis"),
    _double,
)
_register(("product",), _double)
_register(("corr", "covar_pop", "covar_samp"), _double, min_args=2, max_args=2)
_register(("bool_and", "every", "bool_or", "some", "any"), _boolean)
for _name in ("max_by", "min_by"):
    _register((_name,), _by(_name), min_args=2, max_args=3)
_register(("approx_count_distinct",), lambda args: Signature(T.LongType(), (), False), max_args=2)
_register(("median",), _median)
_register(("percentile",), _percentile, min_args=2, max_args=3, pretty=_with_default("1", 2))
_register(
    ("percentile_cont", "percentile_disc"),
    lambda args: Signature(T.DoubleType(), (T.DoubleType(), T.DoubleType(), T.BooleanType())),
    min_args=3, max_args=3, pretty=lambda name, a: f"{name}({a[1]}) WITHIN GROUP (ORDER BY {a[0]}{' DESC' if a[2] == 'true' else ''})",
)  # fmt: skip
_register(("histogram_numeric",), _histogram, min_args=2, max_args=2)
_register(
    ("percentile_approx", "approx_percentile"), _percentile_approx, min_args=2, max_args=3,
    pretty=_with_default("10000", 2),
)  # fmt: skip
