"""Issue 15: the README's wall-screen URL, ``/?screen=1&rotate=20``, opens the briefing
screen (the clock and the rotating views), not the overview without them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.db import migrate
from tests.support.shell import through_shell  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_app(tmp_path, monkeypatch, through_shell):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    migrate(f"sqlite:///{tmp_path / 'floodroom.sqlite3'}")
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def briefing_screen_shown(at: AppTest) -> bool:
    """The screen's clock (ui.briefing.render_clock) is on the page."""
    return any('data-testid="fr-clock"' in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_root_url_with_screen_opens_the_briefing_screen(empty_app, lang):
    for key, value in {"screen": "1", "rotate": "20", "lang": lang}.items():
        empty_app.query_params[key] = value
    empty_app.run()
    assert not empty_app.exception, [e.value for e in empty_app.exception]
    overview = "ภาพรวม" if lang == "th" else "overview"
    assert not any(overview.lower() in t.value.lower() for t in empty_app.title), [t.value for t in empty_app.title]
    assert briefing_screen_shown(empty_app)
    assert empty_app.query_params["rotate"] in ("20", ["20"]) and empty_app.query_params["screen"] in ("1", ["1"])


def test_the_root_url_without_screen_still_opens_the_overview(empty_app):
    empty_app.query_params["lang"] = "en"
    empty_app.run()
    assert empty_app.title[0].value == "Flood situation overview"
