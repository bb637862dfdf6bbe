"""Per-operator metrics of a task: rows and time of each operator, by its pre-order position."""

from __future__ import annotations

import pickle

import pyarrow as pa
import pytest

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.task import run_task
from engine.runtime.task_metrics import TaskClock, operator_children


def _range(start: int, end: int, parts: int) -> P.RangeExec:
    return P.RangeExec(start, end, 1, parts, "id")


def test_positions_are_pre_order_and_tell_equal_operators_apart() -> None:
    same = _range(0, 10, 2)
    union = P.UnionExec((same, same), ("id",), (("id",), ("id",)))  # one object twice, told apart by position
    root = P.LimitExec(P.CoalesceExec(union, 1), 5)
    assert operator_children(root) == ((1,), (2,), (3, 4), (), ())


def test_each_operator_counts_its_own_output_rows() -> None:
    table = pa.table({"id": list(range(100))})
    root = P.LimitExec(P.LimitExec(P.MemoryExec((table,)), 40), 10, offset=5)
    clock = TaskClock(root)
    [out] = run_task(P.Stage(1, root, 1, P.SingleOut(), ()), 0, {}, EvalContext(), clock)
    metrics = clock.finish()
    assert out.num_rows == 10
    assert [m.rows for m in metrics.operators] == [10, 40, 100]
    for m in metrics.operators:
        assert 0 <= m.self_ms <= m.time_ms
    assert metrics.operators[0].time_ms >= metrics.operators[1].time_ms >= metrics.operators[2].time_ms
    assert metrics.run_ms >= metrics.operators[0].time_ms  # the task's run contains its operators
    assert pickle.loads(pickle.dumps(metrics)) == metrics  # it travels back from a Ray executor


def test_a_coalesce_sums_the_runs_of_its_child_and_an_unread_union_branch_is_zero() -> None:
    union = P.UnionExec((_range(0, 10, 2), _range(100, 103, 1)), ("id",), (("id",), ("id",)))
    stage = P.Stage(1, P.CoalesceExec(union, 2), 2, P.SingleOut(), ())
    first, second = TaskClock(stage.root), TaskClock(stage.root)
    run_task(stage, 0, {}, EvalContext(), first)  # union partitions 0 (of 3): half the first range
    run_task(stage, 1, {}, EvalContext(), second)  # union partitions 1 and 2: the rest, then the second range
    assert [m.rows for m in first.finish().operators] == [5, 5, 5, 0]
    assert [m.rows for m in second.finish().operators] == [8, 8, 5, 3]


def test_an_operator_that_raises_leaves_its_run_unrecorded() -> None:
    root = P.CachedRead(7, 1)  # a lost local checkpoint partition raises
    clock = TaskClock(root)
    with pytest.raises(Exception, match="CHECKPOINT_PARTITION_LOST"):
        run_task(P.Stage(1, root, 1, P.SingleOut(), ()), 0, {}, EvalContext(), clock)
    assert clock.finish().operators[0].rows == 0
