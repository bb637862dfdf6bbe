"""A job's stage DAG and physical plan as plain data, for the job_start event and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.logical.display import draw_tree
from engine.physical import nodes as P
from engine.physical.display import Node, PlanView, exchange_string
from engine.physical.planner import op_children
from engine.runtime.task_metrics import operator_children


def describe_stages(stages: list[P.Stage]) -> list[dict[str, Any]]:
    """Each stage: its id, display number, tasks, parents, fused operators and outgoing exchange."""
    view = PlanView(stages)
    final = stages[-1].id
    return [
        {
            "stage_id": s.id,
            "number": view.number[s.id],
            "description": s.description,
            "num_tasks": s.num_partitions,
            "parents": list(s.parents),
            "operators": _operators(view, s),
            "exchange": None if s.id == final else exchange_string(s),
        }
        for s in stages
    ]


def _operators(view: PlanView, stage: P.Stage) -> list[dict[str, Any]]:
    """The stage's pipeline from its sources up to its root: short name, full label, and
    `index`, the operator's pre-order position that its runtime metrics are listed by."""
    out: list[dict[str, Any]] = []
    kids = operator_children(stage.root)

    def walk(op: Any, at: int) -> None:
        if isinstance(op, P.ExchangeRead):
            number = view.number.get(op.stage_id, op.stage_id)
            out.append({"name": "ExchangeRead", "detail": f"reads stage {number} ({op.mode})", "index": at})
            return
        for child, pos in zip(op_children(op), kids[at]):
            walk(child, pos)
        detail = view.op_string(Node(op, view.number[stage.id], op is stage.root))
        out.append({"name": short_name(detail), "detail": detail, "index": at})

    walk(stage.root, 0)
    return out


def short_name(label: str) -> str:
    """``HashAggregate(keys=[...])`` -> ``HashAggregate``; ``Scan parquet [..]`` -> ``Scan parquet``."""
    if label.startswith("Scan "):
        return " ".join(label.split(" ", 2)[:2])
    for sep in ("(", " [", " "):
        label = label.split(sep, 1)[0]
    return label


@dataclass(frozen=True)
class _Placed:
    """A drawn plan node with its operator's pre-order position in its stage (see `operator_children`)."""

    node: Node
    index: int


def plan_lines(stages: list[P.Stage]) -> list[dict[str, Any]]:
    """The physical plan tree line by line, each naming what its runtime metrics are.

    `stage` names the stage whose output the line is (an exchange, the result), else None;
    `operator` is ``[stage_id, index]`` of the operator the line draws (None for an
    exchange). The UI and ``explain("analyze")`` print actual rows and time there.
    """
    view = PlanView(stages)
    kids = {s.id: operator_children(s.root) for s in stages}
    marks: list[tuple[int | None, list[int] | None]] = []

    def label(placed: _Placed) -> str:
        node = placed.node
        if isinstance(node.op, P.Stage):
            marks.append((node.op.id, None))
        else:
            sid = view.by_number[node.stage].id
            final = node.is_root and view.by_number[node.stage] is view.final
            marks.append((sid if final else None, [sid, placed.index]))
        return view.label(node)

    def children(placed: _Placed) -> list[_Placed]:
        node = placed.node
        if isinstance(node.op, (P.Stage, P.ExchangeRead)):  # onto the producing stage's root
            return [_Placed(child, 0) for child in view.children(node)]
        positions = kids[view.by_number[node.stage].id][placed.index]
        return [_Placed(child, pos) for child, pos in zip(view.children(node), positions)]

    lines: list[str] = []
    draw_tree(_Placed(view.root(), 0), label, children, lines)
    return [{"text": text, "stage": stage, "operator": op} for text, (stage, op) in zip(lines, marks)]
