"""Operators: Spark's result types, null semantics, and ANSI versus legacy arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, ArithmeticException
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import dtype_of

a, b = F.col("a"), F.col("b")


def resolved(column: F.Column, **types: T.DataType) -> n.Expr:
    attrs = tuple(n.Attribute(k, t, True, n.new_id()) for k, t in types.items())
    return resolve(column.expr, Scope(attrs))


def test_integer_division_with_slash_is_double(values):
    assert values(a / b, a=[1, 7], b=[2, 2]) == [0.5, 3.5]
    assert dtype_of(resolved(a / b, a=T.IntegerType(), b=T.IntegerType())) == T.DoubleType()


def test_integer_overflow_raises_under_ansi_and_wraps_in_legacy_mode(values):
    table = pa.table({"a": pa.array([2**31 - 1], pa.int32()), "b": pa.array([1], pa.int32())})
    with pytest.raises(ArithmeticException, match=r"\[ARITHMETIC_OVERFLOW\].*try_add") as err:
        values(a + b, _table=table)
    assert err.value.getErrorClass() == "ARITHMETIC_OVERFLOW"
    assert values(a + b, _table=table, _ansi=False) == [-(2**31)]


def test_division_by_zero_raises_under_ansi_and_is_null_in_legacy_mode(values):
    with pytest.raises(ArithmeticException, match=r"^\[DIVIDE_BY_ZERO\] Division by zero. Use `try_divide`"):
        values(a / b, a=[1], b=[0])
    assert values(a / b, a=[1, None], b=[0, 0], _ansi=False) == [None, None]


def test_null_dividend_with_zero_divisor_is_null_even_under_ansi(values):
    assert values(a / b, a=[None], b=[0]) == [None]


def test_remainder_takes_the_sign_of_the_dividend(values):
    assert values(a % b, a=[7, -7, 7, -7], b=[3, 3, -3, -3]) == [1, -1, 1, -1]
    assert values(a % b, a=[-7.5], b=[2.0]) == [-1.5]


def test_integral_div_truncates_toward_zero_as_bigint(values):
    assert values(a._bin("div", b), a=[7, -7], b=[2, 2]) == [3, -3]


def test_decimal_arithmetic_result_types_follow_spark():
    d = T.DecimalType
    assert dtype_of(resolved(a + b, a=d(3, 2), b=d(2, 1))) == d(4, 2)
    assert dtype_of(resolved(a * b, a=d(2, 1), b=d(10, 0))) == d(13, 1)
    assert dtype_of(resolved(a / b, a=d(2, 1), b=d(10, 0))) == d(13, 12)
    assert dtype_of(resolved(a * b, a=d(38, 10), b=d(38, 10))) == d(38, 6)


def test_decimal_division_rounds_half_up(values):
    assert values(F.lit(Decimal("1.5")) / F.lit(3)) == [Decimal("0.500000000000")]
    assert values(F.lit(Decimal("2.0")) / F.lit(Decimal("3.0"))) == [Decimal("0.666667")]


def test_string_operand_is_promoted_to_bigint_next_to_an_integer():
    assert dtype_of(resolved(a + b, a=T.StringType(), b=T.IntegerType())) == T.LongType()
    assert dtype_of(resolved(a + b, a=T.StringType(), b=T.DoubleType())) == T.DoubleType()


def test_boolean_plus_int_is_a_type_mismatch():
    with pytest.raises(AnalysisException) as err:
        resolved(a + b, a=T.BooleanType(), b=T.IntegerType())
    assert err.value.getErrorClass() == "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"


def test_nan_equals_nan_and_sorts_above_every_number(values):
    nan = float("nan")
    assert values(a == b, a=[nan, 1.0], b=[nan, nan]) == [True, False]
    assert values(a > b, a=[nan, 1.0], b=[1.0, nan]) == [True, False]


def test_null_safe_equality_never_returns_null(values):
    assert values(a.eqNullSafe(b), a=[1, None, None], b=[1, 1, None]) == [True, False, True]


def test_in_is_null_when_no_match_and_a_null_is_listed(values):
    assert values(a.isin(2, None), a=[1, 2]) == [None, True]
    assert values(a.isin(1, 2), a=[None, 3]) == [None, False]


def test_in_a_list_of_constants_matches_as_equality_does(values):
    assert values(a.isin("AIR", "MAIL"), a=["AIR", "air", None, "MAIL", ""]) == [True, False, None, True, False]
    assert values(a.isin(0.0, float("nan")), a=[-0.0, float("nan"), 1.5, None]) == [True, True, False, None]
    assert values(a.isin(7, 9, 11), a=[9, 10, None]) == [True, False, None]
    assert values(a.isin("x", None), a=["x", "y"]) == [True, None]


def test_and_or_use_three_valued_logic(values):
    assert values(a & b, a=[True, False, None], b=[None, None, None]) == [None, False, None]
    assert values(a | b, a=[True, False, None], b=[None, None, None]) == [True, None, None]
    assert values(~a, a=[True, None]) == [False, None]


def test_negating_the_smallest_integer_overflows_under_ansi(values):
    table = pa.table({"a": pa.array([-(2**31)], pa.int32())})
    with pytest.raises(ArithmeticException):
        values(-a, _table=table)
    assert values(-a, _table=table, _ansi=False) == [-(2**31)]


def test_bitwise_operators(values):
    assert values(a.bitwiseAND(b), a=[5], b=[3]) == [1]
    assert values(a.bitwiseOR(b), a=[5], b=[2]) == [7]
    assert values(a.bitwiseXOR(b), a=[5], b=[1]) == [4]
    assert values(F.bitwise_not(a), a=[5]) == [-6]


def test_operator_column_names_are_sparks():
    assert sql_name(resolved(a + b, a=T.IntegerType(), b=T.IntegerType())) == "(a + b)"
    assert sql_name(resolved(a.isin(1, 2), a=T.IntegerType())) == "(a IN (1, 2))"
    assert sql_name(resolved(a.isNull(), a=T.IntegerType())) == "(a IS NULL)"
    assert sql_name(resolved(~(a == 1), a=T.IntegerType())) == "(NOT (a = 1))"
