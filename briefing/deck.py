"""The briefing deck from live data, as PPTX (python-pptx) or PDF (fpdf2 with HarfBuzz
shaping and the embedded Sarabun font, OFL-1.1, from ``fontpkg-sarabun``).

Slides, in order (``SLIDES``): title (province, date and time in Thai), map, key stations (then
the level forecast, one sentence per key station, when the snapshot carries forecasts), the
large dams of the key stations' basins (``briefing.dams``), impact by district, response
progress, what changed, sources. A slide whose data is absent would carry one sentence on an
empty page: ``compact_slides`` drops it and puts its sentence ('Impact by district: no impact
reports yet') on the title slide, so nothing is hidden and no page is nearly empty. The title
and sources slides are always kept.

    build_deck(engine, settings, fmt, lang="th", at=None, geojson=...) -> bytes    (reads the store)
    deck_content(snapshot, changes, since, lang, images) -> list[Slide]            (pure)
    render_pptx(slides) -> bytes;  render_pdf(slides) -> bytes
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from briefing import tables
from briefing.dams import dams_caption, dams_table
from briefing.figures import impact_chart, render_images, static_situation_map
from briefing.forecast_lines import forecast_table
from briefing.snapshot import build_snapshot, has_impact
from domain.changes import compare_snapshots
from i18n import actor_name, t
from i18n.timefmt import format_date, format_datetime, to_bangkok

FORMATS = ("pptx", "pdf")
SLIDES = ("title", "map", "stations", "dams", "impact", "response", "changes", "sources")
IMAGE_SIZE = (1600, 900)
DECK_DAM_COLUMNS = ("dam", "basin", "pct", "released", "released_change", "spilled", "spilled_change", "date", "status")


@dataclass
class Slide:
    name: str  # one of SLIDES, or "forecast" (after "stations", when the snapshot carries level forecasts)
    title: str
    subtitle: str = ""
    table: pd.DataFrame | None = None
    image: bytes | None = None
    note: str = ""  # an empty state or a remark, shown in place of the figure
    captions: list[tuple[str, bool]] = field(default_factory=list)  # (text, stale)
    fills: dict[str, list[str | None]] = field(default_factory=dict)  # column -> each row's "#RRGGBB" or None


class DeckError(ValueError):
    """A deck that cannot be built as asked (unknown format or language)."""


def _empty(df: pd.DataFrame | None) -> bool:
    return df is None or df.empty


def deck_dams(records: list[dict], lang: str) -> tuple[pd.DataFrame, dict[str, list[str | None]]]:
    """The dams slide's table (what the brief asks for; storage and inflow stay on the web page)
    and its fills: the % column in HII's colour of each row (None for a stale report)."""
    dams = dams_table(records, lang)
    if dams.empty:
        return dams, {}
    fills = {t("dams.col.pct", lang): [c if isinstance(c, str) and c else None for c in dams["_colour"]]}
    return dams[[t(f"dams.col.{k}", lang) for k in DECK_DAM_COLUMNS]], fills


