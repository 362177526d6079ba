"""How the server process is prepared before Streamlit's command line takes over.

``serve_prelude()`` runs in the server process (``cli.serve.streamlit_command`` starts it so;
``manage.py serve``, the browser tests, the bench and the load test all serve that way): the heavy
imports (``ui.preload``), then the steps below, each measured for issue 9 (docs/PERFORMANCE.md),
and the session-cookie route of issue 14 (``add_session_route``). Four of them set private
Streamlit names; tests/foundation/test_preload.py and tests/security/test_session_cookie.py fail
when a Streamlit release moves one.
"""

from __future__ import annotations

from config.logs import configure_logging
from ui.preload import preload


def routes_by_navigation() -> None:
    """Tell Streamlit, before its first request, that ``dashboard.py`` routes with ``st.navigation``.

    Streamlit learns that only when a script run first calls ``st.navigation``; until then a fresh
    server takes the ``pages/`` folder for an old-style multipage app and runs the first URL's
    page file on its own, which ``ui.context.ensure_shell`` then sends through ``dashboard.py``:
    one more round trip, about 1 s of the cold-server first paint (issue 9). This sets the flag
    ``st.navigation``'s first call sets (``PagesManager.uses_pages_directory``); ``ensure_shell``
    stays as the fallback should a Streamlit release drop the flag (a test watches for that)."""
    from streamlit.runtime.pages_manager import PagesManager

    if hasattr(PagesManager, "uses_pages_directory"):
        PagesManager.uses_pages_directory = False


def tcp_nodelay() -> None:
    """Turn Nagle's algorithm off for every connection the server accepts.

    Streamlit binds its listening socket itself as ``socket.socket(family)``, protocol 0, and
    asyncio turns Nagle off only for sockets that report ``IPPROTO_TCP``; so it stays on. A
    response written as headers, then body, then waits for the browser's delayed ACK: about
    40 ms for every static file after the first on a keep-alive connection, and the app shell is
    ~70 files over 6 connections (measured: 44 ms a file, 1 ms with this; uvicorn issue 3149 is
    the same trap). Linux gives an accepted socket its listener's ``TCP_NODELAY``, so the
    listener gets it. Streamlit's binder is private: a test watches it (and watches that the
    trap is still there, so this can go when Streamlit fixes it)."""
    import socket

    from streamlit.web.server.starlette import starlette_server

    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None or getattr(bind, "nodelay", False):
        return

    def bind_nodelay(address: str, port: int, backlog: int) -> socket.socket:
        sock = bind(address, port, backlog)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    bind_nodelay.nodelay = True
    starlette_server._bind_socket = bind_nodelay


def warm_streamlit() -> None:
    """Pay two of Streamlit's one-time costs before the first visitor instead of in their run
    (py-spy over a fresh server's first map-page run: 310 of its 650 ms script time):

    - the emoji catalogue (``streamlit.emojis``, one very large regular expression compiled on
      import), which the first widget with a non-ASCII label (the Thai language switch) loads;
    - the "not run with streamlit run" check on the first element sent, which walks
      ``inspect.stack()`` and so maps every loaded module to its file (~180 ms) and, because this
      server starts from ``python -c``, would take itself for a REPL. The server is always run
      by Streamlit's own command line, so the check is marked done."""
    import streamlit.emojis  # noqa: F401
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def freeze_startup_heap() -> None:
    """Move every object alive after the imports into the garbage collector's permanent
    generation (``gc.freeze``).

    Streamlit follows every script run with a full ``gc.collect()`` (``runner.postScriptGC``),
    holding the GIL while it walks the whole heap, and most of the heap is the imported modules
    (pandas, geopandas, plotly, Streamlit itself), which live as long as the process does. With
    them frozen the collection walks only what the sessions made: Streamlit's after-run clean-up
    of a map-page run went from 230-280 ms to 35-38 ms on the 2-core box (the run log of
    bench/load_test.py's server). Garbage the sessions make is still collected after every run;
    what is frozen was going to live as long as the process anyway."""
    import gc

    import streamlit  # noqa: F401 - its modules are part of the startup heap

    gc.collect()
    gc.freeze()


def add_session_route() -> None:
    """Serve ``/_floodroom/session`` (``ui.session_cookie``) beside Streamlit's own routes.

    A page cannot set an HttpOnly cookie; this route can. ``st.App(routes=...)`` is the public
    way to add a route, but it needs a second entry script and serves through Streamlit's ASGI
    mode, a start-up path other than the one this prelude prepares and the performance budget
    was measured on; so the route list Streamlit's own server builds
    (``starlette_app.create_streamlit_routes``, private) is extended instead, our route first."""
    from streamlit.web.server.starlette import starlette_app

    from ui.session_cookie import session_routes

    build = getattr(starlette_app, "create_streamlit_routes", None)
    if build is None or getattr(build, "floodroom", False):
        return

    def routes_with_session(runtime):
        return [*session_routes(), *build(runtime)]

    routes_with_session.floodroom = True
    starlette_app.create_streamlit_routes = routes_with_session


def trust_local_proxy(environ=None) -> None:
    """Trust X-Forwarded-For from a proxy on this machine in every form of the loopback.

    Streamlit serves through uvicorn, whose ``FORWARDED_ALLOW_IPS`` (default ``127.0.0.1,::1``)
    decides whose forwarded headers count. Bound to ``::`` the server sees a local IPv4 proxy as
    ``::ffff:127.0.0.1``, which that default does not trust: every visitor would be one client
    to the sign-in throttle. ``auth.clients.trusted_proxies`` adds that form (and the mapped form
    of every IPv4 proxy the administrator lists); uvicorn reads the variable when it starts."""
    import os

    from auth.clients import trusted_proxies

    environ = os.environ if environ is None else environ
    environ["FORWARDED_ALLOW_IPS"] = trusted_proxies(environ.get("FORWARDED_ALLOW_IPS"))


def serve_prelude() -> None:
    """``preload()``, ``trust_local_proxy()``, ``routes_by_navigation()``, ``tcp_nodelay()``, ``add_session_route()``,
    ``warm_streamlit()`` and ``freeze_startup_heap()`` (last, so what the others import is frozen too);
    logging first, set up as ``manage.py`` sets it up (``config.logs``)."""
    configure_logging()
    preload()
    trust_local_proxy()
    routes_by_navigation()
    tcp_nodelay()
    add_session_route()
    warm_streamlit()
    freeze_startup_heap()
