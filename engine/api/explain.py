"""``DataFrame.explain``: the plans of a query as text, in PySpark's five modes."""

from __future__ import annotations

import re
from typing import Any

from engine.errors import IllegalArgumentException, PySparkTypeError, PySparkValueError
from engine.logical.display import draw_tree, tree_string
from engine.logical.nodes import LogicalPlan, output
from engine.physical.display import Node, PlanView, physical_tree, stage_list

MODES = ("simple", "extended", "codegen", "cost", "formatted", "analyze")  # analyze: engine's own


def explain_mode(extended: Any = None, mode: Any = None) -> str:
    """The mode PySpark's ``explain(extended, mode)`` arguments ask for."""
    if extended is not None and mode is not None:
        raise PySparkValueError(
            "[CANNOT_SET_TOGETHER] extended and mode should not be set together.", "CANNOT_SET_TOGETHER"
        )
    if extended is not None and not isinstance(extended, (bool, str)):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `extended` should be a bool or str, got {type(extended).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    if mode is not None and not isinstance(mode, str):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `mode` should be a str, got {type(mode).__name__}.",
            "NOT_EXPECTED_TYPE",
        )
    if isinstance(extended, bool):
        chosen = "extended" if extended else "simple"
    else:
        chosen = extended or mode or "simple"
    if chosen.lower() not in MODES:
        raise IllegalArgumentException(
            f"Unknown explain mode: {chosen}. Accepted explain modes are 'simple', 'extended', "
            "'codegen', 'cost', 'formatted'."
        )
    return chosen.lower()


def explain_string(df: Any, extended: Any = None, mode: Any = None) -> str:
    """What ``df.explain(extended, mode)`` prints (without the trailing newline)."""
    from engine.api.execution import optimized_plan, physical_stages

    chosen = explain_mode(extended, mode)
    if chosen == "analyze":
        from engine.ui.runtime_explain import analyze_string

        return analyze_string(df)
    session, plan = df._session, df._plan
    _, stages = physical_stages(session, plan)
    physical = physical_tree(stages)
    if chosen in ("simple", "extended", "cost") and session.conf.get_bool("spark.sql.adaptive.enabled", True):
        physical = under_adaptive_root(physical)
    if chosen == "simple":
        return f"== Physical Plan ==\n{physical}\n"
    if chosen == "formatted":
        return f"== Physical Plan ==\n{formatted(stages)}"
    if chosen == "codegen":
        return stage_list(stages) + "\n"
    optimized = optimized_plan(session, plan)
    if chosen == "cost":
        return f"== Optimized Logical Plan ==\n{tree_string(optimized, _statistics)}\n\n== Physical Plan ==\n{physical}\n"
    schema = ", ".join(f"{a.name}: {a.dtype.simpleString()}" for a in output(plan))
    return (
        f"== Parsed Logical Plan ==\n{tree_string(plan)}\n\n"
        f"== Analyzed Logical Plan ==\n{schema}\n{tree_string(plan)}\n\n"
        f"== Optimized Logical Plan ==\n{tree_string(optimized)}\n\n"
        f"== Physical Plan ==\n{physical}\n"
    )


_CODEGEN_ID = re.compile(r"^([ :|+\-]*)\*\(\d+\) ", re.M)
_EXCHANGE = re.compile(r"^[ :|+\-]*(\*\(\d+\) )?(Broadcast)?Exchange\b", re.M)


def under_adaptive_root(physical: str) -> str:
    """A plan that moves data, drawn as Spark draws it before it runs with adaptive execution
    on: under ``AdaptiveSparkPlan isFinalPlan=false`` and without the whole-stage-codegen ids
    (``*(2)``), which AQE gives only as it plans each stage. Other plans are left as they are."""
    if not _EXCHANGE.search(physical):
        return physical
    first, *rest = _CODEGEN_ID.sub(r"\1", physical).splitlines()
    return "\n".join(["AdaptiveSparkPlan isFinalPlan=false", "+- " + first, *("   " + line for line in rest)])


def formatted(stages: list) -> str:
    """Spark's ``formatted`` mode: a numbered outline, then each operator's details."""
    view = PlanView(stages)
    order: list[Node] = []
    _post_order(view, view.root(), order)
    number = {id(node): i + 1 for i, node in enumerate(order)}
    lines: list[str] = []

    def label(node: Node) -> str:
        star = "" if _is_exchange(node) else "* "
        return f"{star}{_name(view, node)} ({number[id(node)]})"

    draw_tree(order[-1], label, lambda node: node.kids, lines)
    details = [_details(view, node, number[id(node)]) for node in order]
    return "\n".join(lines) + "\n\n\n" + "\n\n".join(details) + "\n"


def _post_order(view: PlanView, node: Node, order: list[Node]) -> Node:
    kids = [_post_order(view, c, order) for c in view.children(node)]
    node = _with_kids(node, kids)
    order.append(node)
    return node


def _with_kids(node: Node, kids: list[Node]) -> Node:
    """A copy of `node` that remembers its children, so the outline and the details share numbers."""
    tree = Node(node.op, node.stage, node.is_root)
    object.__setattr__(tree, "kids", kids)
    return tree


def _is_exchange(node: Node) -> bool:
    from engine.physical import nodes as P

    return isinstance(node.op, (P.Stage, P.ExchangeRead))


def _name(view: PlanView, node: Node) -> str:
    text = view.label(node)
    if text.startswith("*("):
        text = text.split(") ", 1)[1]
    if text.startswith("Exchange"):
        return "Exchange"
    for sep in (" [", "(", " "):
        if sep in text:
            return text.split(sep, 1)[0].strip()
    return text


def _details(view: PlanView, node: Node, num: int) -> str:
    from engine.physical import nodes as P

    head = f"({num}) {_name(view, node)}"
    if not _is_exchange(node):
        head += f" [stage id : {node.stage}]"
    out = view.output(node)
    lines = [head, f"Output [{len(out)}]: [{', '.join(out)}]"]
    kids = node.kids  # type: ignore[attr-defined]
    if len(kids) == 1 and not isinstance(node.op, P.Stage):
        inp = view.output(kids[0])
        lines.append(f"Input [{len(inp)}]: [{', '.join(inp)}]")
    full = view.label(node)
    if isinstance(node.op, P.ScanExec):
        pushed, part = view.split_scan_filters(node.op)
        from engine.logical.display import exprs_string

        lines.append(f"PushedFilters: {exprs_string(pushed)}")
        lines.append(f"PartitionFilters: {exprs_string(part)}")
        lines.append(f"Location: [{', '.join(getattr(node.op.source, 'paths', ()))}]")
        lines.append(f"Splits: {len(node.op.splits)}")
    elif isinstance(node.op, P.FilterExec):
        from engine.logical.display import expr_string

        lines.append(f"Condition : {expr_string(node.op.condition)}")
    elif not isinstance(node.op, P.ProjectExec) and full != _name(view, node):
        lines.append(
            f"Arguments: {full.removeprefix('*(' + str(node.stage) + ') ').removeprefix(_name(view, node)).strip()}"
        )
    return "\n".join(lines)


def _statistics(plan: LogicalPlan) -> str:
    from engine.logical.stats import estimate_bytes

    return f", Statistics(sizeInBytes={bytes_string(estimate_bytes(plan))})"


def bytes_string(size: int) -> str:
    """A byte count as Spark prints it: ``1868.0 B``, ``2.9 KiB``, ``8.0 EiB``."""
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
    value = float(min(size, (1 << 63) - 1))
    for unit in units:
        if value < 1024 or unit == units[-1]:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} EiB"
