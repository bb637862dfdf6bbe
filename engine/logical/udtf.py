"""Plans a Python UDTF call: a `Generate` whose generator is a ``UDFCall`` of kind "udtf".

``f(1, 2)`` runs over one row; ``FROM t, LATERAL f(t.a)`` over `t`'s rows (each row joined with
the rows its ``eval`` yields); ``f(TABLE(t) PARTITION BY k ORDER BY s)`` over `t` hash-partitioned
by ``k``, where the executor sorts each partition and runs one UDTF instance per key (its
``terminate`` at the end of each). The schema is the declared ``returnType`` or what the class's
static ``analyze`` returns for the arguments, which may also ask for partitioning, ordering and
a selection of the table's columns.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import dtype_of
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output


@dataclass(frozen=True)
class TableArgument:
    """``TABLE(t) [PARTITION BY ... | WITH SINGLE PARTITION] [ORDER BY ...]`` (``df.asTable()``)."""

    plan: LogicalPlan
    partition_by: tuple[n.Expr, ...] = ()
    order_by: tuple[n.SortOrder, ...] = ()
    single: bool = False


@dataclass(frozen=True)
class UDTFSpec:
    """What an executor needs to run a UDTF call (the `func` of its ``UDFCall``).

    The call's arguments are the `positional` ones, then one per name in `keywords`, then
    `partition_keys` partition expressions, then one per entry of `order` (ascending, nulls
    first). Arguments at `tables` are TABLE rows (structs, passed as `Row`).
    """

    cls: type
    name: str
    schema: T.StructType
    positional: int
    keywords: tuple[str, ...]
    tables: tuple[int, ...]
    partition_keys: int
    order: tuple[tuple[bool, bool], ...]
    analyze_result: Any = None
    outer_call: Any = None  # (udtf, args, kwargs) of a call reading an outer query's columns
    arrow: bool = False  # ``arrow_udtf``: eval takes Arrow arrays and yields Arrow tables
    classic: bool = False  # ``useArrow=False``: rows converted as Spark's pickled rows are


Arg = n.Expr | TableArgument

SQL_TABLE_UDF = 300  # PySpark's eval types: ``udtf(useArrow=False)``
SQL_ARROW_UDTF = 302  # ``arrow_udtf``


def plan_udtf(
    udtf: Any, base: LogicalPlan, args: list[Arg], kwargs: dict[str, Arg], cs: bool,
    parse: Callable[[str], n.Expr], lateral: bool = False, outer: bool = False,
) -> LogicalPlan:
    """The plan of `udtf` called with `args`/`kwargs` over `base`'s rows (one row unless
    `lateral`, when `base`'s columns stay and the UDTF's follow them). `parse` reads the SQL
    strings an ``analyze`` result names columns by."""
    given = [*args, *kwargs.values()]
    table = _table_argument(udtf, given, lateral)
    source = table.plan if table is not None else base
    scope = Scope(output(source), cs)
    row = n.UnresolvedFunction("struct", tuple(a for a in output(source) if not a.hidden))

    def bind(a: Arg) -> n.Expr:
        if isinstance(a, TableArgument):
            return resolve(row, scope)
        if _reads_outer(a, scope):
            return a  # ``col("a").outer()``: resolved when ``lateralJoin`` runs it over its rows
        return resolve(a, scope)

    pos, named = [bind(a) for a in args], {k: bind(v) for k, v in kwargs.items()}
    deferred = any(_reads_outer(a, scope) for a in given if not isinstance(a, TableArgument))
    result = None if udtf.returnType is not None else _analyze(udtf, args, kwargs, pos, named, deferred, table)
    schema = udtf.returnType if result is None else result.schema
    partition_by, order_by, single = (table.partition_by, table.order_by, table.single) if table else ((), (), False)
    if result is not None and table is not None:
        partition_by, order_by, single, source, pos, named = _apply_analyze(
            udtf, result, table, source, pos, named, args, kwargs, cs, parse
        )
    keys = tuple(resolve(k, Scope(output(source), cs)) for k in partition_by)
    orders = [o for o in (resolve(o, Scope(output(source), cs)) for o in order_by) if isinstance(o, n.SortOrder)]
    if keys:
        source = L.Repartition(source, None, keys, "hash")
    elif single:
        source = L.Repartition(source, 1, (), "round_robin")
    spec = UDTFSpec(
        cls=udtf.func, name=udtf._name, schema=schema, positional=len(pos), keywords=tuple(named),
        tables=tuple(i for i, a in enumerate(given) if isinstance(a, TableArgument)), partition_keys=len(keys),
        order=tuple((o.ascending, o.nulls_are_first) for o in orders), analyze_result=result,
        outer_call=(udtf, tuple(args), dict(kwargs)) if deferred else None, arrow=udtf.evalType == SQL_ARROW_UDTF,
        classic=udtf.evalType == SQL_TABLE_UDF,
    )
    call_args = (*pos, *named.values(), *keys, *(o.child for o in orders))
    call = n.UDFCall(udtf._name, spec, call_args, schema, "udtf", udtf.deterministic)
    attrs = tuple(n.Attribute(f.name, f.dataType, True, n.new_id()) for f in schema.fields)
    if deferred:  # run alone, the outer columns fail to resolve as a select of them does
        from engine.logical.builder import project

        refs = [r for a in given if not isinstance(a, TableArgument) for r in tr.walk(a) if isinstance(r, n.OuterRef)]
        source = project(source, refs, cs)
    gen = L.Generate(source, call, attrs, outer)  # type: ignore[arg-type]
    if lateral and table is None:
        return gen
    return L.Project(gen, attrs)


def _table_argument(udtf: Any, given: list[Arg], lateral: bool) -> TableArgument | None:
    """The call's one TABLE argument, if any; Spark's errors for more than one, and for an
    Arrow UDTF joined laterally."""
    tables = [a for a in given if isinstance(a, TableArgument)]
    if lateral and udtf.evalType == SQL_ARROW_UDTF and not tables:
        raise AnalysisException(
            "[LATERAL_JOIN_WITH_ARROW_UDTF_UNSUPPORTED] LATERAL JOIN with Arrow-optimized user-defined table "
            "functions (UDTFs) is not supported. Arrow UDTFs cannot be used on the right-hand side of a lateral "
            "join.\nPlease use a regular UDTF instead, or restructure your query to avoid the lateral join.",
            "LATERAL_JOIN_WITH_ARROW_UDTF_UNSUPPORTED",
        )
    if len(tables) > 1:
        raise AnalysisException(
            "[TABLE_VALUED_FUNCTION_TOO_MANY_TABLE_ARGUMENTS] There are too many table arguments for "
            f"table-valued function.\nIt allows one table argument, but got: {len(tables)}.\nIf you want to "
            'allow it, please set "spark.sql.allowMultipleTableArguments.enabled" to "true"',
            "TABLE_VALUED_FUNCTION_TOO_MANY_TABLE_ARGUMENTS",
        )
    return tables[0] if tables else None


def _reads_outer(e: n.Expr, scope: Scope) -> bool:
    """Whether `e` names an outer query's column (``col("a").outer()``) that `scope` lacks."""
    for ref in tr.walk(e):
        if isinstance(ref, n.OuterRef):
            try:
                resolve(ref.child, scope)
            except AnalysisException:
                return True
    return False


