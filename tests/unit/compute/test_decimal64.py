"""The int64 decimal path gives exactly the decimal128 answer, and declines what it cannot prove exact."""

from __future__ import annotations

import decimal
import gc

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine import types as T
from engine.compute.kernels import decimal64

D = decimal.Decimal


def _arr(values: list[str | None], precision: int, scale: int) -> pa.Array:
    return pa.array([None if v is None else D(v) for v in values], pa.decimal128(precision, scale))


@pytest.mark.parametrize(
    ("op", "fn", "dtype"),
    [("+", pc.add, T.DecimalType(17, 3)), ("-", pc.subtract, T.DecimalType(17, 3)), ("*", pc.multiply, T.DecimalType(31, 5))],
)
def test_matches_arrow_with_nulls_and_mixed_scales(op: str, fn: object, dtype: T.DecimalType) -> None:
    a = _arr(["1.25", None, "-3.10", "99999999999.99", "0.00"], 15, 2)
    b = _arr(["0.050", "1.000", None, "-2.125", "7.777"], 15, 3)
    got = decimal64.arithmetic(op, a, b, dtype)
    assert got is not None and got.type == pa.decimal128(dtype.precision, dtype.scale)
    want = fn(a.cast(pa.decimal256(30, 2)), b.cast(pa.decimal256(30, 3))).cast(got.type)  # type: ignore[operator]
    assert got.to_pylist() == want.to_pylist()


def test_sliced_inputs_read_from_their_offset() -> None:
    a = _arr(["1.00", "2.00", "3.00"], 15, 2).slice(1)
    b = _arr(["10.00", "20.00", "30.00"], 15, 2).slice(1)
    got = decimal64.arithmetic("+", a, b, T.DecimalType(16, 2))
    assert got is not None and got.to_pylist() == [D("22.00"), D("33.00")]


def test_declines_when_not_provably_exact() -> None:
    big = _arr(["12345678901234567890.12"], 38, 2)  # needs more than 64 bits unscaled
    assert decimal64.arithmetic("+", big, big, T.DecimalType(38, 2)) is None
    wide = _arr(["3000000000.00"], 15, 2)  # the product's unscaled value passes 2^62
    assert decimal64.arithmetic("*", wide, wide, T.DecimalType(31, 4)) is None
    small = _arr(["9.99"], 3, 2)  # 19.98 does not fit decimal(3, 2): the general path raises
    assert decimal64.arithmetic("+", small, small, T.DecimalType(3, 2)) is None
    rounded = _arr(["1.25"], 15, 2)  # a result scale below the exact one needs rounding
    assert decimal64.arithmetic("*", rounded, rounded, T.DecimalType(38, 3)) is None


def test_fitting_a_same_scale_decimal_relabels_values_in_range_and_rejects_the_rest() -> None:
    """A sum's decimal(38, 2) state fits Spark's decimal(p + 10, 2) without a copy when every value
    does; a value beyond the target precision is an ANSI error, or null without ANSI."""
    from engine.compute.kernels._util import fit_decimal
    from engine.errors import ArithmeticException

    state = _arr(["1.25", None, "-9999.99", "0.00"], 38, 2)
    fitted = fit_decimal(state.slice(1), T.DecimalType(25, 2), ansi=True)
    assert fitted.type == pa.decimal128(25, 2) and fitted.to_pylist() == [None, D("-9999.99"), D("0.00")]
    assert fit_decimal(state, T.DecimalType(6, 2), ansi=True).to_pylist() == state.to_pylist()
    assert fit_decimal(state, T.DecimalType(5, 2), ansi=False).to_pylist() == [D("1.25"), None, None, D("0.00")]
    with pytest.raises(ArithmeticException, match="NUMERIC_VALUE_OUT_OF_RANGE"):
        fit_decimal(state, T.DecimalType(5, 2), ansi=True)
    huge = _arr(["12345678901234567890123.45"], 38, 2)  # beyond 64 bits: the general path
    assert fit_decimal(huge, T.DecimalType(25, 2), ansi=True).to_pylist() == huge.to_pylist()


def test_an_array_made_from_int64_values_reads_them_back_while_it_lives() -> None:
    values = np.array([150, -7, 99, 4], dtype=np.int64)
    ok = np.array([True, False, True, True])
    made = decimal64.from_unscaled(values, ok, T.DecimalType(12, 2), bound=200)
    assert made.to_pylist() == [
        decimal.Decimal("1.50"),
        None,
        decimal.Decimal("0.99"),
        decimal.Decimal("0.04"),
    ]
    whole = decimal64.of_array(made)
    assert whole is not None and whole.bound == 200  # the maker's bound, not a scan of the values
    assert list(whole.values) == [150, 0, 99, 4] and list(whole.ok) == [True, False, True, True]
    tail = decimal64.unscaled(made.slice(2))
    assert tail is not None and list(tail[0]) == [99, 4]
    relabelled = made.view(pa.decimal128(12, 3))  # same words, other scale: read from the words
    assert decimal64.of_array(relabelled).bound == 150
    address = made.buffers()[1].address
    del made, whole, tail, relabelled
    gc.collect()
    assert address not in decimal64._MADE


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_a_column_compared_with_a_constant_on_its_low_words_matches_arrow(op: str) -> None:
    from engine.compute.kernels.comparison import compare

    arrow = {"=": pc.equal, "!=": pc.not_equal, "<": pc.less, "<=": pc.less_equal, ">": pc.greater, ">=": pc.greater_equal}[op]
    column = _arr(["24.00", None, "-5.50", "23.99", "9999999999999.99", "-9999999999999.99", "0.00"], 15, 2)
    for a in (column, column.slice(1), column.slice(2, 3), pa.chunked_array([column.slice(0, 2), column.slice(2)])):
        for value in ("24.00", "-5.50", "0.00"):
            constant = pa.scalar(D(value), pa.decimal128(15, 2))
            assert compare(op, a, constant).to_pylist() == arrow(a, constant).to_pylist()
            assert compare(op, constant, a).to_pylist() == arrow(constant, a).to_pylist()


def test_comparisons_the_low_words_cannot_answer_are_declined() -> None:
    wide = _arr(["1.00"], 20, 2)  # more than 18 digits: the value may need its high word
    assert decimal64.compare_constant("<", wide, pa.scalar(D("2.00"), pa.decimal128(20, 2))) is None
    narrow = _arr(["1.00"], 15, 2)
    assert decimal64.compare_constant("<", narrow, pa.scalar(D("2.000"), pa.decimal128(15, 3))) is None  # other scale
    assert decimal64.compare_constant("<", narrow, pa.scalar(None, pa.decimal128(15, 2))) is None
