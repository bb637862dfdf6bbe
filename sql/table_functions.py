"""Built-in functions Spark only takes as table functions (``FROM variant_explode(v)``, ``FROM t,
LATERAL variant_explode(t.v)``): a select-list call is NOT_A_SCALAR_FUNCTION and a Hive-style
``LATERAL VIEW`` of one is ROUTINE_NOT_FOUND, as Spark reports them. engine runs them as
generators, which would otherwise be accepted in those places too."""

from __future__ import annotations

from sqlglot import exp

from engine.errors import AnalysisException

TABLE_ONLY = frozenset({"variant_explode", "variant_explode_outer"})


def _called(e: exp.Expr) -> str | None:
    """The table-only function `e` calls (through an alias), if any."""
    inner = e.this if isinstance(e, exp.Alias) else e
    name = inner.name.lower() if isinstance(inner, exp.Anonymous) else None
    return name if name in TABLE_ONLY else None


def refuse_in_select(item: exp.Expr) -> None:
    """NOT_A_SCALAR_FUNCTION for a select-list entry that calls a table-only function."""
    name = _called(item)
    if name is not None:
        raise AnalysisException(
            f"[NOT_A_SCALAR_FUNCTION] `{name}` appears as a scalar expression here, but the function was defined as "
            "a table function. Please update the query to move the function call into the FROM clause, or "
            f"redefine `{name}` as a scalar function instead.",
            "NOT_A_SCALAR_FUNCTION",
            {"functionName": f"`{name}`"},
        )


def refuse_in_lateral_view(call: exp.Expr) -> None:
    """ROUTINE_NOT_FOUND for ``LATERAL VIEW`` of a table-only function (Hive-style generators only)."""
    name = _called(call)
    if name is not None:
        raise AnalysisException(
            f"[ROUTINE_NOT_FOUND] The routine `default`.`{name}` cannot be found. Verify the spelling and correctness "
            "of the schema and catalog.\nIf you did not qualify the name with a schema and catalog, verify the "
            "current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the "
            "error on drop use DROP ... IF EXISTS.",
            "ROUTINE_NOT_FOUND",
            {"routineName": f"`default`.`{name}`"},
        )
