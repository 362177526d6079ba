"""The sources page at a laptop's width: the table holds only short columns, each source's
error and its fix command are written below it (they were cut off at the right at 1600 px),
and the summary counts each source once ('1 ok · 3 stale · 4 failing · 2 never' added up to
10 for 6 sources). The rule: never fetched > failing > stale > ok, the first that holds."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from tests.support.sources_page import mixed_attempts, open_sources_page, sqlite_with_attempts
from ui.ops import source_status, status_counts


def _fresh(stale=False, never=False, failing=False):
    return SimpleNamespace(stale=stale, never=never, failing=failing)


@pytest.mark.parametrize(
    "fresh, status",
    [
        (_fresh(), "ok"),
        (_fresh(stale=True), "stale"),
        (_fresh(failing=True), "failing"),
        (_fresh(stale=True, failing=True), "failing"),
        (_fresh(stale=True, never=True), "never"),
        (_fresh(stale=True, never=True, failing=True), "never"),
    ],
)
def test_one_status_per_source(fresh, status):
    assert source_status(fresh) == status


def test_counts_add_up_to_the_sources():
    states = [
        _fresh(),
        _fresh(stale=True),
        _fresh(stale=True, failing=True),
        _fresh(stale=True, never=True, failing=True),
        _fresh(stale=True, never=True),
        _fresh(failing=True),
    ]
    counts = status_counts(states)
    assert counts == {"ok": 1, "stale": 1, "failing": 2, "never": 2} and sum(counts.values()) == len(states)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_errors_and_fixes_below_a_narrow_table(lang, tmp_path, monkeypatch):
    url = sqlite_with_attempts(tmp_path, mixed_attempts(datetime.now(UTC)))
    at = open_sources_page(url, lang, monkeypatch, tmp_path)
    assert not at.exception, [e.value for e in at.exception]
    df = at.dataframe[0].value
    cells = " ".join(map(str, df.values.ravel()))
    assert "manage.py" not in cells and "20 s" not in cells and "HTTP 500" not in cells
    from i18n import t

    assert t("ops.col.fix", lang) not in df.columns and t("sources.col.error", lang) not in df.columns
    below = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.code)
    assert "HTTP 500" in below
    assert (
        "GISTDA_API_KEY" in below
        and "ingest --source open_meteo_flood" in below
        and ("20 s" in below or "20 วินาที" in below)
    )
    summary = next(c.value for c in at.caption if "·" in c.value)
    numbers = [int(w) for w in summary.replace("·", " ").split() if w.isdigit()]
    assert numbers == [1, 1, 1, 1]  # ok, stale, failing, never: 4 sources
