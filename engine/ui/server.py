"""The web UI's HTTP server: read-only pages and JSON over the store, on a stdlib ThreadingHTTPServer."""

from __future__ import annotations

import json
import re
import threading
import warnings
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from engine.ui import pages
from engine.ui.store import AppStore

PORT_RETRIES = 16  # 4040, 4041, ... as Spark's spark.port.maxRetries
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'"


def _routes(store: AppStore) -> list[tuple[re.Pattern[str], Callable[..., tuple[str, Any]]]]:
    """(path pattern, handler -> (content type, body)); a handler returning body None means 404."""

    def html(render: Callable[..., str | None]) -> Callable[..., tuple[str, Any]]:
        return lambda *a: ("text/html; charset=utf-8", render(store, *(int(x) for x in a)))

    def api(read: Callable[..., Any]) -> Callable[..., tuple[str, Any]]:
        return lambda *a: ("application/json", read(*(int(x) for x in a)))

    return [
        (re.compile(r"/"), html(pages.jobs_page)),
        (re.compile(r"/jobs/(\d+)"), html(pages.job_page)),
        (re.compile(r"/jobs/(\d+)/stages/(\d+)"), html(pages.stage_page)),
        (re.compile(r"/jobs/(\d+)/plan"), html(pages.plan_page)),
        (re.compile(r"/executors"), html(pages.executors_page)),
        (re.compile(r"/api/state"), api(store.state)),
        (re.compile(r"/api/jobs"), api(store.job_list)),
        (re.compile(r"/api/jobs/(\d+)"), api(store.job)),
        (re.compile(r"/api/jobs/(\d+)/stages/(\d+)"), api(store.stage)),
        (re.compile(r"/api/executors"), api(store.executor_list)),
    ]


def _handler(store: AppStore) -> type[BaseHTTPRequestHandler]:
    routes = _routes(store)

    class Handler(BaseHTTPRequestHandler):
        """GET and HEAD only: the UI never changes anything (other methods get 501 from the base class)."""

        server_version = "engine-ui"

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0].rstrip("/") or "/"
            if path.startswith("/static/"):
                return self._static(path.removeprefix("/static/"))
            for pattern, handle in routes:
                m = pattern.fullmatch(path)
                if m:
                    ctype, body = handle(*m.groups())
                    if body is None:
                        break
                    text = json.dumps(body, default=str) if ctype == "application/json" else body
                    return self._send(HTTPStatus.OK, ctype, text.encode())
            self._send(
                HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", pages.not_found(path, store.app).encode()
            )

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET()

        def _static(self, name: str) -> None:
            suffix = "." + name.rsplit(".", 1)[-1]
            if "/" in name or suffix not in _STATIC_TYPES:
                return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
            data = resources.files("engine.ui").joinpath("static", name).read_bytes()
            self._send(HTTPStatus.OK, _STATIC_TYPES[suffix], data)

        def _send(self, code: HTTPStatus, ctype: str, data: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: a browser polling the live endpoint would flood the user's terminal."""

    return Handler


class UIServer:
    """A running web UI; `url` is what ``spark.sparkContext.uiWebUrl`` returns."""

    def __init__(self, httpd: ThreadingHTTPServer, host: str) -> None:
        self.httpd = httpd
        self.port = httpd.server_address[1]
        self.url = f"http://{'localhost' if host in ('127.0.0.1', 'localhost') else host}:{self.port}"
        self.thread = threading.Thread(target=httpd.serve_forever, name="engine-ui", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def start_server(store: AppStore, host: str = "127.0.0.1", port: int = 4040) -> UIServer | None:
    """Serves `store` on the first free port from `port` upward (port 0: any free port); None if none is free."""
    handler = _handler(store)
    last: OSError | None = None
    for candidate in [port] if port == 0 else range(port, port + PORT_RETRIES + 1):
        try:
            httpd = ThreadingHTTPServer((host, candidate), handler)
        except OSError as e:
            last = e
            continue
        httpd.daemon_threads = True
        return UIServer(httpd, host)
    warnings.warn(
        f"engine UI not started: no free port in {port}..{port + PORT_RETRIES} on {host} ({last})",
        stacklevel=2,
    )
    return None
