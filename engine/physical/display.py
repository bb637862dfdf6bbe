"""Physical plans as text: the stage DAG drawn as one operator tree with its exchanges, as Spark does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.logical.conditions import split_conjuncts
from engine.logical.display import draw_tree, expr_string, exprs_string
from engine.logical.nodes import to_attribute
from engine.physical import nodes as P
from engine.physical.planner import op_children

_JOIN_NAMES = {
    "inner": "Inner", "cross": "Cross", "left": "LeftOuter", "right": "RightOuter", "full": "FullOuter",
    "left_semi": "LeftSemi", "left_anti": "LeftAnti",
}  # fmt: skip


@dataclass(frozen=True)
class Node:
    """One line of the drawn plan: an operator of stage `stage`, or the exchange that ends `stage`."""

    op: Any  # a PhysicalOp, or a Stage for an exchange
    stage: int  # display number of the stage (1, 2, ... in planning order)
    is_root: bool = False  # the operator that produces the stage's output


class PlanView:
    """The stages of one job seen as a tree: an `ExchangeRead` opens onto the stage it reads."""

    def __init__(self, stages: list[P.Stage]) -> None:
        self.stages = {s.id: s for s in stages}
        self.number = {s.id: i + 1 for i, s in enumerate(stages)}
        self.by_number = {i + 1: s for i, s in enumerate(stages)}
        self.final = stages[-1]
        self.scan_filters: dict[int, list[n.Expr]] = {}
        for s in stages:
            self._collect_scan_filters(s.root)

    def root(self) -> Node:
        return self._node(self.final.root, self.number[self.final.id], True)

    def _node(self, op: Any, stage: int, is_root: bool = False) -> Node:
        """A shuffle or broadcast read is drawn as the exchange that feeds it."""
        if isinstance(op, P.ExchangeRead) and op.mode != "identity":
            producer = self.stages[op.stage_id]
            return Node(producer, self.number[producer.id])
        return Node(op, stage, is_root)

    def children(self, node: Node) -> list[Node]:
        if isinstance(node.op, P.Stage):
            return [Node(node.op.root, self.number[node.op.id], True)]
        if isinstance(node.op, P.ExchangeRead):
            producer = self.stages[node.op.stage_id]
            return [Node(producer.root, self.number[producer.id], True)]
        return [self._node(c, node.stage) for c in op_children(node.op)]

    def label(self, node: Node) -> str:
        if isinstance(node.op, P.Stage):
            return exchange_string(node.op)
        if isinstance(node.op, P.ExchangeRead):
            return f"InMemoryTableScan [{', '.join(self.output(node))}]"
        return f"*({node.stage}) {self.op_string(node)}"

    def op_string(self, node: Node) -> str:  # noqa: C901 - one line per operator
        op = node.op
        match op:
            case P.ScanExec(source=src, keys=keys):
                text = f"Scan {getattr(src, 'format', 'files')} [{','.join(keys)}]"
                pushed, part = self.split_scan_filters(op)
                return (
                    text + f" PushedFilters: {exprs_string(pushed)}, PartitionFilters: {exprs_string(part)}"
                )
            case P.MemoryExec(partitions=parts):
                cols = parts[0].column_names if parts else []
                return f"LocalTableScan [{', '.join(cols)}]"
            case P.RangeExec(start=s, end=e, step=st, num_partitions=p):
                return f"Range ({s}, {e}, step={st}, splits={p})"
            case P.ProjectExec(exprs=exprs, keep_input=keep):
                return f"Project {exprs_string(exprs)}" + (" (appended to input)" if keep else "")
            case P.FilterExec(condition=c):
                return f"Filter {expr_string(c)}"
            case P.HashAggregateExec(keys=keys, specs=specs, mode=mode):
                prefix = "partial_" if mode == "partial" else ""
                funcs = ", ".join(f"{prefix}{_agg_string(s)}" for s in specs)
                return f"HashAggregate(keys=[{', '.join(keys)}], functions=[{funcs}])"
            case P.HashJoinExec(left=l, how=how, left_keys=lk, right_keys=rk, residual=res, probe_filter=pf):
                kind = "Broadcast" if self._broadcast(op) else "Shuffled"
                build = "BuildLeft" if isinstance(l, P.ExchangeRead) and l.mode == "all" else "BuildRight"
                text = f"{kind}HashJoin [{', '.join(lk)}], [{', '.join(rk)}], {_JOIN_NAMES.get(how, how)}, {build}"
                text += f", {expr_string(res)}" if res is not None else ""
                return text + (f", ProbeFilter {expr_string(pf)}" if pf is not None else "")
            case P.NestedLoopJoinExec(left=l, how=how, condition=c):
                build = "BuildLeft" if isinstance(l, P.ExchangeRead) and l.mode == "all" else "BuildRight"
                text = f"BroadcastNestedLoopJoin {build}, {_JOIN_NAMES.get(how, how)}"
                return text + (f", {expr_string(c)}" if c is not None else "")
            case P.SortExec(order=o, limit=k):
                if k is not None:
                    return f"TakeOrdered(limit={k}, orderBy={exprs_string(o)})"
                return f"Sort {exprs_string(o)}"
            case P.LimitExec(n=k, offset=off):
                name = "LocalLimit" if node.is_root and self._feeds_exchange(node) else "GlobalLimit"
                return f"{name} {k}" + (f", offset {off}" if off else "")
            case P.UnionExec():
                return "Union"
            case P.CoalesceExec(num_partitions=p):
                return f"Coalesce {p}"
            case P.WindowExec(exprs=e, partition_by=pb, order_by=ob):
                return f"Window {exprs_string(e)}, {exprs_string(pb)}, {exprs_string(ob)}"
            case P.GenerateExec(generator=g, keys=keys, outer=outer):
                return f"Generate {expr_string(g)}, [{', '.join(keys)}], outer={str(outer).lower()}"
            case P.SampleExec(fraction=f, with_replacement=w, seed=s):
                return f"Sample {f}, {str(w).lower()}, {s}"
            case P.DistinctExec(keys=keys):
                return f"Deduplicate [{', '.join(keys)}]"
            case P.DistinctKeysExec(key=key):
                return f"DistinctKeys [{key}]"
            case P.SetOpExec(kind=kind, all=all_):
                return f"{kind.capitalize()}{'All' if all_ else ''}"
            case _:
                return type(op).__name__

    def _broadcast(self, op: P.HashJoinExec) -> bool:
        return any(isinstance(s, P.ExchangeRead) and s.mode == "all" for s in (op.left, op.right))

    def _feeds_exchange(self, node: Node) -> bool:
        return self.by_number[node.stage] is not self.final

    # ------------------------------------------------------------------ scans and columns
    def _collect_scan_filters(self, op: Any) -> None:
        chain: list[n.Expr] = []
        below = op
        while isinstance(below, P.FilterExec):
            chain.extend(reversed(split_conjuncts(below.condition)))
            below = below.child
        if isinstance(below, P.ScanExec) and chain:  # a scan two stages share is drawn with its filters once
            known = self.scan_filters.setdefault(id(below), [])
            known[:0] = [f for f in reversed(chain) if f not in known]
        for c in op_children(below):
            self._collect_scan_filters(c)

    def split_scan_filters(self, scan: P.ScanExec) -> tuple[list[n.Expr], list[n.Expr]]:
        """(data filters pyarrow also checks, filters on partition columns only) of a scan."""
        from engine.physical.pushdown import to_arrow_predicate

        parts = set(getattr(scan.source, "partition_names", ()))
        by_key = dict(zip(scan.keys, scan.columns))
        pushed: list[n.Expr] = []
        partition: list[n.Expr] = []
        # the filter above the scan, or the scan's own condition when a join's lookup went first
        for f in self.scan_filters.get(id(scan)) or split_conjuncts(scan.condition):
            attrs = tr.attributes(f)
            cols = [by_key.get(a.key) for a in attrs]
            if attrs and all(c in parts for c in cols):
                partition.append(f)
            elif to_arrow_predicate((f,), tuple(attrs), tuple(c or "" for c in cols)) is not None:
                pushed.append(f)
        return pushed, partition

    def output(self, node: Node) -> list[str]:  # noqa: C901 - one case per operator
        """The column keys `node` produces."""
        op = node.op
        match op:
            case P.Stage():
                return self.output(Node(op.root, node.stage))
            case P.ExchangeRead(stage_id=s):
                return self.output(Node(self.stages[s].root, self.number[s]))
            case P.ScanExec(keys=keys):
                return list(keys)
            case P.MemoryExec(partitions=parts):
                return list(parts[0].column_names) if parts else []
            case P.RangeExec(key=key):
                return [key]
            case P.ProjectExec(child=c, exprs=exprs, keep_input=keep):
                mine = [to_attribute(e).key for e in exprs]
                return (self.output(Node(c, node.stage)) if keep else []) + mine
            case P.HashAggregateExec(keys=keys, specs=specs):
                return [*keys, *(s.out_key for s in specs)]
            case (
                P.HashJoinExec(how=how, left_out=lo, right_out=ro)
                | P.NestedLoopJoinExec(how=how, left_out=lo, right_out=ro)
            ):
                return list(lo) if how in ("left_semi", "left_anti") else [*lo, *ro]
            case P.UnionExec(keys=keys):
                return list(keys)
            case P.WindowExec(child=c, exprs=exprs):
                return self.output(Node(c, node.stage)) + [to_attribute(e).key for e in exprs]
            case P.GenerateExec(child=c, keys=keys):
                return self.output(Node(c, node.stage)) + list(keys)
            case P.SetOpExec(left_keys=keys):
                return list(keys)
            case P.CachedRead():
                return []
            case _:
                return self.output(Node(op_children(op)[0], node.stage))


def exchange_string(stage: P.Stage) -> str:
    """How the exchange that ends `stage` prints: ``Exchange hashpartitioning(k#1, 8)``."""
    match stage.output:
        case P.HashOut(keys=keys, num_partitions=p):
            return f"Exchange hashpartitioning({', '.join(keys)}, {p})"
        case P.RangeOut(order=o, num_partitions=p):
            return f"Exchange rangepartitioning({', '.join(expr_string(x) for x in o)}, {p})"
        case P.RoundRobinOut(num_partitions=p):
            return f"Exchange RoundRobinPartitioning({p})"
        case P.DirectOut(key=key, num_partitions=p):
            return f"Exchange shufflepartitionidpassthrough({key}, {p})"
        case P.SingleOut():
            return "Exchange SinglePartition"
        case P.BroadcastOut():
            return "BroadcastExchange"
        case _:
            return f"Exchange {type(stage.output).__name__}"


def _agg_string(spec: Any) -> str:
    call = spec.call
    args = ", ".join(spec.arg_keys) if spec.arg_keys else ""
    distinct = "DISTINCT " if call.distinct else ""
    return f"{call.name}({distinct}{args})"


def physical_tree(stages: list[P.Stage]) -> str:
    """The job's operators as one tree, from the final stage down through every exchange."""
    view = PlanView(stages)
    lines: list[str] = []
    draw_tree(view.root(), view.label, view.children, lines)
    return "\n".join(lines)


def stage_list(stages: list[P.Stage]) -> str:
    """Each stage on its own: its number, partitions, output and pipeline (``explain("codegen")``)."""
    view = PlanView(stages)
    out = [f"Found {len(stages)} stages."]
    for s in stages:
        parents = ", ".join(str(view.number[p]) for p in s.parents) or "none"
        out.append(
            f"\n== Stage {view.number[s.id]} ({s.description or 'stage'}): {s.num_partitions} tasks, "
            f"reads stages [{parents}], writes {type(s.output).__name__} =="
        )
        lines: list[str] = []
        leaf = lambda node: [] if isinstance(node.op, P.ExchangeRead) else view.children(node)  # noqa: E731
        label = lambda node: (  # noqa: E731
            f"ExchangeRead stage {view.number[node.op.stage_id]} ({node.op.mode})"
            if isinstance(node.op, P.ExchangeRead)
            else view.op_string(node)
        )
        draw_tree(Node(s.root, view.number[s.id], True), label, leaf, lines)
        out.extend(lines)
    return "\n".join(out)
