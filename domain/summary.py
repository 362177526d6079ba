"""The public summary in plain words, Thai first (English on request), from a briefing
snapshot: river situation at the key stations, affected districts, open evacuation centres,
hotlines, and where the figures come from with their times. Pure: no IO.

    summary_sections(snapshot, lang) -> list[Section]   for the PNG card
    public_summary(snapshot, lang) -> str               for LINE groups and social media
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.stations import station_name
from i18n import CATALOGUE, t
from i18n.timefmt import format_datetime, format_number

MAX_STATIONS = 5
MAX_CENTRES = 4


@dataclass(frozen=True)
class Section:
    heading: str | None
    lines: tuple[str, ...]
    alert: bool = False  # drawn in the warning colour on the card


def _time(iso: str | None, lang: str) -> str:
    return format_datetime(datetime.fromisoformat(iso), lang) if iso else "–"


def source_name(source: str, lang: str) -> str:
    key = f"source.name.{source}"
    return t(key, lang) if key in CATALOGUE else source


def station_state(station: dict, lang: str) -> str:
    """'น้ำมาก ต่ำกว่าตลิ่ง 1.20 ม. และกำลังสูงขึ้น' from a snapshot station."""
    cls = station.get("situation_class") or "unknown"
    below = station.get("below_bank_m")
    if below is None and station.get("level_msl") is not None and station.get("bank_msl") is not None:
        below = station["bank_msl"] - station["level_msl"]
    if cls == "unknown" and below is not None and not station.get("stale"):
        cls = "unclassified" if below >= 0 else "over_bank"
    metres = format_number(abs(below), 2) if below is not None else "–"
    text = t(f"briefing.summary.{cls}", lang, m=metres)
    trend = station.get("trend")
    if cls != "unknown" and trend in ("rising", "falling", "steady"):
        text += " " + t(f"briefing.summary.{trend}", lang)
    return text


def _river(snapshot: dict, lang: str) -> Section:
    stations = [s for s in snapshot.get("stations") or [] if s.get("is_key")][:MAX_STATIONS]
    if not stations:  # a heading with nothing under it reads as a mistake; say why instead
        return Section(None, (t("briefing.summary.no_river", lang),))
    lines = []
    for s in stations:
        name = station_name(s, lang, snapshot.get("province_code")) or s["station_code"]
        lines.append(
            t("briefing.summary.river_line", lang, name=name, code=s["station_code"], state=station_state(s, lang))
        )
    alert = any(s.get("situation_class") in ("high", "over_bank") for s in stations)
    if stations and all(s.get("stale") for s in stations):
        newest = max((s["observed_at"] for s in stations if s.get("observed_at")), default=None)
        lines.append(t("briefing.summary.stale_water", lang, time=_time(newest, lang)))
    return Section(t("briefing.summary.river", lang), tuple(lines), alert)


def _affected(snapshot: dict, lang: str) -> Section:
    hit = [
        d
        for d in snapshot.get("districts") or []
        if (d.get("affected_people") or 0) > 0 or (d.get("affected_villages") or 0) > 0
    ]
    if not hit:
        return Section(None, (t("briefing.summary.no_affected", lang),))
    hit.sort(key=lambda d: -(d.get("affected_people") or 0))
    names = ", ".join(
        t("briefing.summary.district_short", lang, name=d["name_th"] if lang == "th" else d["name_en"]) for d in hit
    )
    total = lambda field: format_number(sum(d.get(field) or 0 for d in hit))  # noqa: E731
    return Section(
        None,
        (
            t("briefing.summary.affected", lang, count=len(hit), names=names),
            t(
                "briefing.summary.people",
                lang,
                people=total("affected_people"),
                households=total("affected_households"),
                evacuees=total("evacuated_people"),
            ),
        ),
        True,
    )


def _centres(snapshot: dict, lang: str) -> Section:
    centres = (snapshot.get("shelters") or [])[:MAX_CENTRES]
    if not centres:
        return Section(None, (t("briefing.summary.no_centres", lang),))
    districts = {d["district_code"]: d for d in snapshot.get("districts") or []}

    def short(code: str) -> str:
        name = districts.get(code, {}).get("name_th" if lang == "th" else "name_en", code)
        return t("briefing.summary.district_short", lang, name=name)

    names = ", ".join(f"{c['name']} ({short(c['district_code'])})" for c in centres)
    return Section(None, (t("briefing.summary.centres", lang, names=names),))


def _sources(snapshot: dict, lang: str) -> Section:
    parts = []
    for s in snapshot.get("sources") or []:
        stale = f" — {t('briefing.status.stale', lang)}" if s.get("stale") else ""
        parts.append(f"{source_name(s['source'], lang)} {_time(s.get('as_of'), lang)}{stale}")
    return Section(None, (t("briefing.summary.sources", lang, sources="; ".join(parts) or "–"),))


def summary_title(snapshot: dict, lang: str) -> str:
    province = snapshot["province_th"] if lang == "th" else snapshot["province_en"]
    return t("briefing.summary.title", lang, province=province, time=_time(snapshot["taken_at"], lang))


def summary_sections(snapshot: dict, lang: str = "th") -> list[Section]:
    """Title, river, affected districts, centres, hotlines and sources, in that order."""
    return [
        Section(summary_title(snapshot, lang), ()),
        _river(snapshot, lang),
        _affected(snapshot, lang),
        _centres(snapshot, lang),
        Section(None, (t("briefing.summary.hotlines", lang),), True),
        _sources(snapshot, lang),
    ]


def public_summary(snapshot: dict, lang: str = "th") -> str:
    """The summary as plain text, ready to paste (sections separated by blank lines)."""
    blocks = []
    for section in summary_sections(snapshot, lang):
        lines = ([section.heading] if section.heading else []) + [
            ("• " + line) if section.heading and section.lines else line for line in section.lines
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(b for b in blocks if b)
