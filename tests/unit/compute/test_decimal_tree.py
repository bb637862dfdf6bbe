"""A chain of decimal ``+ - *`` computed in int64 throughout gives the operation-by-operation
answer: the same values, nulls and type, and the same error when a step overflows."""

from __future__ import annotations

import decimal

import pyarrow as pa
import pytest

from engine import types as T
from engine.compute import decimal_tree
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate
from engine.errors import ArithmeticException
from engine.expr import nodes as n

D = decimal.Decimal
CTX = EvalContext()


def _col(name: str, i: int, precision: int = 15, scale: int = 2) -> n.Attribute:
    return n.Attribute(name, T.DecimalType(precision, scale), True, i)


def _call(op: str, a: n.Expr, b: n.Expr, precision: int, scale: int) -> n.Call:
    return n.Call(op, (a, b), T.DecimalType(precision, scale))


def _batch(**columns: list[str | None]) -> pa.RecordBatch:
    keys = {"price": "price#1", "disc": "disc#2", "tax": "tax#3"}
    return pa.RecordBatch.from_pydict(
        {keys[k]: pa.array([None if v is None else D(v) for v in vs], pa.decimal128(15, 2)) for k, vs in columns.items()}
    )


# TPC-H q01's charge: price * (1 - disc) * (1 + tax), with Spark's result types
ONE = n.Literal(D(1), T.DecimalType(1, 0))
PRICE, DISC, TAX = _col("price", 1), _col("disc", 2), _col("tax", 3)
CHARGE = _call(
    "*",
    _call("*", PRICE, _call("-", ONE, DISC, 16, 2), 32, 4),
    _call("+", ONE, TAX, 16, 2),
    38,
    6,
)


def test_a_chain_equals_exact_decimal_arithmetic_with_nulls() -> None:
    batch = _batch(
        price=["901.00", "38100.45", None, "0.01"],
        disc=["0.10", "0.00", "0.05", "0.04"],
        tax=["0.02", None, "0.08", "0.00"],
    )
    assert decimal_tree.is_decimal_chain(CHARGE)
    got = evaluate(CHARGE, batch, CTX)
    assert got.type == pa.decimal128(38, 6)
    assert got.to_pylist() == [D("827.118000"), None, None, D("0.009600")]


def test_only_the_root_becomes_decimal128() -> None:
    batch = _batch(price=["2.50"], disc=["0.20"], tax=["0.10"])
    fused = decimal_tree.evaluate_chain(CHARGE, batch, CTX)
    assert fused is not None and fused.to_pylist() == [D("2.200000")]


def test_a_step_out_of_its_type_raises_as_the_operation_by_operation_path_does() -> None:
    # decimal(15, 2) + decimal(15, 2) typed (3, 2) cannot hold 19.98: Spark's overflow error
    narrow = _call("+", _call("+", PRICE, DISC, 3, 2), TAX, 3, 2)
    batch = _batch(price=["9.99"], disc=["9.99"], tax=["0.00"])
    assert decimal_tree.evaluate_chain(narrow, batch, CTX) is None
    with pytest.raises(ArithmeticException, match="NUMERIC_VALUE_OUT_OF_RANGE"):
        evaluate(narrow, batch, CTX)


def test_values_too_wide_for_int64_take_the_general_path() -> None:
    wide = n.Attribute("w", T.DecimalType(38, 2), True, 4)
    square_plus = _call("+", _call("*", wide, wide, 38, 4), ONE, 38, 4)
    batch = pa.RecordBatch.from_pydict({"w#4": pa.array([D("3000000000.00"), D("-1.50")], pa.decimal128(38, 2))})
    assert decimal_tree.evaluate_chain(square_plus, batch, CTX) is None
    got = evaluate(square_plus, batch, CTX)
    assert got.to_pylist() == [D("9000000000000000001.0000"), D("3.2500")]
