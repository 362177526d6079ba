"""What the deck and the public summary say, from the stored 2020 replay and from a store
without impact data: the same key stations as the web, no gauge-datum duplicates, no
"stale, as of –" caption for a source that never delivered, no empty heading."""

import re

from briefing import tables
from briefing.deck import deck_content
from briefing.snapshot import build_snapshot
from domain.summary import public_summary
from i18n import t
from tests.briefing.briefing_data import REPLAY_AT, ingest_water

KEY_CODES = {"E.98", "M.11B", "M.182", "M.5", "M.7"}


def _slide(slides, name):
    return next(s for s in slides if s.name == name)


def test_key_station_slide_lists_the_key_stations_of_the_web(briefing_engine, settings):
    snapshot = build_snapshot(briefing_engine, settings, at=REPLAY_AT)
    slide = _slide(deck_content(snapshot, None, None, "th", {}), "stations")
    codes = set(slide.table[t("briefing.col.station", "th")])
    assert codes == KEY_CODES


def test_gauge_datum_duplicates_are_not_stations(briefing_engine, settings):
    codes = {s["station_code"] for s in build_snapshot(briefing_engine, settings, at=REPLAY_AT)["stations"]}
    assert {"M.7", "E.98", "M.179A"} <= codes
    assert not codes & {"M7", "E98", "M179A"}


def test_impact_slide_without_impact_data_says_no_report_yet(engine, settings):
    ingest_water(engine, settings)
    snapshot = build_snapshot(engine, settings, at=REPLAY_AT)
    slides = deck_content(snapshot, None, None, "en", {})
    impact = _slide(slides, "impact")
    assert impact.note == t("briefing.no_impact", "en")
    assert impact.captions == []
    assert all("–" not in text for s in slides for text, _ in s.captions), [s.captions for s in slides]


def test_public_summary_has_no_empty_rivers_heading(engine, settings):
    snapshot = build_snapshot(engine, settings)  # nothing stored at all
    for lang in ("th", "en"):
        text = public_summary(snapshot, lang)
        assert t("briefing.summary.river", lang) not in text.splitlines()
        assert t("briefing.summary.no_river", lang) in text
    assert tables.stations_table(snapshot, "th", key_only=True).empty


AT_1330 = REPLAY_AT.replace(hour=6, minute=30)  # 13:30 Bangkok: M.7 was read at 06:00, its daily round


def test_snapshot_keeps_each_stations_cadence(briefing_engine, settings):
    stations = {s["station_code"]: s for s in build_snapshot(briefing_engine, settings, at=AT_1330)["stations"]}
    m7 = stations["M.7"]
    assert (
        m7["cadence"] == "daily"
        and m7["cadence_time"] == "06:00"
        and m7["stale_after_s"] > 6 * 3600
        and not m7["stale"]
    )


def test_deck_and_wall_say_read_daily_beside_the_level(briefing_engine, settings):
    from briefing.wall import view_html

    snapshot = build_snapshot(briefing_engine, settings, at=AT_1330)
    for lang, words in (("th", "อ่านค่าวันละครั้ง เวลา 06:00 น."), ("en", "read daily at 06:00")):
        slide = _slide(deck_content(snapshot, None, None, lang, {}), "stations")
        level = slide.table.set_index(t("briefing.col.station", lang)).loc["M.7", t("briefing.col.level", lang)]
        assert level.startswith("107.04") and words in level
        assert words in re.sub(r"<[^>]+>", "", view_html("stations", snapshot, None, lang, 2, 5))  # Thai words as spans


def test_slides_with_only_an_empty_state_go_to_the_title_slide(engine, settings):
    from briefing.deck import compact_slides

    ingest_water(engine, settings)
    slides = compact_slides(deck_content(build_snapshot(engine, settings, at=REPLAY_AT), None, None, "en", {}))
    assert [s.name for s in slides] == ["title", "stations", "dams", "sources"]  # ingest_water stores the dams too
    notes = [text for text, _ in slides[0].captions]
    assert f"{t('briefing.view.impact', 'en')}: {t('briefing.no_impact', 'en')}" in notes
    assert f"{t('briefing.view.response', 'en')}: {t('briefing.no_progress', 'en')}" in notes
    assert len(notes) == 4  # map, impact, response, changes


def test_english_deck_names_stations_in_english_where_the_feed_has_them(briefing_engine, settings):
    snapshot = build_snapshot(briefing_engine, settings, at=REPLAY_AT)
    slide = _slide(deck_content(snapshot, None, None, "en", {}), "stations")
    english = {s["station_code"]: s["name_en"] for s in snapshot["stations"] if s["name_en"]}
    names = dict(
        zip(slide.table[t("briefing.col.station", "en")], slide.table[t("briefing.col.name", "en")], strict=True)
    )
    assert all(names[code] == english[code] for code in names if code in english)
    # the feed has no English name for RID's key stations: the configured river and place stand in
    assert names["M.7"] == "Mun, Mueang Ubon Ratchathani" and names["M.5"] == "Mun, Rasi Salai, Si Sa Ket (upstream)"
    assert not any("\u0e00" <= ch <= "\u0e7f" for name in names.values() for ch in name), names
    assert (
        _slide(deck_content(snapshot, None, None, "th", {}), "stations")
        .table.set_index(t("briefing.col.station", "th"))
        .loc["M.7", t("briefing.col.name", "th")]
        == "สะพานเสรีประชาธิปไตย"
    )
