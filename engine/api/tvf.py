"""``spark.tvf``: table-valued functions as DataFrames (``spark.tvf.explode(F.array(...))``).

Each generator runs over a one-row, no-column relation, so its output columns are exactly
the generator's (``col``; ``key``/``value``; ``pos``; a struct's fields; ``c0``...), as in
Spark's ``SELECT * FROM explode(...)``.
"""

from __future__ import annotations

from typing import Any

from engine.api.column import Column, to_expr, to_expr_or_lit
from engine.errors import PySparkTypeError
from engine.expr import nodes as n
from engine.logical import builder as B


class TableValuedFunction:
    """The table-valued functions of a session (PySpark's ``TableValuedFunction``)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def range(self, start: int, end: int | None = None, step: int = 1, numPartitions: int | None = None) -> Any:  # noqa: N803
        """Rows ``id`` from `start` to `end` (exclusive) by `step`, as ``spark.range``."""
        return self._session.range(start, end, step, numPartitions)

    def explode(self, collection: Column) -> Any:
        return self._generate("explode", collection)

    def explode_outer(self, collection: Column) -> Any:
        return self._generate("explode_outer", collection)

    def posexplode(self, collection: Column) -> Any:
        return self._generate("posexplode", collection)

    def posexplode_outer(self, collection: Column) -> Any:
        return self._generate("posexplode_outer", collection)

    def inline(self, input: Column) -> Any:  # noqa: A002
        return self._generate("inline", input)

    def inline_outer(self, input: Column) -> Any:  # noqa: A002
        return self._generate("inline_outer", input)

    def json_tuple(self, input: Column, *fields: Column) -> Any:  # noqa: A002
        """One string column per field (``c0``, ``c1``, ...) of the JSON object `input`."""
        if not fields:
            from engine.errors import PySparkValueError

            raise PySparkValueError("[CANNOT_BE_EMPTY] At least one field must be specified.", "CANNOT_BE_EMPTY")
        return self._generate("json_tuple", input, *fields)

    def stack(self, n: Column, *fields: Column) -> Any:
        """`fields` laid out in `n` rows (``col0``, ``col1``, ...)."""
        return self._generate("stack", n, *fields)

    def variant_explode(self, input: Column) -> Any:  # noqa: A002
        """``pos``, ``key``, ``value`` of each field of a variant object or element of a variant array."""
        return self._generate("variant_explode", input)

    def variant_explode_outer(self, input: Column) -> Any:  # noqa: A002
        """`variant_explode`, with one row of nulls for a variant that is neither object nor array."""
        return self._generate("variant_explode_outer", input)

    def _generate(self, name: str, *args: Any) -> Any:
        from engine.api.dataframe import DataFrame

        for a in args:
            if not isinstance(a, (Column, str)):
                raise PySparkTypeError(
                    f"[NOT_COLUMN] Argument of `{name}` should be a Column, got {type(a).__name__}.", "NOT_COLUMN"
                )
        one_row = self._session.range(0, 1, 1, 1)._plan
        empty = B.project(one_row, [])
        call = n.UnresolvedFunction(name, tuple(to_expr(a) if isinstance(a, Column) else to_expr_or_lit(a) for a in args))
        return DataFrame(self._session, B.project(empty, [call]))
