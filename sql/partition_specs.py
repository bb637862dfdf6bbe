"""Partition specs in statements (``PARTITION (p = 'v', q)``): checking them against a table's
partition columns, and the rows a spec names, for INSERT ... PARTITION, TRUNCATE TABLE ...
PARTITION and ALTER TABLE ... DROP PARTITION."""

from __future__ import annotations

import os
import re
from typing import Any

from sqlglot import exp

from engine.api import catalog as C
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.io.write import partition_text
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output


def static_partitions(session: Any, name: str, spec: exp.Partition, q: Any) -> dict[str, n.Expr]:
    """``PARTITION (p = 'v', d)``: the partition columns given a value (lower-cased name -> value),
    each checked to be one of the table's partition columns as Spark checks them."""
    types = {f.name.lower(): f.dataType for f in C.partition_fields(session, name)}
    declared = set(types)
    static: dict[str, n.Expr] = {}
    for item in spec.expressions:
        column = item.this if isinstance(item, exp.EQ) else item
        if column.name.lower() not in declared:
            raise AnalysisException(
                f"[PARTITIONS_NOT_FOUND] The partition(s) `{column.name}` cannot be found in table "
                f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}.\nVerify the partition specification and "
                "table name.\nTo tolerate the error on drop use ALTER TABLE … DROP IF EXISTS PARTITION. SQLSTATE: 428FT",
                "PARTITIONS_NOT_FOUND",
            )
        if isinstance(item, exp.EQ):
            static[column.name.lower()] = _typed_value(session, q.expr(item.expression), types[column.name.lower()])
    return static


def _typed_value(session: Any, value: n.Expr, dtype: Any) -> n.Expr:
    """A spec's value as a literal of its partition column's type, as Spark makes it: the value's
    text cast to the type (``PARTITION (ts = '2024-07-01 00:00:00')`` of a TIMESTAMP column, in
    the session time zone; ``PARTITION (p = 2.7)`` of an INT column fails, '2.7' is no INT);
    anything but a (typed) literal is left for the caller to refuse."""
    from sql.relations import one_row

    if isinstance(value, n.Literal) and value.dtype == dtype:
        return value
    if not isinstance(value.child if isinstance(value, n.Cast) else value, n.Literal):
        return value
    from engine import types as T

    string = isinstance(value, n.Literal) and value.dtype == T.StringType()
    text = value if string else n.Cast(value, T.StringType())  # PARTITION (p = 2.7) is '2.7'
    table = session.execute(L.Project(one_row(), (n.Alias(n.Cast(text, dtype), "v"),)))
    return n.Literal(table.column(0)[0].as_py(), dtype)


def in_partition(table: LogicalPlan, static: dict[str, n.Expr]) -> n.Expr:
    """True for the rows of `table` in the partition `static` names (NULL values match NULL)."""
    return _conjunction([
        n.UnresolvedFunction("<=>", (a, n.Cast(static[a.name.lower()], a.dtype)))
        for a in output(table) if a.name.lower() in static
    ])  # fmt: skip


def rows_outside(session: Any, name: str, static: dict[str, n.Expr]) -> LogicalPlan:
    """The table's rows outside the partition `static` names, read now (they are written back)."""
    table = session.lookup_table(name)
    outside = B.filter_(table, n.UnresolvedFunction("not", (in_partition(table, static),)))
    plan: LogicalPlan = session.in_memory(session.execute(outside))
    return plan


def partition_has_rows(session: Any, name: str, static: dict[str, n.Expr]) -> bool:
    table = session.lookup_table(name)
    return bool(session.execute(L.Limit(B.filter_(table, in_partition(table, static)), 1)).num_rows)


def drop_partition(session: Any, name: str, static: dict[str, n.Expr], keep: bool = False) -> None:
    """``TRUNCATE TABLE t PARTITION (...)`` (`keep`: the partition stays, empty) / ``ALTER TABLE t
    DROP PARTITION (...)``: the rows of that partition go, the others stay, empty ones too."""
    from engine.api.dataframe import DataFrame

    listed = listed_partitions(session, name)
    C.insert_into(DataFrame(session, rows_outside(session, name, static)).write, name, True)
    dropped = None if keep else partition_dir(session, name, static)
    restore_partitions(session, name, [d for d in listed if d != dropped])


