"""``python -m engine.ui --event-log DIR``: serves a finished application's web UI from its event log."""

from __future__ import annotations

import argparse
import sys
import time

from engine.ui.events import log_files
from engine.ui.history import load_store
from engine.ui.server import start_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.ui", description=__doc__)
    parser.add_argument(
        "--event-log", required=True, help="engine.eventLog.dir, or one application's .jsonl file"
    )
    parser.add_argument(
        "--app", default=None, help="application id to show (default: the newest in the directory)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    parser.add_argument(
        "--port", type=int, default=18080, help="first port to try (default 18080, as Spark's)"
    )
    args = parser.parse_args(argv)
    try:
        store, path = load_store(args.event_log, args.app)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    server = start_server(store, args.host, args.port)
    if server is None:
        return 1
    others = [f.stem for f in log_files(args.event_log) if f != path]
    print(f"Serving {store.app.get('id', path.stem)} ({len(store.jobs)} jobs) from {path} at {server.url}")
    if others:
        print(f"Other applications here (pick one with --app): {', '.join(others)}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
