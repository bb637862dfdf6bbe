"""Implementations of registered functions over Arrow arrays, keyed by canonical name.

A kernel gets its evaluated arguments (a `pa.Array`, or a `pa.Scalar` for a constant
argument: kernels must accept both), the resolved `Call` (for literal arguments and the
result type) and the `EvalContext`, and returns a `pa.Array` or `pa.Scalar` of exactly
`call.dtype`'s Arrow type. Kernels are vectorized: pyarrow.compute or numpy, never a
Python loop over rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Union

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.expr.nodes import Call

Value = Union[pa.Array, pa.Scalar]
Kernel = Callable[[list[Value], Call, EvalContext], Value]

KERNELS: dict[str, Kernel] = {}


def kernel(*names: str) -> Callable[[Kernel], Kernel]:
    """Register a kernel under one or more canonical function names."""

    def deco(fn: Kernel) -> Kernel:
        for name in names:
            KERNELS[name.lower()] = fn
        return fn

    return deco


_loaded = False
_load_lock = threading.Lock()


def get_kernel(name: str) -> Kernel | None:
    """The kernel for a canonical function name (kernel modules are imported on first use).

    Tasks run on several threads at once: the flag is set only after every module has
    registered, under a lock, so no thread ever sees a half-filled registry.
    """
    global _loaded
    if not _loaded:
        with _load_lock:
            if not _loaded:
                import engine.compute.kernels.all  # noqa: F401

                _loaded = True
    return KERNELS.get(name.lower())
