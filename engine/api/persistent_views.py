"""Persistent views (``CREATE VIEW v AS query`` without TEMPORARY): a directory in the
database's place, like a table's, holding the view's SQL text and column names; reading the
view translates the text again, so it sees the tables as they are when it is queried."""

from __future__ import annotations

import json
import os
from typing import Any

from engine.expr import nodes as n
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output

_VIEW_FILE = "_view.json"  # hidden: file listings skip names starting "_"


def is_view(path: str) -> bool:
    """Whether the warehouse directory `path` holds a view (not a table's files)."""
    return os.path.exists(os.path.join(path, _VIEW_FILE))


def create_view(path: str, text: str, columns: list[str], database: str) -> None:
    """Records view text `text` (its output columns renamed to `columns`, if any) at `path`,
    replacing what was there; its unqualified names are `database`'s, where it was created."""
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, _VIEW_FILE), "w") as f:
        json.dump({"sql": text, "columns": columns, "database": database}, f)


def view_text(path: str) -> str:
    """The SQL text of the view recorded at `path`."""
    return str(_recorded(path)["sql"])


def _recorded(path: str) -> dict[str, Any]:
    with open(os.path.join(path, _VIEW_FILE)) as f:
        found: dict[str, Any] = json.load(f)
    return found


def view_plan(session: Any, path: str) -> LogicalPlan:
    """The plan of the view recorded at `path`."""
    from engine.api import databases as D
    from sql import to_plan

    recorded = _recorded(path)
    current = D.current_database(session)
    session._current_database = recorded.get("database", current)  # the view's names are read where it was made
    try:
        plan = to_plan(recorded["sql"], session)
    finally:
        session._current_database = current
    names = recorded.get("columns") or []
    if names:
        plan = L.Project(plan, tuple(n.Alias(a, c) for a, c in zip(output(plan), names)))
    return plan
