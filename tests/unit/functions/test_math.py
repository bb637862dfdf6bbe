"""Math functions: values, result types and column names as PySpark 4 gives them."""

from __future__ import annotations

import math
from decimal import Decimal

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.errors import ArithmeticException
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import dtype_of

x = F.col("x")


def resolved(column: F.Column, **types: T.DataType) -> n.Expr:
    attrs = tuple(n.Attribute(k, t, True, n.new_id()) for k, t in types.items())
    return resolve(column.expr, Scope(attrs))


def test_round_is_half_up_and_bround_half_even(values):
    assert values(F.round(x), x=[2.5, -2.5, 0.5]) == [3.0, -3.0, 1.0]
    assert values(F.bround(x), x=[2.5, 0.5, 1.5]) == [2.0, 0.0, 2.0]
    assert values(F.round(x, 2), x=[2.675]) == [2.68]


def test_round_of_decimals_keeps_decimals_with_sparks_precision(values):
    assert values(F.round(F.lit(Decimal("2.5")))) == [Decimal("3")]
    assert values(F.round(F.lit(Decimal("1.2345")), 2)) == [Decimal("1.23")]
    assert dtype_of(resolved(F.round(x, 2), x=T.DecimalType(5, 4))) == T.DecimalType(4, 2)
    assert dtype_of(resolved(F.round(x, -1), x=T.DecimalType(3, 0))) == T.DecimalType(4, 0)


def test_round_with_negative_scale_rounds_left_of_the_point(values):
    assert values(F.round(x, -1), _table=pa.table({"x": pa.array([125, -125], pa.int32())})) == [130, -130]


def test_ceil_and_floor_give_bigint_for_doubles_and_decimals_for_decimals(values):
    assert values(F.ceil(x), x=[1.2, -1.5]) == [2, -1]
    assert values(F.floor(x), x=[-1.5]) == [-2]
    assert dtype_of(resolved(F.ceil(x), x=T.DoubleType())) == T.LongType()
    assert dtype_of(resolved(F.floor(x), x=T.DecimalType(10, 1))) == T.DecimalType(10, 0)
    assert values(F.floor(F.lit(Decimal("1.5")))) == [Decimal("1")]


def test_logarithms_are_null_outside_their_domain(values):
    assert values(F.log(x), x=[math.e, 0.0, -1.0]) == [1.0, None, None]
    assert values(F.log(2.0, x), x=[8.0]) == [3.0]
    assert values(F.log10(x), x=[100.0]) == [2.0]
    assert values(F.log1p(x), x=[-1.0]) == [None]


def test_sqrt_of_a_negative_number_is_nan(values):
    assert math.isnan(values(F.sqrt(x), x=[-1.0])[0])


def test_abs_of_the_smallest_int_overflows_under_ansi(values):
    table = pa.table({"x": pa.array([-(2**31), -3], pa.int32())})
    with pytest.raises(ArithmeticException):
        values(F.abs(x), _table=table)
    assert values(F.abs(x), _table=table, _ansi=False) == [-(2**31), 3]


def test_greatest_and_least_skip_nulls(values):
    y = F.col("y")
    assert values(F.greatest(x, y), x=[1, None, None], y=[3, 2, None]) == [3, 2, None]
    assert values(F.least(x, y), x=[1, None], y=[3, 2]) == [1, 2]


def test_pmod_is_never_negative_for_a_positive_divisor(values):
    assert values(F.pmod(x, 3), x=[-7, 7]) == [2, 1]


def test_power_and_trigonometry(values):
    assert values(F.pow(x, 0.5), x=[4.0]) == [2.0]
    assert values(F.atan2(x, 1.0), x=[1.0]) == [math.atan2(1, 1)]
    assert values(F.hypot(x, 4.0), x=[3.0]) == [5.0]
    assert values(F.degrees(F.pi())) == [180.0]
    assert values(F.signum(x), x=[-3.0, 0.0]) == [-1.0, 0.0]


def test_try_arithmetic_returns_null_instead_of_failing(values):
    table = pa.table({"x": pa.array([2**31 - 1], pa.int32())})
    assert values(F.try_add(x, F.lit(1)), _table=table) == [None]
    assert values(F.try_divide(x, F.lit(0)), x=[1]) == [None]
    assert values(F.try_multiply(x, F.lit(3)), x=[2]) == [6]


def test_nanvl_and_isnan(values):
    assert values(F.nanvl(x, F.lit(1.0)), x=[float("nan"), 2.0]) == [1.0, 2.0]
    assert values(F.isnan(x), x=[float("nan"), None]) == [True, False]


def test_number_text_conversions(values):
    assert values(F.hex(x), x=[255, -1]) == ["FF", "FFFFFFFFFFFFFFFF"]
    assert values(F.hex(x), x=["ab"]) == ["6162"]
    assert values(F.bin(x), x=[5]) == ["101"]
    assert values(F.unhex(x), x=["4142", "zz"]) == [b"AB", None]


def test_factorial_width_bucket_and_shifts(values):
    assert values(F.factorial(x), x=[5, 21, -1]) == [120, None, None]
    assert values(F.width_bucket(x, F.lit(0.2), F.lit(10.6), 5), x=[5.3, -1.0, 11.0]) == [3, 0, 6]
    assert values(F.shiftleft(x, 3), _table=pa.table({"x": pa.array([1], pa.int32())})) == [8]
    assert values(F.shiftright(x, 1), x=[-8]) == [-4]


def test_math_column_names_are_sparks():
    assert sql_name(resolved(F.sqrt(x), x=T.DoubleType())) == "SQRT(x)"
    assert sql_name(resolved(F.log(x), x=T.DoubleType())) == "ln(x)"  # PySpark 4: log(col) is ln(col)
    assert sql_name(resolved(F.round(x), x=T.DoubleType())) == "round(x, 0)"
    assert sql_name(resolved(F.ceil(x), x=T.DoubleType())) == "CEIL(x)"
    assert sql_name(resolved(F.pow(x, 2), x=T.DoubleType())) == "POWER(x, 2)"
    assert sql_name(resolved(F.pi(), x=T.DoubleType())) == "PI()"
