"""INTERSECT/EXCEPT [ALL], distinct rows, explode/posexplode/inline, and sampling."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.generate import generate
from engine.compute.sample import sample
from engine.compute.setops import distinct_rows, set_op
from engine.expr import nodes as n
from engine.physical.nodes import GenerateExec, MemoryExec, SampleExec, SetOpExec

CTX = EvalContext()
SRC = MemoryExec(())
NAN = float("nan")
L = pa.table({"a#1": [1, 1, 1, None, None, 2, 3], "f#2": [NAN, NAN, NAN, 0.0, 0.0, 1.0, 2.0]})
R = pa.table({"c#3": [1, None, 1, 3, 4], "g#4": [NAN, -0.0, NAN, 5.0, 1.0]})


def tuples(t: pa.Table) -> list[tuple[Any, ...]]:
    return [tuple(repr(v) for v in r.values()) for r in t.to_pylist()]


def setop(kind: str, all_: bool) -> list[tuple[Any, ...]]:
    out = set_op(L, R, SetOpExec(SRC, SRC, kind, all_, ("a#1", "f#2"), ("c#3", "g#4")), CTX)
    assert out.column_names == ["a#1", "f#2"]
    return tuples(out)


def test_intersect_and_except() -> None:
    one, null_zero = ("1", "nan"), ("None", "0.0")
    assert setop("intersect", False) == [one, null_zero]
    assert setop("intersect", True) == [one, one, null_zero]
    assert setop("except", False) == [("2", "1.0"), ("3", "2.0")]
    assert setop("except", True) == [one, null_zero, ("2", "1.0"), ("3", "2.0")]


def test_distinct_rows_keeps_first_and_all_columns() -> None:
    t = L.append_column("i#9", pa.array(range(7)))
    out = distinct_rows(t, ("a#1", "f#2"))
    assert out.column("i#9").to_pylist() == [0, 3, 5, 6]
    assert distinct_rows(t.slice(0, 0), ("a#1",)).num_rows == 0


ARR = n.Attribute("xs", T.ArrayType(T.LongType()), True, 5)
MAP = n.Attribute("m", T.MapType(T.StringType(), T.LongType()), True, 6)
G = pa.table(
    {
        "id#1": [1, 2, 3, 4],
        "xs#5": pa.array([[10, 20], None, [], [None]], pa.list_(pa.int64())),
        "m#6": pa.array([[("a", 1)], [], None, [("b", 2), ("c", None)]], pa.map_(pa.string(), pa.int64())),
    }
)


def gen(name: str, arg: n.Expr, keys: tuple[str, ...], outer: bool = False) -> list[dict[str, Any]]:
    call = n.Call(name, (arg,), T.LongType())
    out = generate(G, GenerateExec(SRC, call, keys, outer), CTX)
    return out.select(["id#1", *keys]).to_pylist()


def test_explode_array_and_outer() -> None:
    assert gen("explode", ARR, ("col#7",)) == [
        {"id#1": 1, "col#7": 10},
        {"id#1": 1, "col#7": 20},
        {"id#1": 4, "col#7": None},
    ]
    got = gen("explode_outer", ARR, ("col#7",))
    assert [(r["id#1"], r["col#7"]) for r in got] == [(1, 10), (1, 20), (2, None), (3, None), (4, None)]


def test_posexplode_map_and_outer() -> None:
    got = gen("posexplode", MAP, ("pos#7", "key#8", "value#9"))
    assert [tuple(r.values()) for r in got] == [(1, 0, "a", 1), (4, 0, "b", 2), (4, 1, "c", None)]
    got = gen("posexplode", MAP, ("pos#7", "key#8", "value#9"), outer=True)
    assert [tuple(r.values()) for r in got] == [
        (1, 0, "a", 1),
        (2, None, None, None),
        (3, None, None, None),
        (4, 0, "b", 2),
        (4, 1, "c", None),
    ]


def test_inline_structs() -> None:
    st = pa.struct([("p", pa.int64()), ("q", pa.string())])
    table = pa.table({"id#1": [1, 2], "s#5": pa.array([[{"p": 1, "q": "u"}, None], None], pa.list_(st))})
    attr = n.Attribute(
        "s",
        T.ArrayType(T.StructType([T.StructField("p", T.LongType()), T.StructField("q", T.StringType())])),
        True,
        5,
    )
    call = n.Call("inline_outer", (attr,), T.LongType())
    out = generate(table, GenerateExec(SRC, call, ("p#7", "q#8"), False), CTX)
    assert out.select(["id#1", "p#7", "q#8"]).to_pylist() == [
        {"id#1": 1, "p#7": 1, "q#8": "u"},
        {"id#1": 1, "p#7": None, "q#8": None},
        {"id#1": 2, "p#7": None, "q#8": None},
    ]


def test_sample_is_deterministic_per_seed_and_partition() -> None:
    t = pa.table({"x#1": range(10_000)})
    op = SampleExec(SRC, 0.1, False, 42)
    a = sample(t, op, CTX)
    assert a.equals(sample(t, op, CTX))
    assert 800 < a.num_rows < 1200
    assert not a.equals(sample(t, op, EvalContext(partition_index=1)))
    b = sample(t, SampleExec(SRC, 0.5, True, -7), CTX)
    assert 4500 < b.num_rows < 5500 and len(set(b.column("x#1").to_pylist())) < b.num_rows
