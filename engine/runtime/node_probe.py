"""Which Ray nodes' raylets still answer, asked directly rather than through Ray's view.

Ray declares a node dead only after its health checks have failed for a while (seconds on a
tuned cluster, half a minute by default), and until then reports it alive. A node whose
raylet is gone refuses a connection at once, though: when an executor is lost, this tells
the pool which other nodes died with it, before Ray does, so that no replacement executor
is started on one of them (it would never run, and each task sent to it would be lost
again: one lost node must not cost a task several attempts).
"""

from __future__ import annotations

import threading

import grpc

_READY = grpc.ChannelConnectivity.READY
_FAILED = (grpc.ChannelConnectivity.TRANSIENT_FAILURE, grpc.ChannelConnectivity.SHUTDOWN)


def unreachable(raylets: dict[str, str], timeout: float = 1.0) -> set[str]:
    """The nodes of `raylets` (node id -> "host:port" of its raylet) that refuse a connection,
    or do not accept one within `timeout` seconds; all are asked at once.

    Only a connection is made (no call): a live raylet's gRPC server accepts one even when its
    machine is loaded, and a dead one's port is closed (or its machine silent).
    """
    if not raylets:
        return set()
    answered: dict[str, bool] = {}
    changed = threading.Condition()
    channels = {n: grpc.insecure_channel(a, options=[("grpc.enable_http_proxy", 0)]) for n, a in raylets.items()}

    def watcher(node: str):  # noqa: ANN202 - a gRPC connectivity callback
        def on_state(state: grpc.ChannelConnectivity) -> None:
            if state is _READY or state in _FAILED:
                with changed:
                    answered.setdefault(node, state is _READY)
                    changed.notify_all()

        return on_state

    watchers = {n: watcher(n) for n in channels}
    try:
        for node, channel in channels.items():
            channel.subscribe(watchers[node], try_to_connect=True)
        with changed:
            changed.wait_for(lambda: len(answered) == len(channels), timeout)
            return {n for n in channels if not answered.get(n, False)}
    finally:
        for node, channel in channels.items():
            channel.unsubscribe(watchers[node])
            channel.close()
