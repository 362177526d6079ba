"""AppTest runs of dashboard.py that go through the shell (sidebar, guards) on every page.

A served app runs ``dashboard.py`` on every rerun, which then runs the page
(``ui.serving.routes_by_navigation`` tells Streamlit so before the first request). AppTest
builds a new ``PagesManager`` for every run after resetting
``PagesManager.uses_pages_directory``, so from the second run on it takes our ``pages/``
folder for an old-style multipage app and runs the page file alone: no sidebar, no
``dashboard.py``. The ``through_shell`` fixture sets the flag again after each reset, and
gives the run a ``SECRET_KEY`` as ``manage.py serve`` does (the shell refuses local accounts
without one).
"""

from __future__ import annotations

import pytest

TEST_SECRET_KEY = "test-only-secret-key-of-the-shell-runs-0123456789"


@pytest.fixture
def through_shell(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    yield
    PagesManager.uses_pages_directory = None


def open_at_its_url(at, page: str) -> None:
    """Before ``at``'s first run: open ``page`` (a file of dashboard.PAGES) as a link to its URL
    opens it in a new session, where dashboard.py switches to it before drawing anything
    (``ui.context.ensure_shell``). One run of the page instead of the overview first."""
    from pathlib import Path

    from ui import state

    at.session_state[state.PENDING_PAGE] = Path(page).stem
