"""A job's stage DAG and physical plan as plain data, for the job_start event and the UI."""

from __future__ import annotations

from typing import Any

from engine.logical.display import draw_tree
from engine.physical import nodes as P
from engine.physical.display import Node, PlanView, exchange_string
from engine.physical.planner import op_children


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


def _operators(view: PlanView, stage: P.Stage) -> list[dict[str, str]]:
    """The stage's pipeline from its sources up to its root, as (short name, full label) pairs."""
    out: list[dict[str, str]] = []

    def walk(op: Any) -> None:
        if isinstance(op, P.ExchangeRead):
            number = view.number.get(op.stage_id, op.stage_id)
            out.append({"name": "ExchangeRead", "detail": f"reads stage {number} ({op.mode})"})
            return
        for child in op_children(op):
            walk(child)
        detail = view.op_string(Node(op, view.number[stage.id], op is stage.root))
        out.append({"name": short_name(detail), "detail": detail})

    walk(stage.root)
    return out


def short_name(label: str) -> str:
    """``HashAggregate(keys=[...])`` -> ``HashAggregate``; ``Scan parquet [..]`` -> ``Scan parquet``."""
    if label.startswith("Scan "):
        return " ".join(label.split(" ", 2)[:2])
    for sep in ("(", " [", " "):
        label = label.split(sep, 1)[0]
    return label


def plan_lines(stages: list[P.Stage]) -> list[dict[str, Any]]:
    """The physical plan tree line by line; a line that ends a stage (an exchange, the result) names it.

    The UI and ``explain(mode="runtime")`` print the stage's actual rows and task time there.
    """
    view = PlanView(stages)
    marks: list[int | None] = []

    def label(node: Node) -> str:
        if isinstance(node.op, P.Stage):
            marks.append(node.op.id)
        elif node.is_root and view.by_number[node.stage] is view.final:
            marks.append(view.final.id)
        else:
            marks.append(None)
        return view.label(node)

    lines: list[str] = []
    draw_tree(view.root(), label, view.children, lines)
    return [{"text": text, "stage": mark} for text, mark in zip(lines, marks)]
