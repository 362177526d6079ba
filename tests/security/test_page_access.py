"""Finding 3 of issue 14: with ALLOW_ANONYMOUS_VIEWER=false a visitor who is not signed in
sees the sign-in prompt and nothing else on every page of dashboard.PAGES (generated from
the list, so a new page is covered by being listed); the wall screen opens with a live
screen token and with nothing else."""

from __future__ import annotations

import pytest

from auth import SYSTEM, gate
from dashboard import PAGES
from store import screens, users
from tests.security.conftest import element_types, open_page

PROTECTED = [path for path, *_ in PAGES if path != gate.SIGN_IN_PAGE]
# the sign-in prompt: heading, "sign-in required", the user name / password form; in the
# sidebar the language switch alone
PROMPT = (["title", "info", "form", "text_input", "text_input", "button"], ["button_group"])


def _prompt_shape(at) -> tuple[list[str], list[str]]:
    return element_types(at.main), element_types(at.sidebar)


@pytest.fixture
def prompt(app_env):
    return PROMPT


def test_the_sign_in_page_shows_a_stranger_the_form_and_no_sidebar_data(app_env):
    main, sidebar = _prompt_shape(open_page(gate.SIGN_IN_PAGE))
    assert main == ["title", "form", "text_input", "text_input", "button", "caption"], main
    assert sidebar == ["button_group"], sidebar


@pytest.mark.parametrize("page", PROTECTED)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_stranger_gets_only_the_sign_in_prompt(app_env, page, lang):
    at = open_page(page, lang=lang)
    shown = _prompt_shape(at)
    assert shown == PROMPT, (page, shown)
    assert not at.dataframe and not at.metric and not at.table
    assert at.title[0].value == ("เข้าสู่ระบบ" if lang == "th" else "Sign in")


@pytest.mark.parametrize("page", PROTECTED)
def test_with_anonymous_viewing_on_the_same_visit_shows_the_page(app_env, page, monkeypatch, prompt):
    """The control of the test above: the gate, not an empty page, is what hid everything."""
    monkeypatch.setenv("ALLOW_ANONYMOUS_VIEWER", "true")
    assert _prompt_shape(open_page(page)) != prompt


@pytest.mark.parametrize("page", PROTECTED)
def test_a_signed_in_viewer_passes_the_gate(app_env, page, prompt):
    viewer = users.create_user(app_env, SYSTEM, "governor.office", "Governor's office", "viewer", "river-bank-112")
    assert _prompt_shape(open_page(page, token=users.start_session(app_env, viewer, 3600))) != prompt


def test_a_screen_token_opens_the_wall_and_nothing_else(app_env, prompt):
    token = screens.create_screen_token(app_env, SYSTEM, "Meeting room 1")
    wall = open_page(gate.WALL_PAGE, query={"screen": "1", "token": token})
    assert wall.title == [] or wall.title[0].value != "Sign in"
    assert any('data-testid="fr-view"' in m.value or "fr-clock" in m.value for m in wall.markdown), (
        "the wall screen did not draw"
    )
    assert not list(wall.get("download_button"))
    for page in PROTECTED:  # not the briefing page with its downloads, not any other page
        assert _prompt_shape(open_page(page, query={"token": token})) == prompt, page
        if (
            page != gate.WALL_PAGE
        ):  # ?screen=1 on any URL opens the wall screen (the README's /?screen=1): the wall, nothing more
            other = open_page(page, query={"screen": "1", "token": token})
            assert any('data-testid="fr-view"' in m.value or "fr-clock" in m.value for m in other.markdown), page
            assert not other.get("download_button") and not other.get("text_input") and not other.get("dataframe"), page


def test_a_revoked_or_made_up_screen_token_is_refused(app_env, prompt):
    token = screens.create_screen_token(app_env, SYSTEM, "Meeting room 1")
    screens.revoke_screen_token(app_env, SYSTEM, "Meeting room 1")
    with_reason = [prompt[0][0], "error", *prompt[0][1:]]  # the prompt, and why the link did not open the wall
    for shown in (token, "made-up"):
        wall = open_page(gate.WALL_PAGE, query={"screen": "1", "token": shown})
        assert _prompt_shape(wall)[0] == with_reason
        assert (
            "screen link is not valid or was revoked" in wall.error[0].value
            and "ask the administrator" in wall.error[0].value
        )
    assert _prompt_shape(open_page(gate.WALL_PAGE, query={"screen": "1"}))[0] == prompt[0]
