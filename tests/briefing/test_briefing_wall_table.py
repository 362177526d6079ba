"""The wall's key-station table: the class badge never wraps ("ไม่ / ทราบ"), Thai cells break
only between words (never "แนว / โน้ม" inside แนวโน้ม), and an unknown trend is a dash, not
"? ไม่ทราบแนวโน้ม" with a stray question mark."""

import re
from html import unescape

import pytest

from briefing.snapshot import build_snapshot
from briefing.thai_text import break_units
from briefing.wall import WALL_CSS, view_html
from i18n import t
from tests.briefing.briefing_data import REPLAY_AT, replay_store


@pytest.fixture
def snapshot(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    return build_snapshot(
        replay_store(settings), settings, at=REPLAY_AT.replace(day=30)
    )  # a day on: all stale, trend unknown


def _cells(html):
    return re.findall(r"<td[^>]*>(.*?)</td>", html)


def test_class_badge_does_not_wrap():
    rule = re.search(r"\.fr-chip \{([^}]*)\}", WALL_CSS).group(1)
    assert "white-space: nowrap" in rule


@pytest.mark.parametrize("lang", ["th", "en"])
def test_unknown_trend_is_a_dash_without_a_question_mark(snapshot, lang):
    html = view_html("stations", snapshot, None, lang, 1, 1)
    texts = [unescape(re.sub(r"<[^>]+>", "", c)) for c in _cells(html)]
    assert texts and not any("?" in c for c in texts)
    assert t("water.trend.unknown", lang) not in "".join(texts)


def test_thai_cells_break_only_between_words(snapshot):
    html = view_html("stations", snapshot, None, "th", 1, 1)
    assert "fr-w" in re.search(r"\.fr-w \{([^}]*)\}", WALL_CSS).group(0) and "nowrap" in re.search(
        r"\.fr-w \{([^}]*)\}", WALL_CSS
    ).group(1)
    for cell in _cells(html):
        text = unescape(re.sub(r"<[^>]+>", "", cell))
        if not re.search("[\u0e00-\u0e7f]", text) or "fr-chip" in cell:
            continue
        words = [unescape(w) for w in re.findall(r'<span class="fr-w">([^<]*)</span>', cell)]
        assert [u for u in break_units(text) if not u.isspace()] == words, cell
