"""How the Ray executor pool spreads over the cluster's nodes, decided without a cluster."""

from __future__ import annotations

from engine.runtime.ray_backend import _Slot, _surplus

ONE_CPU_EACH = {"a": 1.0, "b": 1.0, "c": 1.0}


def slots(*nodes: str, busy: tuple[str, ...] = ()) -> list[_Slot]:
    return [_Slot(actor=None, node=n, inflight=1 if n in busy else 0) for n in nodes]


def test_a_node_added_to_a_full_pool_takes_an_executor_from_a_node_over_its_share() -> None:
    pool = slots("a", "a", "b")
    assert [s.node for s in _surplus(pool, ONE_CPU_EACH, 1.0, set())] == ["a"]


def test_a_pool_one_per_cpu_retires_nothing() -> None:
    assert _surplus(slots("a", "b", "c"), ONE_CPU_EACH, 1.0, set()) == []


def test_busy_executors_stay_until_they_are_idle() -> None:
    assert _surplus(slots("a", "a", "b", busy=("a",)), ONE_CPU_EACH, 1.0, set()) == []


def test_nothing_moves_to_a_node_that_just_lost_an_executor() -> None:
    """It may be dying: Ray reports a lost node dead only after its health checks fail."""
    assert _surplus(slots("a", "a", "b"), ONE_CPU_EACH, 1.0, {"c"}) == []


def test_shares_follow_the_cpus_of_each_node() -> None:
    nodes = {"big": 4.0, "small": 1.0}
    assert [s.node for s in _surplus(slots(*["big"] * 5), nodes, 1.0, set())] == ["big"]
    assert _surplus(slots(*["big"] * 4, "small"), nodes, 1.0, set()) == []


def test_cpu_less_nodes_get_no_share() -> None:
    """A head kept free of work holds no executor; its absence makes no other node short."""
    assert _surplus(slots("a", "b"), {"head": 0.0, "a": 1.0, "b": 1.0}, 1.0, set()) == []
