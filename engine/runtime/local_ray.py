"""Starting and stopping the Ray that master ``ray`` runs on this machine when none is given.

`ray.init()` starts three Python daemons engine has no use for: the dashboard's API server
(and waits for it to come up: about 1.4 s of a new session's 4 s), the autoscaler's monitor,
and the log monitor (engine does not stream executors' output to the driver). Together they
hold about 160 MB. Engine starts the head node itself without them, the way Ray's own test
cluster starts nodes, and connects to it. It also gives the node agents their ports: left to
pick their own, the raylet waits for the agents to import and report them before the node
can register (measured under load: a 6-7 s wait against 2-3 s).

The processes started here inherit the executor environment (Arrow's pool variable), so
every worker the raylet spawns has it before pyarrow loads, at no cost per executor.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from typing import Any

import ray
from ray._private.node import Node
from ray._private.parameter import RayParams

_START_ATTEMPTS = 3
_head: list[Node] = []  # the head node started here, while it runs


class _LeanHead(Node):
    """A head node without the dashboard's API server (``include_dashboard=False`` starts it anyway)."""

    def start_api_server(self, *args: Any, **kwargs: Any) -> None:
        return


def start(num_cpus: int | None, object_store_memory: int | None, environment: dict[str, str], **init: Any) -> None:
    """Starts a Ray on this machine and connects this process to it, retrying a start that fails.

    A start can fail for passing reasons: the processes of a Ray just shut down still hold
    their ports or sockets, or a loaded machine misses a start-up deadline. Retrying after a
    pause clears those; a cause that lasts is raised with what to check.
    """
    stop()  # a head left running by a bare ray.shutdown() (it only disconnects from this one)
    for attempt in range(1, _START_ATTEMPTS + 1):
        try:
            with _inherited(environment):
                _start_once(num_cpus, object_store_memory, init)
            return
        except Exception as error:  # noqa: BLE001 - Ray raises many kinds here; all get a retry
            stop()  # a half-started Ray leaves state that blocks the next start
            if attempt == _START_ATTEMPTS:
                raise RuntimeError(
                    f"Could not start a local Ray for master 'ray' after {attempt} attempts: "
                    f"{type(error).__name__}: {error}. Check free disk space under /tmp/ray and "
                    "that no stale Ray processes remain (`ray stop`), or set RAY_ADDRESS to join "
                    "a running cluster."
                ) from error
            time.sleep(2.0 * attempt)


def stop() -> None:
    """Disconnects from Ray and ends the processes `start` began.

    The last session's stop calls this. A bare ``ray.shutdown()`` only disconnects: the head
    keeps running until the next `start`, or the end of the process, ends it.
    """
    ray.shutdown()
    while _head:
        node = _head.pop()
        node.destroy_external_storage()  # objects spilled to disk
        node.kill_all_processes(check_alive=False, allow_graceful=True)


def _start_once(num_cpus: int | None, object_store_memory: int | None, init: dict[str, Any]) -> None:
    params = RayParams(
        num_cpus=num_cpus,
        object_store_memory=object_store_memory,
        include_dashboard=False,
        no_monitor=True,
        include_log_monitor=False,
        # a port taken between here and the agent's start fails this start; the retry picks others
        metrics_agent_port=_free_port(),
        dashboard_agent_listen_port=_free_port(),
        runtime_env_agent_port=_free_port(),
    )
    node = _LeanHead(params, head=True, shutdown_at_exit=True, spawn_reaper=True)
    _head.append(node)
    ray.init(address=node.address, **init)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _inherited(variables: dict[str, str]) -> Iterator[None]:
    """Sets `variables` in this process's environment while Ray's processes start, so that they
    and every worker they spawn inherit them (a runtime_env would cost each executor ~0.5 s)."""
    saved = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
