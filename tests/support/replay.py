"""A requests transport adapter that replays recorded replies, mounted on a real
``requests.Session`` so the adapters' own HTTP code runs unchanged.

    session = replay_session({"https://api.example/x": Reply(body=path_or_bytes)})

A route is matched on the URL without its query string, or on the full URL when
given with one. A reply may be a status code, a body, or an exception to raise.
Every request is recorded in ``session.replay_log`` (URL, headers) for assertions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict


@dataclass
class Reply:
    body: bytes | str | Path = b""
    status: int = 200
    headers: dict = field(default_factory=lambda: {"Content-Type": "application/json"})
    raises: Exception | None = None


class ReplayAdapter(BaseAdapter):
    def __init__(self, routes: dict[str, Reply | list[Reply]]):
        super().__init__()
        self.routes = routes
        self.log: list[requests.PreparedRequest] = []

    def _pick(self, url: str) -> Reply:
        base = url.split("?", 1)[0]
        route = self.routes.get(url, self.routes.get(base))
        if route is None:
            raise requests.ConnectionError(f"replay: no recorded reply for {url}")
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route

    def send(self, request, **kwargs):
        self.log.append(request)
        reply = self._pick(request.url)
        if reply.raises is not None:
            raise reply.raises
        body = reply.body
        if isinstance(body, Path):
            body = body.read_bytes()
        elif isinstance(body, str):
            body = body.encode("utf-8")
        response = requests.Response()
        response.status_code = reply.status
        response._content = body
        response.raw = io.BytesIO(body)
        response.headers = CaseInsensitiveDict(reply.headers)
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def replay_session(routes: dict[str, Reply | list[Reply]]) -> requests.Session:
    """A real Session whose http:// and https:// traffic is served by ``routes``."""
    session = requests.Session()
    adapter = ReplayAdapter(routes)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.replay_log = adapter.log
    return session
