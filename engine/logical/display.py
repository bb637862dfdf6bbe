"""Plan trees as text, the way Spark's ``explain`` prints them (columns as ``name#id``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from engine.expr import nodes as n
from engine.expr.display import call_sql, frame_sql, literal_sql, type_sql
from engine.expr.nodes import Expr
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output

_JOIN_NAMES = {
    "inner": "Inner", "cross": "Cross", "left": "LeftOuter", "right": "RightOuter", "full": "FullOuter",
    "left_semi": "LeftSemi", "left_anti": "LeftAnti",
}  # fmt: skip


def expr_string(e: Expr) -> str:
    """`e` as Spark prints it inside a plan: ``(k#1 > 1)``, ``sum(v#2) AS t#5``."""
    match e:
        case n.Attribute(name=name, id=i):
            return f"{name}#{i}"
        case n.Alias(child=c, name=name, id=i):
            return f"{expr_string(c)} AS {name}#{i}"
        case n.Literal(value=v) if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        case n.Literal():
            return literal_sql(e)
        case n.Cast(child=c, to=to, safe=safe):
            return f"{'try_cast' if safe else 'cast'}({expr_string(c)} as {type_sql(to).lower()})"
        case n.CaseWhen(branches=branches, otherwise=other):
            parts = [f"WHEN {expr_string(c)} THEN {expr_string(v)}" for c, v in branches]
            tail = f" ELSE {expr_string(other)}" if other is not None else ""
            return f"CASE {' '.join(parts)}{tail} END"
        case n.SortOrder(child=c, ascending=asc):
            nulls = "NULLS FIRST" if e.nulls_are_first else "NULLS LAST"
            return f"{expr_string(c)} {'ASC' if asc else 'DESC'} {nulls}"
        case n.WindowExpr(function=f, spec=spec):
            parts = []
            if spec.partition_by:
                parts.append("PARTITION BY " + ", ".join(map(expr_string, spec.partition_by)))
            if spec.order_by:
                parts.append("ORDER BY " + ", ".join(map(expr_string, spec.order_by)))
            if spec.frame is not None:
                parts.append(frame_sql(spec.frame))
            return f"{expr_string(f)} OVER ({' '.join(parts)})"
        case n.AggCall(name=name, args=args, distinct=distinct, filter=flt):
            text = call_sql(name, [expr_string(a) for a in args], distinct)
            return f"{text} FILTER (WHERE {expr_string(flt)})" if flt is not None else text
        case n.Call(name=name, args=args):
            return call_sql(name, [expr_string(a) for a in args], False)
        case n.UDFCall(name=name, args=args):
            return f"{name}({', '.join(map(expr_string, args))})"
        case n.ScalarSubquery():
            return "scalar-subquery"
        case n.LambdaVar(name=name, id=i):
            return f"lambda {name}#{i}"
        case n.Lambda(params=params, body=body):
            return f"lambdafunction({expr_string(body)}, {', '.join(map(expr_string, params))})"
        case _:
            from engine.expr.display import sql_name

            return sql_name(e)


def exprs_string(es: Sequence[Expr]) -> str:
    """A bracketed, comma-separated list: ``[k#1, (v#2 * 2.0) AS w#3]``."""
    return "[" + ", ".join(expr_string(e) for e in es) + "]"


def node_string(plan: LogicalPlan) -> str:  # noqa: C901 - one line per operator
    """The one-line description of `plan`'s top node."""
    match plan:
        case L.FileScan(source=src, attrs=attrs, filters=filters):
            text = f"Relation {exprs_string(attrs).replace(', ', ',')} {getattr(src, 'format', 'files')}"
            return text + (f", PushedFilters: {exprs_string(filters)}" if filters else "")
        case L.InMemory(attrs=attrs, partitions=parts):
            empty = "<empty>, " if all(t.num_rows == 0 for t in parts) else ""
            return f"LocalRelation {empty}{exprs_string(attrs)}"
        case L.Range(start=s, end=e, step=st, num_partitions=p):
            return f"Range ({s}, {e}, step={st}, splits=Some({p}))"
        case L.Project(exprs=exprs):
            return f"Project {exprs_string(exprs)}"
        case L.Filter(condition=c):
            return f"Filter {expr_string(c)}"
        case L.Aggregate(groupings=g, outputs=o, grouping_sets=sets):
            extra = f", groupingSets={[list(s) for s in sets]}" if sets is not None else ""
            return f"Aggregate {exprs_string(g)}, {exprs_string(o)}{extra}"
        case L.Join(how=how, condition=c, hint=hint):
            text = f"Join {_JOIN_NAMES.get(how, how)}"
            text += f", {expr_string(c)}" if c is not None else ""
            return text + (f", {hint.replace('_', 'Hint=(strategy=', 1)})" if hint else "")
        case L.Sort(order=o, is_global=g):
            return f"Sort {exprs_string(o)}, {str(g).lower()}"
        case L.Limit(n=k, offset=off):
            if off and k is None:
                return f"Offset {off}"
            return f"GlobalLimit {k}" + (f", offset {off}" if off else "")
        case L.Union():
            return "Union false, false"
        case L.SetOp(kind=kind, all=all_):
            return f"{kind.capitalize()} {str(all_).lower()}"
        case L.Distinct():
            return "Distinct"
        case L.Deduplicate(keys=keys):
            return f"Deduplicate {exprs_string(keys)}"
        case L.Repartition(num_partitions=p, keys=keys, kind=kind):
            if kind in ("hash", "range", "direct"):
                return f"RepartitionByExpression {exprs_string(keys)}, {p}"
            return f"Repartition {p}, {str(kind != 'coalesce').lower()}"
        case L.Window(exprs=e, partition_by=pb, order_by=ob):
            return f"Window {exprs_string(e)}, {exprs_string(pb)}, {exprs_string(ob)}"
        case L.Generate(generator=g, generated=gen, outer=outer):
            return f"Generate {expr_string(g)}, {str(outer).lower()}, {exprs_string(gen)}"
        case L.SubqueryAlias(alias=alias):
            return f"SubqueryAlias {alias}"
        case L.Sample(fraction=f, with_replacement=w, seed=s):
            return f"Sample 0.0, {f}, {str(w).lower()}, {s}"
        case L.Hint(name=name):
            return f"ResolvedHint (strategy={name})"
        case L.Cached(input=i, cache_id=cid):
            return f"InMemoryRelation {exprs_string(output(i))}, cache_id={cid}"
        case _:
            return type(plan).__name__


def tree_string(plan: LogicalPlan, annotate: Callable[[LogicalPlan], str] | None = None) -> str:
    """The whole plan, one node per line, children under ``+-`` / ``:-`` as Spark draws them.

    `annotate` adds text after each node (``explain("cost")`` adds size estimates).
    """
    lines: list[str] = []
    draw_tree(plan, lambda p: node_string(p) + (annotate(p) if annotate else ""), L.children, lines)
    return "\n".join(lines)


def draw_tree(
    node: Any,
    label: Callable[[Any], str],
    kids: Callable[[Any], Sequence[Any]],
    lines: list[str],
    prefix: str = "",
    connector: str = "",
) -> None:
    """Appends `node` and its subtree to `lines`; the last child is ``+-``, the others ``:-``."""
    lines.append(prefix + connector + label(node))
    children = list(kids(node))
    inner = prefix + ("   " if connector == "+- " else ":  " if connector == ":- " else "")
    for i, child in enumerate(children):
        draw_tree(child, label, kids, lines, inner, "+- " if i == len(children) - 1 else ":- ")
