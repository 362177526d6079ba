"""Finding 15 of issue 14: text typed by people (event names, display names, template titles,
notes, shelter names, impact sources, briefing savers) and sent by feeds (station names) is shown
as plain text on every page of dashboard.PAGES (generated from the list), in Thai and English:
no remote image, no bold, no HTML from it in any element that renders Markdown.

Every string Streamlit renders as Markdown (element bodies, labels, help tooltips, tab and
expander labels, ``st.table`` cells) is parsed with a CommonMark parser, as the browser's
renderer would, and must not turn the hostile text into markup."""

from __future__ import annotations

import os

import pandas as pd
import pytest
import requests
from markdown_it import MarkdownIt
from sqlalchemy import update

import ingest.thaiwater as thaiwater_job
from auth import SYSTEM, User
from briefing.snapshot import build_snapshot
from config import load_settings
from dashboard import PAGES
from ingest import IngestContext, run_job
from store import checklist_items, checklists, users
from store.briefings import save_briefing
from store.impact import save_impact_reports, save_shelters
from store.water import WaterStation
from tests.briefing.briefing_data import FIRST_REPORT, impact_rows
from tests.security.conftest import PASSWORD, TEMPLATE, open_page, use_app_store
from tests.support.ci import reference_path
from ui import briefing as briefing_ui
from ui.text import plain, plain_table

MARK = "zqx"  # in every hostile text, so a rendered string can be traced back to it
HOSTILE = f"{MARK} ![x](http://example.invalid/x.png) **bold** <img src=x>"
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# proto fields whose strings the front end renders as Markdown; options only in radio and
# pills/segmented control (a selectbox's options are plain text), nothing in st.text / st.code
MARKDOWN_FIELDS = {"body", "label", "help", "caption"}
MARKDOWN_OPTIONS = {"radio", "button_group"}
AS_IS = {"text", "code"}


def hostile(what: str) -> str:
    return f"{what} {HOSTILE}"