def deck_content(
    snapshot: dict, changes: pd.DataFrame | None, since: dict | None, lang: str, images: dict[str, bytes]
) -> list[Slide]:
    """The slides' words, tables and images (no rendering). ``since``: the briefing compared
    with ({'taken_at', 'saved_by_name'}) or None."""
    province = snapshot["province_th"] if lang == "th" else snapshot["province_en"]
    taken = datetime.fromisoformat(snapshot["taken_at"])
    water = tables.source_caption(snapshot, "thaiwater", lang)
    impact = tables.source_caption(snapshot, "impact", lang)
    stations = tables.stations_table(snapshot, lang, key_only=True)  # the key stations the web shows
    impacts = tables.impact_table(snapshot, lang)
    progress = tables.progress_table(snapshot, lang)
    changed = tables.changes_table(changes, lang)
    dams, dam_fills = deck_dams(snapshot.get("dams") or [], lang)
    when = f"{format_date(taken, lang, full_month=True)} {to_bangkok(taken):%H:%M}"
    since_text = (
        t(
            "briefing.since",
            lang,
            time=format_datetime(datetime.fromisoformat(since["taken_at"]), lang),
            who=actor_name(since["saved_by_name"], lang),
        )
        if since
        else ""
    )
    return [
        Slide(
            "title",
            t("briefing.deck.title", lang, province=province),
            t("briefing.deck.as_of", lang, time=when),
            note=t("briefing.deck.generated", lang, time=format_datetime(datetime.now(UTC), lang)),
        ),
        Slide(
            "map",
            t("briefing.view.map", lang),
            image=images.get("map"),
            note="" if images.get("map") else t("briefing.deck.map_missing", lang),
            captions=[water, impact] if has_impact(snapshot) else [water],
        ),
        Slide(
            "stations",
            t("briefing.view.stations", lang),
            table=stations,
            note=t("briefing.why.water", lang) if _empty(stations) else "",
            captions=[
                water,
                *([(forecast, False)] if (forecast := tables.forecast_reason(snapshot, lang)) else []),
                *([peak] if (peak := tables.forecast_peak_label(snapshot, lang)) else []),
            ],
        ),
        *(
            [Slide("forecast", t("forecast.heading", lang), table=forecast_table(snapshot, lang))]
            if snapshot.get("forecasts")
            else []
        ),
        Slide(
            "dams",
            t("dams.slide", lang),
            table=dams,
            fills=dam_fills,
            note=t("dams.none_short", lang) if _empty(dams) else "",
            captions=[] if _empty(dams) else [dams_caption(snapshot["dams"], lang)],
        ),
        Slide(
            "impact",
            t("briefing.view.impact", lang),
            table=impacts,
            image=images.get("impact"),
            note=t("briefing.no_impact", lang) if _empty(impacts) else "",
            captions=[impact] if has_impact(snapshot) else [],
        ),
        Slide(
            "response",
            t("briefing.view.response", lang),
            subtitle=(snapshot.get("checklist") or {}).get("name", ""),
            table=progress,
            note=t("briefing.no_progress", lang) if _empty(progress) else "",
            captions=[]
            if _empty(progress)
            else [(t("briefing.progress_as_of", lang, time=format_datetime(taken, lang)), False)],
        ),
        Slide(
            "changes",
            t("briefing.view.changes", lang),
            subtitle=since_text,
            table=changed,
            note=(t("briefing.deck.no_briefing", lang) if since is None else t("briefing.no_changes", lang))
            if _empty(changed)
            else "",
        ),
        Slide("sources", t("briefing.deck.sources", lang), table=tables.sources_table(snapshot, lang)),
    ]


def compact_slides(slides: list[Slide]) -> list[Slide]:
    """The rule for nearly empty slides: a slide with neither a table nor an image (only its
    empty-state note) is left out, and 'its title: its note' becomes a caption of the title
    slide. The title and sources slides stay whatever they hold."""
    kept, absent = [], []
    for s in slides:
        if s.name in ("title", "sources") or s.image is not None or not _empty(s.table):
            kept.append(s)
        elif s.note:
            absent.append((f"{s.title}: {s.note}", False))
    if kept and kept[0].name == "title":
        kept[0] = Slide(**{**kept[0].__dict__, "captions": [*kept[0].captions, *absent]})
    return kept


def build_deck(
    engine,
    settings,
    fmt: str,
    lang: str = "th",
    at: datetime | None = None,
    geojson: dict | None = None,
    snapshot: dict | None = None,
) -> bytes:
    """The deck of the situation now (or at ``at``) compared with the newest saved briefing
    before it. ``geojson``: the districts for the map (``geo.display.districts_geojson``)."""
    from store.briefings import latest_briefing

    if fmt not in FORMATS:
        raise DeckError(f"format {fmt!r} is not known; allowed: {', '.join(FORMATS)}")
    if lang not in ("th", "en"):
        raise DeckError(f"language {lang!r} is not known; allowed: th, en")
    snapshot = snapshot or build_snapshot(engine, settings, at)
    taken = datetime.fromisoformat(snapshot["taken_at"])
    previous = latest_briefing(engine, settings.province_code, before=taken)
    changes = compare_snapshots(previous.snapshot, snapshot) if previous else None
    since = {"taken_at": previous.snapshot["taken_at"], "saved_by_name": previous.saved_by_name} if previous else None
    figures = {
        name: fig
        for name, fig in (
            ("map", static_situation_map(snapshot, geojson, lang, *IMAGE_SIZE)),
            ("impact", impact_chart(snapshot, lang)),
        )
        if fig is not None
    }
    images = render_images(figures, *IMAGE_SIZE)
    slides = compact_slides(deck_content(snapshot, changes, since, lang, images))
    if fmt == "pptx":
        from briefing.pptx_render import render_pptx

        return render_pptx(slides)
    from briefing.pdf_render import render_pdf

    return render_pdf(slides)
