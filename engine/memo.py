"""Memos that live as long as one query's analysis or planning.

Planning asks for the same derived facts (a source's files, a plan node's columns) many times
per query; each is computed once while a block is open. Opening a block inside another keeps
the outer memo, and closing the outermost drops it, so the next query starts fresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


@contextmanager
def scoped(memo: ContextVar[dict[Any, Any] | None]) -> Iterator[None]:
    """Within the block, `memo` holds a dict (the outermost block's when blocks nest)."""
    if memo.get() is not None:
        yield
        return
    token = memo.set({})
    try:
        yield
    finally:
        memo.reset(token)
