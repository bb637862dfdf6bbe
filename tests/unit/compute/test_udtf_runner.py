"""The executor side of Python UDTFs (engine.compute.udtf): instances per partition key, rows
in ORDER BY order, terminate's rows joined to each instance's last input row, outer joins."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.generate import generate
from engine.errors import PythonException
from engine.expr import nodes as n
from engine.logical.udtf import UDTFSpec
from engine.physical.nodes import GenerateExec, MemoryExec

CTX = EvalContext()
K = n.Attribute("k", T.LongType(), True, 1)
V = n.Attribute("v", T.LongType(), True, 2)
ROWS = pa.table({"k#1": [2, 1, 2, 1, None], "v#2": [5, 3, 4, 7, 9]})
OUT = T.StructType([T.StructField("k", T.LongType()), T.StructField("seen", T.StringType())])


class Seen:
    """Yields nothing per row; at the end, its key and the values it saw, in order."""

    def __init__(self) -> None:
        self.k, self.vs = None, []

    def eval(self, k: int, v: int) -> None:
        self.k = k
        self.vs.append(str(v))

    def terminate(self) -> Any:
        yield self.k, ",".join(self.vs)


def run(cls: type, args: tuple[n.Expr, ...], keys: int = 0, order: tuple[tuple[bool, bool], ...] = (),
        outer: bool = False, schema: T.StructType = OUT, positional: int = 2) -> list[dict[str, Any]]:
    spec = UDTFSpec(cls, cls.__name__, schema, positional, (), (), keys, order)
    call = n.UDFCall(cls.__name__, spec, args, schema, "udtf", False)
    names = tuple(f"{f.name}#{10 + i}" for i, f in enumerate(schema.fields))
    return generate(ROWS, GenerateExec(MemoryExec(()), call, names, outer), CTX).to_pylist()  # type: ignore[arg-type]


def test_one_instance_per_partition_key_sees_its_rows_in_order() -> None:
    out = run(Seen, (K, V, K, V), keys=1, order=((False, False),))
    assert [(r["k#10"], r["seen#11"]) for r in out] == [(None, "9"), (1, "7,3"), (2, "5,4")]


def test_terminate_rows_join_the_last_row_each_instance_saw() -> None:
    out = run(Seen, (K, V, K, V), keys=1, order=((True, True),))
    assert [(r["k#1"], r["v#2"], r["seen#11"]) for r in out] == [(None, 9, "9"), (1, 7, "3,7"), (2, 5, "4,5")]


def test_without_keys_the_partition_is_one_instance_in_input_order() -> None:
    assert [r["seen#11"] for r in run(Seen, (K, V))] == ["5,3,4,7,9"]


class EvenOnly:
    def eval(self, v: int) -> Any:
        if v % 2 == 0:
            yield (v,)


def test_outer_keeps_rows_without_output_once_with_nulls() -> None:
    schema = T.StructType([T.StructField("x", T.LongType())])
    inner = run(EvenOnly, (V,), schema=schema, positional=1)
    outer = run(EvenOnly, (V,), schema=schema, positional=1, outer=True)
    assert [(r["v#2"], r["x#10"]) for r in inner] == [(4, 4)]
    assert [(r["v#2"], r["x#10"]) for r in outer] == [(5, None), (3, None), (4, 4), (7, None), (9, None)]


def test_an_error_in_eval_is_a_python_exception_naming_the_users_error() -> None:
    class Fails:
        def eval(self, v: int) -> Any:
            raise KeyError("missing")

    with pytest.raises(PythonException, match="KeyError: 'missing'"):
        run(Fails, (V,), schema=T.StructType([T.StructField("x", T.LongType())]), positional=1)


def test_a_failing_constructor_is_pysparks_udtf_exec_error() -> None:
    class BadInit:
        def __init__(self) -> None:
            raise ValueError("no")

        def eval(self, v: int) -> Any:
            yield (v,)

    with pytest.raises(PythonException, match=r"\[UDTF_EXEC_ERROR\] User defined table function encountered an "
                       r"error in the '__init__' method: no"):
        run(BadInit, (V,), schema=T.StructType([T.StructField("x", T.LongType())]), positional=1)
