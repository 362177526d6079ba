"""Finding 4 of issue 14: the session's token lives in a signed HttpOnly, SameSite=Strict
cookie set by the server route /_floodroom/session from a one-time exchange code."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from starlette.applications import Starlette

from auth import SYSTEM
from auth.cookies import COOKIE_NAME, read_session_cookie, seal_token, sign_session_token, unseal_token
from store import users
from store.db import make_engine, migrate
from tests.security.conftest import KEY, PASSWORD
from tests.support.aio import run_to_end
from ui import session_cookie
from ui.serving import add_session_route

ORIGIN = {"origin": "http://testserver"}


class Client:
    """Just enough of an HTTP client to call the route's ASGI app in-process (with a cookie jar)."""

    def __init__(self, app):
        self.app, self.cookies = app, {}

    def request(self, method: str, path: str, content: str = "", headers: dict | None = None):
        headers = {"host": "testserver", **(headers or {})}
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        scope = {
            "type": "http",
            "method": method,
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "scheme": "http",
            "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 5000),
            "http_version": "1.1",
            "root_path": "",
        }
        sent = []

        async def receive():
            return {"type": "http.request", "body": content.encode(), "more_body": False}

        async def send(message):
            sent.append(message)

        run_to_end(self.app(scope, receive, send))
        start = next(m for m in sent if m["type"] == "http.response.start")
        answer = type(
            "Answer",
            (),
            {"status_code": start["status"], "headers": {k.decode(): v.decode() for k, v in start["headers"]}},
        )()
        if "set-cookie" in answer.headers:
            for name, morsel in SimpleCookie(answer.headers["set-cookie"]).items():
                self.cookies[name] = morsel.value
        return answer

    def post(self, path, content="", headers=None):
        return self.request("POST", path, content, headers)

    def delete(self, path, headers=None):
        return self.request("DELETE", path, "", headers)


def test_a_cookie_is_ours_only_with_our_key_and_an_untouched_token():
    value = sign_session_token("abc_DEF-123", KEY)
    assert read_session_cookie(value, KEY) == "abc_DEF-123"
    assert read_session_cookie(value, KEY + "-rotated") is None
    assert read_session_cookie(value.replace("abc", "abd", 1), KEY) is None
    assert read_session_cookie("abc_DEF-123", KEY) is None and read_session_cookie(None, KEY) is None
    assert read_session_cookie(value, "") is None  # no key, no cookie sessions
    with pytest.raises(ValueError):
        sign_session_token("abc", "")


def test_a_sealed_token_needs_its_code():
    sealed = seal_token("the-session-token", "code-1")
    assert "the-session-token" not in sealed
    assert unseal_token(sealed, "code-1") == "the-session-token"
    assert unseal_token(sealed, "code-2") != "the-session-token"


@pytest.fixture
def route(tmp_path, monkeypatch):
    """(test client of the route, engine, a live session token)."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", KEY)
    url = f"sqlite:///{tmp_path / 'floodroom.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    user = users.create_user(engine, SYSTEM, "somchai", "Somchai", "officer", PASSWORD)
    yield Client(Starlette(routes=session_cookie.session_routes())), engine, users.start_session(engine, user, 3600)
    session_cookie._ENGINES.clear()
    engine.dispose()


def test_the_route_sets_a_signed_httponly_strict_cookie_once_per_code(route):
    client, engine, token = route
    code = users.create_exchange_code(engine, token)
    answer = client.post("/_floodroom/session", content=code, headers=ORIGIN)
    assert answer.status_code == 204
    header = answer.headers["set-cookie"]
    assert (
        header.startswith(f"{COOKIE_NAME}=v1.")
        and "HttpOnly" in header
        and "SameSite=strict" in header
        and "Path=/" in header
    )
    assert 3500 < int(header.split("Max-Age=")[1].split(";")[0]) <= 3600
    assert read_session_cookie(client.cookies[COOKIE_NAME], KEY) == token
    assert client.post("/_floodroom/session", content=code, headers=ORIGIN).status_code == 400  # used up


def test_the_route_refuses_another_site(route):
    client, engine, token = route
    code = users.create_exchange_code(engine, token)
    assert client.post("/_floodroom/session", content=code).status_code == 403
    assert (
        client.post("/_floodroom/session", content=code, headers={"origin": "http://evil.example"}).status_code == 403
    )
    assert client.delete("/_floodroom/session", headers={"origin": "http://evil.example"}).status_code == 403
    assert users.session_user(engine, token) is not None


def test_sign_out_through_the_route_ends_the_session_and_clears_the_cookie(route):
    client, engine, token = route
    client.post("/_floodroom/session", content=users.create_exchange_code(engine, token), headers=ORIGIN)
    answer = client.delete("/_floodroom/session", headers=ORIGIN)
    assert answer.status_code == 204 and 'floodroom_session=""' in answer.headers["set-cookie"]
    assert users.session_user(engine, token) is None


def test_the_server_prelude_adds_the_route_to_streamlits_own(monkeypatch):
    """Watches the private Streamlit name ``ui.serving.add_session_route`` extends."""
    from streamlit.web.server.starlette import starlette_app

    assert callable(getattr(starlette_app, "create_streamlit_routes", None)), "Streamlit moved create_streamlit_routes"
    monkeypatch.setattr(starlette_app, "create_streamlit_routes", lambda runtime: ["streamlit's"])
    add_session_route()
    routes = starlette_app.create_streamlit_routes(None)
    assert [r.path for r in routes[:1]] == ["/_floodroom/session"] and routes[1:] == ["streamlit's"]
    add_session_route()  # twice is once
    assert len(starlette_app.create_streamlit_routes(None)) == 2
