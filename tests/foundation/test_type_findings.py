"""Issue 17: what the type checker found that could really break, each between two reads of
something another process may remove (a session row, the cached boundaries)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

import geo.display
from auth import SYSTEM
from geo.display import display_districts
from store import users
from store.base import utcnow


def test_an_exchange_code_whose_session_row_went_away_gives_nothing(engine, monkeypatch):
    """``redeem_exchange_code`` checks the session is live, then reads its expiry: a row removed
    in between (signed out, pruned) is no session, not an AttributeError on None."""
    user = users.create_user(engine, SYSTEM, "somchai", "Somchai", "officer", "a-long-enough-pass-1")
    now = utcnow()
    token = users.start_session(engine, user, 3600, now=now)
    code = users.create_exchange_code(engine, token, now=now)
    monkeypatch.setattr(users, "session_user", lambda *args, **kwargs: user)  # the check passed just before ...
    with Session(engine) as session, session.begin():
        session.execute(delete(users.SessionRow))  # ... the row went
    assert users.redeem_exchange_code(engine, code, now=now) is None


def test_the_display_layer_is_none_when_the_boundaries_go_between_two_looks(settings, tmp_path, monkeypatch):
    """``display_districts`` found a cache path (boundaries present), then the boundaries were
    removed before they were loaded: no layer, as when there were none, not a crash."""
    monkeypatch.setattr(geo.display, "_cache_path", lambda *args: tmp_path / "display-gone.geojson")
    monkeypatch.setattr(geo.display, "load_districts", lambda settings: None)
    assert display_districts(settings) is None
