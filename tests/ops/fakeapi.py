"""A tiny HTTP server on 127.0.0.1 that plays an outside API badly on request.

    with FakeApi() as api:
        api.mode = "ok" | "http500" | "http429" | "html" | "truncated" | "renamed" | "slow"
        api.url  -> "http://127.0.0.1:PORT/"

Every request is counted in ``api.hits`` and its path kept in ``api.paths``. The good body is the ops fixture reply."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GOOD_REPLY = Path(__file__).resolve().parents[1] / "fixtures" / "ops" / "waterlevel_load_small.json"
MODES = ("ok", "http500", "http429", "html", "truncated", "renamed", "slow", "empty")


def renamed_reply() -> bytes:
    """The good reply with ``waterlevel_msl`` renamed in every row (a silent API change)."""
    payload = json.loads(GOOD_REPLY.read_text(encoding="utf-8"))
    for row in payload["waterlevel_data"]["data"]:
        row["water_level_msl"] = row.pop("waterlevel_msl")
    return json.dumps(payload).encode()


class FakeApi:
    def __init__(self, slow_s: float = 3.0):
        self.mode = "ok"
        self.hits = 0
        self.paths: list[str] = []
        self.slow_s = slow_s
        self.body = GOOD_REPLY.read_bytes()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                api.hits += 1
                api.paths.append(self.path.split("?", 1)[0])
                api.respond(self)

            def do_HEAD(self):
                self.send_response(200)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        mode = self.mode
        status, ctype, body = 200, "application/json", self.body
        if mode == "http500":
            status, body = 500, b'{"error": "internal"}'
        elif mode == "http429":
            status, body = 429, b'{"error": "too many requests"}'
        elif mode == "html":
            ctype, body = "text/html", b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
        elif mode == "truncated":
            body = self.body[: len(self.body) // 2]
        elif mode == "renamed":
            body = renamed_reply()
        elif mode == "empty":
            body = b""
        elif mode == "slow":
            time.sleep(self.slow_s)
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        if mode == "http429":
            handler.send_header("Retry-After", "1")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        with contextlib.suppress(
            BrokenPipeError, ConnectionResetError
        ):  # the client gave up (timeout): the point of "slow"
            handler.wfile.write(body)

    def polls(self) -> int:
        """Requests for the water-level list (a poll may add per-station history requests)."""
        return sum(p.endswith("/waterlevel_load") for p in self.paths)

    def __enter__(self) -> FakeApi:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
