"""The HttpOnly session cookie: a small server route and the page's side of it.

A Streamlit script cannot set an HttpOnly cookie (it only talks to the browser over the
websocket), and ``st.login``'s own cookie is signed with Streamlit's cookie secret and
holds an identity-provider profile, not a local session. So:

1. at sign-in the page starts a server-side session (``store.users.start_session``, kept
   in ``st.session_state`` for this tab) and a one-time exchange code for it
   (``store.users.create_exchange_code``: 60 s, stored hashed, the token sealed under it);
2. the next run puts a tiny script on the page (``render_pending``) that POSTs the code to
   ``/_floodroom/session``; that route (added to Streamlit's Starlette app by
   ``ui.serving.add_session_route``) redeems the code and answers with
   ``Set-Cookie: floodroom_session=v1.<token>.<HMAC under SECRET_KEY>; HttpOnly;
   SameSite=Strict; Path=/; Max-Age=<what is left of SESSION_TTL>`` (``Secure`` over HTTPS);
3. every later run (a reload, a second tab, the browser restarted) reads the cookie from
   ``st.context.cookies`` (the websocket handshake carries it), checks the signature and
   resolves the session in the database, so an ended session is refused at the next click;
4. sign-out ends the session in the database first and then DELETEs the cookie the same way.

The route refuses a request whose ``Origin`` is not this host (no cross-site sign-in or
sign-out), and the cookie is never readable by the page's JavaScript.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlparse

from auth.cookies import COOKIE_NAME, read_session_cookie, sign_session_token
from store.base import utcnow

ROUTE = "_floodroom/session"
_ENGINES: dict = {}


def base_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def route_path() -> str:
    """``/_floodroom/session`` under Streamlit's ``server.baseUrlPath``."""
    return base_path() + ROUTE


def _settings():
    from config import load_settings
    from ui.context import _secrets

    return load_settings(os.environ, _secrets())


def _engine(url: str):
    from store.db import make_engine

    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def _same_origin(request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlparse(origin).netloc == request.headers.get("host")


def _secure(request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _exchange(code: str):
    """(cookie value, max age in s) for a good code, else None; runs in a worker thread."""
    from store.users import redeem_exchange_code

    settings = _settings()
    if not settings.secret_key:
        return None
    found = redeem_exchange_code(_engine(settings.database_url), code)
    if found is None:
        return None
    token, expires_at = found
    return sign_session_token(token, settings.secret_key), max(1, int((expires_at - utcnow()).total_seconds()))


def _sign_out(cookie: str | None) -> None:
    from store.users import end_session

    settings = _settings()
    token = read_session_cookie(cookie, settings.secret_key)
    if token:
        end_session(_engine(settings.database_url), token)


async def session_endpoint(request):
    """POST a code: set the cookie. DELETE: end the cookie's session and clear the cookie."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import PlainTextResponse, Response

    if not _same_origin(request):
        return PlainTextResponse("cross-origin request refused", status_code=403)
    path = base_path()
    if request.method == "DELETE":
        await run_in_threadpool(_sign_out, request.cookies.get(COOKIE_NAME))
        response = Response(status_code=204)
        response.delete_cookie(COOKIE_NAME, path=path, httponly=True, samesite="strict", secure=_secure(request))
        return response
    code = (await request.body()).decode("utf-8", "replace").strip()[:200]
    issued = await run_in_threadpool(_exchange, code)
    if issued is None:
        return PlainTextResponse("unknown, used or expired code", status_code=400)
    value, max_age = issued
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE_NAME, value, max_age=max_age, path=path, httponly=True, samesite="strict", secure=_secure(request)
    )
    return response


def session_routes() -> list:
    from starlette.routing import Route

    return [Route(route_path(), session_endpoint, methods=["POST", "DELETE"])]


def cookie_script(method: str, code: str | None = None) -> str:
    """The one-off script that asks the route to set (POST ``code``) or clear (DELETE) the cookie."""
    body = f", body: {json.dumps(code)}" if code else ""
    return (
        f"<script>fetch({json.dumps(route_path())}, {{method: {json.dumps(method)}, credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'text/plain'}}{body}}});</script>"
    )
