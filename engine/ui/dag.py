"""A job's stage DAG as inline SVG: stages as boxes listing their operators, exchanges as labelled edges."""

from __future__ import annotations

from html import escape
from typing import Any

NODE_W = 230
LINE_H = 16
HEAD_H = 40
GAP_X = 90
GAP_Y = 28
PAD = 16


def layers(stages: dict[int, dict[str, Any]]) -> dict[int, int]:
    """Each stage's column: one past its deepest parent, so every edge points right."""
    depth: dict[int, int] = {}

    def of(sid: int) -> int:
        if sid not in depth:
            parents = [p for p in stages[sid]["parents"] if p in stages]
            depth[sid] = 1 + max((of(p) for p in parents), default=-1)
        return depth[sid]

    for sid in stages:
        of(sid)
    return depth


def node_height(stage: dict[str, Any]) -> int:
    return HEAD_H + LINE_H * len(stage["operators"]) + 8


def layout(stages: dict[int, dict[str, Any]]) -> tuple[dict[int, tuple[int, int]], int, int]:
    """Top-left corner of each stage box, and the drawing's width and height."""
    depth = layers(stages)
    columns: dict[int, list[int]] = {}
    for sid in sorted(stages, key=lambda s: stages[s]["number"]):
        columns.setdefault(depth[sid], []).append(sid)
    pos: dict[int, tuple[int, int]] = {}
    height = 0
    for col, sids in columns.items():
        y = PAD
        for sid in sids:
            pos[sid] = (PAD + col * (NODE_W + GAP_X), y)
            y += node_height(stages[sid]) + GAP_Y
        height = max(height, y)
    width = PAD * 2 + len(columns) * NODE_W + max(0, len(columns) - 1) * GAP_X
    return pos, width, height + PAD - GAP_Y


def stage_state(stage: dict[str, Any]) -> str:
    """The CSS class of a stage box: failed, retried (resubmitted or had failed tasks), complete, running, pending."""
    if stage["status"] == "failed":
        return "failed"
    if stage.get("attempt", 0) > 0 or stage["metrics"].get("failed", 0) > 0:
        return "retried"
    return stage["status"]


def exchange_label(exchange: str | None) -> str:
    """``Exchange hashpartitioning(k#1, 8)`` -> ``hash (8)``: short enough for an edge."""
    if not exchange:
        return ""
    if exchange.startswith("BroadcastExchange"):
        return "broadcast"
    kind = exchange.removeprefix("Exchange ").split("(", 1)[0]
    kind = kind.replace("partitioning", "").replace("Partitioning", "").replace("SinglePartition", "single")
    parts = exchange.rstrip(")").rsplit(", ", 1)
    return f"{kind.lower()} ({parts[1]})" if len(parts) == 2 and parts[1].isdigit() else kind.lower()


def render_dag(job: dict[str, Any], href: str) -> str:
    """The SVG of `job`'s stages; each box links to ``href.format(stage_id)``."""
    stages: dict[int, dict[str, Any]] = job["stages"]
    if not stages:
        return "<p>No stages.</p>"
    pos, width, height = layout(stages)
    depth = layers(stages)
    skips = [
        (p, sid) for sid, s in stages.items() for p in s["parents"] if p in pos and depth[sid] - depth[p] > 1
    ]
    floor = height - PAD
    height += 22 * len(skips)
    out = [
        f'<svg class="dag" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="stage DAG">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ]
    for sid, stage in stages.items():
        for parent in stage["parents"]:
            if parent in pos and (parent, sid) not in skips:
                out.append(_edge(pos[parent], stages[parent], pos[sid], parent, sid))
    for i, (parent, sid) in enumerate(skips):
        out.append(
            _skip_edge(pos[parent], stages[parent], pos[sid], stages[sid], floor + 18 + 22 * i, (parent, sid))
        )
    for sid, stage in stages.items():
        out.append(_node(pos[sid], stage, href.format(sid)))
    out.append("</svg>")
    return "\n".join(out)


def _edge(src: tuple[int, int], parent: dict[str, Any], dst: tuple[int, int], pid: int, sid: int) -> str:
    x1, y1 = src[0] + NODE_W, src[1] + HEAD_H // 2
    x2, y2 = dst[0], dst[1] + HEAD_H // 2
    mid = (x1 + x2) // 2
    label = escape(exchange_label(parent["exchange"]))
    return (
        f'<g class="edge" data-from="{pid}" data-to="{sid}"><title>{escape(parent["exchange"] or "")}</title>'
        f'<path d="M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}" marker-end="url(#arrow)"/>'
        f'<text x="{mid}" y="{(y1 + y2) // 2 - 6}" text-anchor="middle">{label}</text></g>'
    )


def _skip_edge(
    src: tuple[int, int],
    parent: dict[str, Any],
    dst: tuple[int, int],
    child: dict[str, Any],
    floor: int,
    ids: tuple[int, int],
) -> str:
    """An edge that jumps over a column runs under every box, from the bottom of one to the bottom of the other."""
    x1, y1 = src[0] + NODE_W // 2, src[1] + node_height(parent)
    x2, y2 = dst[0] + NODE_W // 3, dst[1] + node_height(child)
    label = escape(exchange_label(parent["exchange"]))
    return (
        f'<g class="edge" data-from="{ids[0]}" data-to="{ids[1]}"><title>{escape(parent["exchange"] or "")}</title>'
        f'<path d="M {x1} {y1} C {x1} {floor}, {x1} {floor}, {x1 + 20} {floor} L {x2 - 20} {floor} '
        f'C {x2} {floor}, {x2} {floor}, {x2} {y2}" marker-end="url(#arrow)"/>'
        f'<text x="{(x1 + x2) // 2}" y="{floor - 4}" text-anchor="middle">{label}</text></g>'
    )


def _node(at: tuple[int, int], stage: dict[str, Any], link: str) -> str:
    x, y = at
    h = node_height(stage)
    state = stage_state(stage)
    m = stage["metrics"]
    head = f"Stage {stage['number']} · {m['succeeded']}/{stage['num_tasks']} tasks"
    sub = f"{state} · {m['rows_out']:,} rows" + (
        f" · attempt {stage['attempt'] + 1}" if stage.get("attempt") else ""
    )
    lines = [
        f'<a href="{escape(link)}"><g class="stage {state}" data-stage="{stage["stage_id"]}">',
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{h}" rx="6"/>',
        f'<text class="head" x="{x + 10}" y="{y + 17}">{escape(head)}</text>',
        f'<text class="sub" x="{x + 10}" y="{y + 32}">{escape(sub)}</text>',
    ]
    ops = m.get("operators") or []
    for i, op in enumerate(stage["operators"]):
        name = op["name"] if len(op["name"]) <= 22 else op["name"][:21] + "…"
        row_y = y + HEAD_H + 12 + i * LINE_H
        lines.append(
            f'<text class="op" x="{x + 14}" y="{row_y}"><title>{escape(op["detail"])}</title>{escape(name)}</text>'
        )
        if op.get("index", len(ops)) < len(ops):  # Spark's "number of output rows" of each operator
            rows = ops[op["index"]]["rows"]
            lines.append(
                f'<text class="op-rows" x="{x + NODE_W - 10}" y="{row_y}" text-anchor="end">{rows:,}</text>'
            )
    lines.append("</g></a>")
    return "".join(lines)
