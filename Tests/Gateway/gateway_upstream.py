"""The protected API behind nginx: a real HTTP server (Python's http.server, in a thread) that
answers every request with JSON naming what it received, and remembers each request so tests
can prove a refused call never reached it."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    """One request as the upstream saw it."""

    method: str
    path: str
    identity: str | None
    scopes: str | None
    headers: dict[str, str]


class Upstream:
    """An echo server on a free loopback port."""

    def __init__(self):
        self.received: list[Received] = []
        self._lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # nginx keeps upstream connections alive

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                seen = Received(
                    method=self.command,
                    path=self.path,
                    identity=self.headers.get("X-Leash-Identity"),
                    scopes=self.headers.get("X-Leash-Scopes"),
                    headers={name.lower(): value for name, value in self.headers.items()},
                )
                with upstream._lock:
                    upstream.received.append(seen)
                body = json.dumps({"method": seen.method, "path": seen.path, "identity": seen.identity,
                                   "scopes": seen.scopes}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

            def log_message(self, format, *args):  # the test output stays readable
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="upstream", daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> "Upstream":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def count(self) -> int:
        with self._lock:
            return len(self.received)