def add_hostile_text(engine) -> str:
    """Hostile text everywhere a person or a feed types it; the token of a signed-in admin."""
    template = TEMPLATE.read_text(encoding="utf-8")
    first = 'title_en = "Monitor key stations'
    template = template.replace(first, f'title_en = "{hostile("item")} Monitor key stations', 1).replace(
        'title_th = "', f'title_th = "{hostile("item")} ', 2
    )
    template_id = checklists.load_template(engine, SYSTEM, template)
    event_id = checklists.open_event(engine, SYSTEM, hostile("event"), "34", ["3401", "3415"], template_id)
    admin = users.create_user(engine, SYSTEM, "admin2", hostile("admin"), "admin", PASSWORD)
    writer = User("writer", hostile("writer"), "admin")
    settings = load_settings(os.environ, {})
    outcome = run_job(
        IngestContext(settings, engine, requests.Session()),
        thaiwater_job,
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    assert outcome.ok, outcome.error
    with engine.begin() as connection:
        connection.execute(update(WaterStation).values(name_th=hostile("station"), name_en=hostile("station")))
    save_impact_reports(
        engine, SYSTEM, impact_rows(FIRST_REPORT, {"3401": {"affected_people": 150}}), source=hostile("source")
    )
    save_shelters(
        engine,
        SYSTEM,
        pd.DataFrame(
            [
                {
                    "district_code": "3401",
                    "name": hostile("shelter"),
                    "village": hostile("village"),
                    "lat": 15.23,
                    "lon": 104.85,
                    "capacity": 200,
                    "people_now": 80,
                    "water": True,
                    "toilets": True,
                    "medical": False,
                    "opened_on": FIRST_REPORT.date(),
                    "closed_on": None,
                }
            ]
        ),
        source=hostile("shelters"),
    )
    item = checklists.items_frame(engine, event_id).iloc[0]
    checklist_items.update_item(
        engine, SYSTEM, int(item["id"]), int(item["version"]), note=hostile("note"), owner_person=hostile("owner")
    )
    save_briefing(engine, writer, build_snapshot(engine, settings, at=FIRST_REPORT), title=hostile("briefing"))
    return users.start_session(engine, admin, 3600)


@pytest.fixture(scope="module")
def hostile_template(app_store_template, tmp_path_factory):
    """The security suite's store plus the hostile text, built once per module (the ingest of
    the recorded reply and the briefing take most of the time); tests get copies."""
    folder = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as monkeypatch:
        engine = use_app_store(app_store_template, folder, monkeypatch)
        token = add_hostile_text(engine)
        engine.dispose()
    return folder, token


@pytest.fixture
def hostile_store(hostile_template, tmp_path, monkeypatch):
    folder, token = hostile_template
    engine = use_app_store(folder, tmp_path, monkeypatch)
    yield engine, token
    engine.dispose()


def markdown_strings(message, found: list[str], fields=frozenset(MARKDOWN_FIELDS)) -> list[str]:
    """Every string in a proto ``message`` (recursively) held by one of ``fields``."""
    for field, value in message.ListFields():
        values = (
            [value]
            if isinstance(value, (str, bytes)) or hasattr(value, "ListFields") or not hasattr(value, "__len__")
            else value
        )
        for item in values:
            if hasattr(item, "ListFields"):
                markdown_strings(item, found, fields)
            elif isinstance(item, str) and field.name in fields:
                found.append(item)
    return found


def rendered_texts(at) -> list[str]:
    """The Markdown-rendered strings of a run: every element's and block's, and table cells."""
    texts: list[str] = []

    def walk(node) -> None:
        proto, kind = getattr(node, "proto", None), getattr(node, "type", "")
        if proto is not None and hasattr(proto, "ListFields") and kind not in AS_IS:
            markdown_strings(
                proto, texts, MARKDOWN_FIELDS | ({"options", "content"} if kind in MARKDOWN_OPTIONS else set())
            )
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    for table in at.table:
        frame = table.value
        texts.extend(str(v) for v in [*frame.index, *frame.to_numpy().ravel()] if isinstance(v, str))
    return texts


def markup_from_hostile(text: str) -> list[str]:
    """What the hostile text became in ``text`` once rendered: images, bold, raw HTML."""
    if MARK not in text:
        return []
    html = MARKDOWN.render(text)
    return [bad for bad in ("<img", "<strong>bold", 'example.invalid/x.png"') if bad in html]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", [path for path, *_ in PAGES])
def test_no_page_renders_typed_or_fed_text_as_markup(hostile_store, page, lang):
    _, token = hostile_store
    at = open_page(page, lang=lang, token=token)
    texts = rendered_texts(at)
    rendered = {text: markup_from_hostile(text) for text in texts if markup_from_hostile(text)}
    assert not rendered, (page, rendered)


@pytest.mark.parametrize("view", briefing_ui.VIEWS)
def test_every_briefing_view_shows_names_as_text(hostile_store, view):
    """The views a wall screen rotates through: the event name above the progress table, the
    saver's name above what changed, station names in the tables."""
    _, token = hostile_store
    at = open_page("pages/briefing.py", token=token)
    at.session_state[briefing_ui.VIEW_SELECT] = view
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = rendered_texts(at)
    assert not {text: markup_from_hostile(text) for text in texts if markup_from_hostile(text)}, view


@pytest.mark.parametrize(
    ("page", "who"),
    [
        ("pages/impact_entry.py", "admin"),
        ("pages/checklists.py", "item"),
        ("pages/impact.py", "source"),
        ("pages/account.py", "admin"),
    ],
)
def test_the_typed_text_is_still_shown_escaped(hostile_store, page, who):
    """The control of the tests above: the names are on the page (escaped), not left out."""
    _, token = hostile_store
    texts = rendered_texts(open_page(page, token=token))
    assert any(plain(hostile(who)) in text for text in texts), (page, [t for t in texts if MARK in t])
    shown = [MARKDOWN.render(text) for text in texts if plain(hostile(who)) in text]
    assert any("![x](http://example.invalid/x.png) **bold** &lt;img src=x&gt;" in html for html in shown), shown


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "# heading",
        "- item",
        "1. item",
        "> quote",
        "a\n===",
        "`code`",
        "$x^2$",
        "[link](http://example.invalid)",
        ":red[red] :material/home:",
        "a | b",
        "~~gone~~",
        "&lt;b&gt;",
        "line one\n\n# two",
        "_em_",
        "<script>alert(1)</script>",
    ],
)
def test_plain_renders_exactly_the_typed_characters(text):
    html = MARKDOWN.render(plain(text)).strip()
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1, html
    inner = html[3:-4]
    expected = " ".join(text.split("\n")).replace("  ", " ")
    assert inner == expected.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"), (
        inner,
        expected,
    )


def test_plain_keeps_none_numbers_and_thai():
    assert plain(None) == ""
    assert plain(0) == "0"
    assert plain("น้ำท่วม ลุ่มน้ำมูล") == "น้ำท่วม ลุ่มน้ำมูล"
    assert plain("M.7 (Sapan Seri) 06:00 Local-Gov") == "M.7 (Sapan Seri) 06:00 Local-Gov"  # ordinary names untouched


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("http://example.invalid/x", "http\\://example.invalid/x"),
        ("see www.example.invalid", "see www\\.example.invalid"),
        (":material/home: :smile:", "\\:material/home: \\:smile:"),
        ("12) item", "12\\) item"),
        ("+ item", "\\+ item"),
        ("a_b", "a\\_b"),
        ("R&D", "R\\&D"),
    ],
)
def test_plain_breaks_bare_links_shortcodes_and_block_starts(text, escaped):
    """GitHub's bare links and Streamlit's shortcodes, which a CommonMark parser does not know."""
    assert plain(text) == escaped


def test_plain_table_escapes_text_cells_and_index_and_keeps_numbers():
    frame = pd.DataFrame({"name": ["**a**", None], "n": [1, 2]}, index=pd.Index(["![i](x)", "b"], name="k"))
    frame.attrs["classes"] = ["high", "low"]
    out = plain_table(frame)
    assert (
        out.loc["\\!\\[i\\](x)", "name"] == "\\*\\*a\\*\\*"
        and pd.isna(out.loc["b", "name"])
        and list(out["n"]) == [1, 2]
    )
    assert list(out.index) == ["\\!\\[i\\](x)", "b"] and out.index.name == "k"
    assert out.attrs == {"classes": ["high", "low"]} and frame.loc["![i](x)", "name"] == "**a**"