def outer_call(plan: LogicalPlan) -> Any:
    """The (udtf, args, kwargs) of a UDTF DataFrame whose arguments read outer columns, or None."""
    gen = plan.input if isinstance(plan, L.Project) else None
    if isinstance(gen, L.Generate) and isinstance(gen.generator, n.UDFCall) and gen.generator.kind == "udtf":
        return gen.generator.func.outer_call
    return None


def _analyze(
    udtf: Any, args: list[Arg], kwargs: dict[str, Arg], pos: list[n.Expr], named: dict[str, n.Expr],
    deferred: bool, table: TableArgument | None,
) -> Any:
    """Calls the class's static ``analyze`` with an ``AnalyzeArgument`` per argument and checks
    what it returns."""
    from engine.functions.udtf import AnalyzeArgument, AnalyzeResult

    if deferred:
        raise AnalysisException(
            f"[UNSUPPORTED_FEATURE] The UDTF '{udtf._name}' decides its schema in 'analyze'; call it with "
            "col(...).outer() arguments in SQL (FROM t, LATERAL f(t.a)) instead of DataFrame.lateralJoin.",
            "UNSUPPORTED_FEATURE",
        )

    def describe(a: Arg, e: n.Expr) -> Any:
        if isinstance(a, TableArgument):
            return AnalyzeArgument(dtype_of(e), None, True, False)
        constant, value = _constant(e)
        return AnalyzeArgument(dtype_of(e), value, False, constant)

    try:
        result = udtf.func.analyze(
            *[describe(a, e) for a, e in zip(args, pos)], **{k: describe(kwargs[k], named[k]) for k in named}
        )
    except Exception as e:  # noqa: BLE001 - the user's analyze failed: reported as Spark does
        user_frames = traceback.format_tb(e.__traceback__)[1:]  # from the user's analyze on
        shown = "".join(user_frames + traceback.format_exception_only(type(e), e))
        raise _analyze_error("Traceback (most recent call last):\n" + shown) from e
    if not isinstance(result, AnalyzeResult):
        raise _analyze_error(
            f"Failed to evaluate the user-defined table function '{udtf._name}' because the static 'analyze' "
            "method expects a result of type pyspark.sql.udtf.AnalyzeResult, but instead this method returned "
            f"a value of type: {type(result)}"
        )
    if not isinstance(result.schema, T.StructType):
        raise _analyze_error(
            f"Failed to evaluate the user-defined table function '{udtf._name}' because the static 'analyze' "
            "method expects a result of type pyspark.sql.udtf.AnalyzeResult with a 'schema' field comprising "
            f"a StructType, but the 'schema' field had the wrong type: {type(result.schema)}"
        )
    if table is None and result.partitionBy:
        raise _analyze_error(
            f"Failed to evaluate the user-defined table function '{udtf._name}' because the static 'analyze' "
            "method returned an 'AnalyzeResult' object with the 'partitionBy' list set to non-empty, but the "
            "function call did not provide any table argument. Please update the query so that it provides a "
            "table argument, or else update the table function so that its 'analyze' method returns an "
            "'AnalyzeResult' object with the 'partitionBy' list set to empty, and then try the query again."
        )
    return result