def restore_partitions(session: Any, name: str, listed: list[str]) -> None:
    """Partition directories `listed` (from before the table was rewritten) made again where the
    rewrite left them out: a partition without rows stays a partition, as in Spark."""
    root = C.table_path(session, name)
    for rel in listed:
        os.makedirs(os.path.join(root, rel), exist_ok=True)


def with_static_values(plan: LogicalPlan, table: LogicalPlan, static: dict[str, n.Expr], name: str) -> LogicalPlan:
    """The query's rows with the static partition values put in their columns: the query gives
    the table's other columns, in order."""
    given = iter(output(plan))
    rest = [a for a in output(table) if a.name.lower() not in static]
    if len(output(plan)) != len(rest):
        reason = "too many" if len(output(plan)) > len(rest) else "not enough"
        raise AnalysisException(
            f"[INSERT_PARTITION_COLUMN_ARITY_MISMATCH] Cannot write to "
            f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}, the reason is {reason} data columns:\n"
            f"Table columns: {', '.join(f'`{a.name}`' for a in rest)}.\n"
            f"Partition columns with static values: {', '.join(f'`{k}`' for k in static)}.\n"
            f"Data columns: {', '.join(f'`{a.name}`' for a in output(plan))}. SQLSTATE: 21S01",
            "INSERT_PARTITION_COLUMN_ARITY_MISMATCH",
        )
    return B.project(plan, [
        n.Alias(static[a.name.lower()], a.name) if a.name.lower() in static else next(given) for a in output(table)
    ])  # fmt: skip


def _conjunction(terms: list[n.Expr]) -> n.Expr:
    out = terms[0]
    for t in terms[1:]:
        out = n.UnresolvedFunction("and", (out, t))
    return out


# characters Hive escapes (as %XX) in a partition directory's name, so in SHOW PARTITIONS;
# "%" first, since its escape brings in "%"s that must stay
PATH_ESCAPED = "%" + "".join(chr(c) for c in range(1, 32)) + '"#\'*/:=?\\\x7f{[]^'
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


def partition_dir(session: Any, name: str, static: dict[str, n.Expr]) -> str:
    """The directory (relative to the table's) of the partition a whole spec names:
    ``dt=a b%2Fc/x=1``, each value as text, Hive-escaped."""
    return "/".join(spec_pieces(session, name, static))


def spec_pieces(session: Any, name: str, static: dict[str, n.Expr]) -> list[str]:
    """The ``k=v`` directory names of the partition columns a spec gives, in the table's order."""
    pieces = []
    for f in C.partition_fields(session, name):
        if f.name.lower() not in static:
            continue
        value = static[f.name.lower()]
        if not isinstance(value, n.Literal):
            raise AnalysisException(f"A partition value must be a literal, got {value}.")
        text = partition_text(value.value, session.conf.get("spark.sql.session.timeZone") or "UTC")
        text = NULL_PARTITION if text is None else text
        if value.value is not None:
            for ch in PATH_ESCAPED:
                text = text.replace(ch, f"%{ord(ch):02X}")
        pieces.append(f"{f.name}={text}")
    return pieces


def listed_partitions(session: Any, name: str) -> list[str]:
    """The partition directories the table has (an empty partition's too), as ``k=v/k2=v2``."""
    root = C.table_path(session, name)
    found = [""]
    for f in C.partition_fields(session, name):
        level = re.compile(re.escape(f.name) + "=", re.I)
        found = [
            os.path.join(rel, d) for rel in found
            for d in sorted(os.listdir(os.path.join(root, rel))) if level.match(d) and os.path.isdir(os.path.join(root, rel, d))
        ]  # fmt: skip
    return [rel for rel in found if rel]


def whole_spec(session: Any, name: str, static: dict[str, n.Expr]) -> None:
    """Spark's error for an ADD PARTITION spec that does not name every partition column."""
    declared = [f.name for f in C.partition_fields(session, name)]
    if {k.lower() for k in static} != {d.lower() for d in declared}:
        raise AnalysisException(
            f"Partition spec is invalid. The spec ({', '.join(static)}) must match the partition spec "
            f"({', '.join(declared)}) defined in table '{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}'.",
            "_LEGACY_ERROR_TEMP_1232",
        )
