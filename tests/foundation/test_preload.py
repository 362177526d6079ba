"""The modules preloaded before Streamlit serves (ui.preload, run by ui.serving) import, and none
of them pulls in streamlit: a cache decorated before the server's runtime exists would not be the
runtime's. The server knows from the start that dashboard.py routes with st.navigation, and its
connections do not wait on Nagle's algorithm."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from cli.serve import streamlit_command
from ui.preload import MODULES

ROOT = Path(__file__).resolve().parents[2]


def test_preload_imports_every_module_without_streamlit():
    code = "import sys; from ui.preload import preload; preload(); print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    assert {"pandas", "geopandas", "plotly.graph_objects", "sqlalchemy", "store.water"} <= set(MODULES)


def test_serve_command_preloads_then_runs_streamlit_on_the_dashboard():
    command = streamlit_command(8600, "--server.headless", "true")
    out = subprocess.run(command[:3] + ["--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "run" in out.stdout  # Streamlit's own command line answered, after the preload
    assert command[3:] == ["run", str(ROOT / "dashboard.py"), "--server.port", "8600", "--server.headless", "true"]


def test_server_routes_by_navigation_from_its_first_request():
    # Streamlit decides once per process whether pages/ is an old-style multipage app; after the
    # prelude a new PagesManager (one per session) must not take pages/ for one, while without it
    # it does (the case ui.context.ensure_shell handles). Fails when a release drops the flag.
    code = """if True:
        import sys
        from pathlib import Path
        from streamlit.runtime.pages_manager import PagesManager
        assert hasattr(PagesManager, "uses_pages_directory")
        if sys.argv[1:] == ["prelude"]:
            from ui.serving import routes_by_navigation
            routes_by_navigation()
        PagesManager(str(Path("dashboard.py").resolve()))
        print(PagesManager.uses_pages_directory)
    """
    for args, expected in (([], "True"), (["prelude"], "False")):
        out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == expected


def _accepted_nodelay(bind) -> int:
    listener = bind("127.0.0.1", 0, 8)
    try:
        with socket.create_connection(listener.getsockname()[:2], timeout=5):
            listener.setblocking(True)
            accepted, _ = listener.accept()
            with accepted:
                return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        listener.close()


def test_server_connections_have_nagle_off(monkeypatch):
    from streamlit.web.server.starlette import starlette_server

    from ui.serving import tcp_nodelay

    streamlit_bind = starlette_server._bind_socket
    monkeypatch.setattr(starlette_server, "_bind_socket", streamlit_bind)  # put back after the test
    # the trap: Streamlit's own listener hands out connections with Nagle on (when this fails,
    # Streamlit fixed it and ui.serving.tcp_nodelay can go)
    assert _accepted_nodelay(streamlit_bind) == 0
    tcp_nodelay()
    tcp_nodelay()  # twice is once
    assert starlette_server._bind_socket is not streamlit_bind and starlette_server._bind_socket.nodelay
    assert _accepted_nodelay(starlette_server._bind_socket) == 1


def test_startup_heap_is_frozen_and_later_garbage_still_collected():
    code = """if True:
        import gc
        import weakref
        from ui.serving import freeze_startup_heap, preload
        preload()
        freeze_startup_heap()
        class Node:
            pass
        node = Node()
        node.loop = node  # a cycle made after startup, as a script run makes them
        gone = weakref.ref(node)
        del node
        gc.collect()
        print(gc.get_freeze_count(), gone() is None)
    """
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    frozen, collected = out.stdout.split()
    assert int(frozen) > 100_000  # the imported libraries: what the after-run gc.collect() no longer walks
    assert collected == "True"


def test_streamlit_one_time_costs_are_paid_at_startup(monkeypatch):
    import streamlit.delta_generator as delta_generator

    from ui.serving import warm_streamlit

    # the flag Streamlit sets after its first "run with streamlit run" check; gone in a release, the
    # stack walk (~180 ms) comes back to the first visitor's run
    assert hasattr(delta_generator, "_use_warning_has_been_displayed")
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    warm_streamlit()
    assert delta_generator._use_warning_has_been_displayed is True
    assert "streamlit.emojis" in sys.modules
