"""Kernels of reflect / java_method / try_reflect: the Java method run once per distinct
argument tuple (once in all for constant arguments), printed as Java prints its result.

A method that throws fails the query with the Java exception (reflect, java_method) or
gives null (try_reflect); a null argument to a primitive parameter is Java's
IllegalArgumentException, as the JVM's reflective call raises it.
"""

from __future__ import annotations

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.errors import IllegalArgumentException, SparkRuntimeException
from engine.expr.java_methods import METHODS, JavaException, java_text
from engine.expr.nodes import Call
from engine.expr.signatures.reflect import method_key


def _invoke(call: Call, key: tuple[str, str, str], values: tuple[object, ...]) -> str | None:
    method = METHODS[key]
    try:
        for letter, v in zip(key[2], values):
            if v is None and letter != "T":
                raise JavaException("java.lang.IllegalArgumentException", "null passed to a primitive parameter")
        return java_text(method.body(*values), method.result)
    except JavaException as e:
        if call.name == "try_reflect":
            return None
        cls = IllegalArgumentException if e.java_class == "java.lang.IllegalArgumentException" else SparkRuntimeException
        raise cls(f"{e} (in {key[0]}.{key[1]}, called by {call.name})") from None


@kernel("reflect", "java_method", "try_reflect")
def _reflect(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    key = method_key(call.name, call.args)
    params = args[2:]
    arrays = [a for a in params if isinstance(a, pa.Array)]
    if not arrays:
        values = tuple(p.as_py() for p in params)
        if not METHODS[key].varying:
            return pa.scalar(_invoke(call, key, values), pa.string())
        rows = ctx.num_rows or 1  # a new random number or UUID on every row
        return pa.array([_invoke(call, key, values) for _ in range(rows)], pa.string())
    length = len(arrays[0])
    columns = [a.to_pylist() if isinstance(a, pa.Array) else [a.as_py()] * length for a in params]
    cache: dict[tuple[object, ...], str | None] = {}
    out = []
    for values in zip(*columns):
        if values not in cache:
            cache[values] = _invoke(call, key, values)
        out.append(cache[values])
    return pa.array(out, pa.string())