def _analyze_error(detail: str) -> AnalysisException:
    return AnalysisException(
        "[TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON] Failed to analyze the Python user defined "
        f"table function: {detail}",
        "TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON",
    )


def _constant(e: n.Expr) -> tuple[bool, Any]:
    """Whether `e` is a constant (no column, deterministic) and then its value."""
    e = tr.strip_alias(e)
    if isinstance(e, n.Literal):
        return True, e.value
    if tr.contains(e, n.Attribute) or tr.contains(e, n.UDFCall):
        return False, None
    try:
        import pyarrow as pa

        from engine.compute.context import EvalContext
        from engine.compute.expr_eval import evaluate_array

        one = pa.RecordBatch.from_pydict({"__one": [0]})
        return True, evaluate_array(e, one, EvalContext())[0].as_py()
    except Exception:  # noqa: BLE001 - not computable now: ``analyze`` sees no value
        return False, None


def _apply_analyze(
    udtf: Any, result: Any, table: TableArgument, source: LogicalPlan, pos: list[n.Expr], named: dict[str, n.Expr],
    args: list[Arg], kwargs: dict[str, Arg], cs: bool, parse: Callable[[str], n.Expr],
) -> tuple[tuple[n.Expr, ...], tuple[n.SortOrder, ...], bool, LogicalPlan, list[n.Expr], dict[str, n.Expr]]:
    """The table's layout as ``analyze`` asked: its partitioning and ordering, and the columns
    (`select`) that the TABLE argument's rows carry."""
    asked = bool(result.partitionBy) or bool(result.withSinglePartition)
    if asked and (table.partition_by or table.single):
        raise AnalysisException(
            "[TABLE_VALUED_FUNCTION_REQUIRED_METADATA_INCOMPATIBLE_WITH_CALL] Failed to evaluate the table "
            f"function {udtf._name} because its table metadata specified its own required partitioning of the "
            "input table, but the function call specified the WITH SINGLE PARTITION or PARTITION BY clause; "
            "please remove these clauses and retry the query again..",
            "TABLE_VALUED_FUNCTION_REQUIRED_METADATA_INCOMPATIBLE_WITH_CALL",
        )
    partition_by = tuple(parse(p.name) for p in result.partitionBy) or table.partition_by
    order_by = tuple(
        n.SortOrder(parse(o.name), o.ascending, o.overrideNullsFirst) for o in result.orderBy
    ) or table.order_by
    single = bool(result.withSinglePartition) or table.single
    if result.select:
        from engine.logical.builder import project

        # the rows carry the selected columns only; the layout keys read the table's own columns,
        # so they are computed alongside under hidden names
        chosen = [n.Alias(parse(s.name), s.alias) if s.alias else parse(s.name) for s in result.select]
        keys = [n.Alias(k, f"__udtf_key{i}") for i, k in enumerate(partition_by)]
        sorts = [n.Alias(o.child, f"__udtf_sort{i}") for i, o in enumerate(order_by)]
        source = project(source, [*chosen, *keys, *sorts], cs)
        attrs = output(source)
        row = resolve(n.UnresolvedFunction("struct", attrs[: len(chosen)]), Scope(attrs, cs))
        partition_by = attrs[len(chosen) : len(chosen) + len(keys)]
        order_by = tuple(
            n.SortOrder(a, o.ascending, o.nulls_first) for a, o in zip(attrs[len(chosen) + len(keys) :], order_by)
        )
        pos = [row if isinstance(a, TableArgument) else e for a, e in zip(args, pos)]
        named = {k: row if isinstance(kwargs[k], TableArgument) else named[k] for k in named}
    return partition_by, order_by, single, source, pos, named
