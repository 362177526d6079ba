"""Impact figures: the record's fields and their ceilings, the ``Problem``/``Validation``
outcome of a check, village → district roll-up, the entry form's checks, province totals,
change since the previous report and flood-extent areas (exports: ``ops.exports``). Pure: no IO.
Checking imported files is ``domain.impact_validation`` (impact rows, cells in
``domain.impact_cells``), evacuation centres ``domain.shelters``, map classes ``domain.class_breaks``.

A validated impact frame has one row per district and report time with the columns
``district_code`` (4-digit DOPA), ``report_time`` (aware UTC datetime), every name in
``FIELDS`` (int, or float for rai) and ``declared_zone_date`` (``datetime.date`` or None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from i18n import CATALOGUE, t

RAI_M2 = 1600.0


@dataclass(frozen=True)
class Field:
    name: str
    unit: str  # i18n key suffix: impact.unit.<unit>
    is_float: bool = False


FIELDS: tuple[Field, ...] = (
    Field("affected_subdistricts", "subdistricts"),
    Field("affected_villages", "villages"),
    Field("affected_households", "households"),
    Field("affected_people", "people"),
    Field("evacuated_households", "households"),
    Field("evacuated_people", "people"),
    Field("deaths", "people"),
    Field("injured", "people"),
    Field("missing", "people"),
    Field("houses_destroyed", "houses"),
    Field("houses_damaged", "houses"),
    Field("farm_rice_rai", "rai", True),
    Field("farm_horticulture_rai", "rai", True),
    Field("farm_field_crops_rai", "rai", True),
    Field("farm_other_rai", "rai", True),
    Field("livestock_head", "head"),
    Field("fish_ponds", "ponds"),
    Field("roads_damaged", "roads"),
    Field("bridges_damaged", "places"),
    Field("weirs_damaged", "places"),
    Field("centres_open", "places"),
    Field("people_in_centres", "people"),
    Field("people_with_relatives", "people"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
FLOAT_FIELDS = frozenset(f.name for f in FIELDS if f.is_float)
FARM_FIELDS = ("farm_rice_rai", "farm_horticulture_rai", "farm_field_crops_rai", "farm_other_rai")
EVACUATION_PAIRS = (("evacuated_people", "affected_people"), ("evacuated_households", "affected_households"))
# indicators the map offers: name -> how to compute it from a report frame
INDICATORS = ("affected_households", "affected_people", "evacuated_people", "flooded_rai", "farmland_rai")
FUTURE_TOLERANCE = timedelta(minutes=10)

# Highest plausible figure of one district report, by unit. geothai carries no population
# (nor do the reference files), so these are documented ceilings rather than the province's
# own figures: Bangkok, the most populous province, has about 5.5 million registered people
# and Nakhon Ratchasima, the largest, about 12.8 million rai. Each ceiling is far below
# 2,147,483,647, PostgreSQL's INTEGER limit, so SQLite and PostgreSQL accept the same values.
CEILINGS = {
    "people": 10_000_000,
    "households": 5_000_000,
    "rai": 20_000_000,
    "head": 100_000_000,
    "subdistricts": 100_000,
    "villages": 100_000,
    "houses": 5_000_000,
    "ponds": 5_000_000,
    "roads": 1_000_000,
    "places": 1_000_000,
}
FIELD_CEILINGS = {f.name: CEILINGS[f.unit] for f in FIELDS}


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: ``code`` picks the message (``impact.err.<code>``)."""

    row: int
    column: str
    code: str
    value: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str) -> str:
        label = f"impact.field.{self.column}"
        column = t(label, lang) if label in CATALOGUE else self.column
        text = t(f"impact.err.{self.code}", lang, value=self.value, column=column, **dict(self.params))
        return t("impact.err.at_row", lang, row=self.row, text=text) if self.row else text


@dataclass
class Validation:
    """Outcome of checking a file: ``records`` is meaningful only when ``ok``."""

    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    skipped_other_province: int = 0  # rows a national file labels with another province

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.problems]


def empty_reports() -> pd.DataFrame:
    return pd.DataFrame(columns=["district_code", "report_time", *FIELD_NAMES, "declared_zone_date"])


def roll_up(records: pd.DataFrame, level: str) -> pd.DataFrame:
    """Village rows -> one row per district and report time: figures summed, affected
    subdistricts and villages counted (distinct non-empty values), the earliest declared
    date kept. District rows pass through."""
    if records.empty:
        return empty_reports()
    keys = ["district_code", "report_time"]
    sums = records.groupby(keys, sort=True)[list(FIELD_NAMES)].sum()
    declared = records.groupby(keys, sort=True)["declared_zone_date"].agg(
        lambda s: min((d for d in s if d is not None), default=None)
    )  # type: ignore[type-var]  # pandas-stubs: agg's lambda may return None (no declared date)
    out = sums.join(declared)
    if level == "village":
        grouped = records.groupby(keys, sort=True)
        out["affected_subdistricts"] = grouped["subdistrict"].agg(lambda s: s[s != ""].nunique())
        out["affected_villages"] = grouped["village"].agg(
            lambda s: s[s != ""].nunique() + (s == "").sum()
        )  # rows without a village key count once each
    out = out.reset_index()
    for name in FIELD_NAMES:
        out[name] = out[name].astype(float if name in FLOAT_FIELDS else "int64")
    out["declared_zone_date"] = out["declared_zone_date"].astype(object).where(out["declared_zone_date"].notna(), None)
    return out[["district_code", "report_time", *FIELD_NAMES, "declared_zone_date"]]


def validate_form(values: dict, now: datetime) -> list[Problem]:
    """The entry form's figures (already numbers): negative, evacuated > affected, future time."""
    problems = []
    for f in FIELDS:
        v = values.get(f.name, 0) or 0
        if v < 0:
            problems.append(Problem(0, f.name, "negative", str(v)))
        elif v > FIELD_CEILINGS[f.name]:
            problems.append(Problem(0, f.name, "too_large", str(v), (("ceiling", f"{FIELD_CEILINGS[f.name]:,.0f}"),)))
    for evacuated, affected in EVACUATION_PAIRS:
        if (values.get(evacuated) or 0) > (values.get(affected) or 0):
            problems.append(
                Problem(
                    0,
                    evacuated,
                    "evacuated_gt_affected",
                    str(values[evacuated]),
                    (("affected", str(values[affected])),),
                )
            )
    if values.get("report_time") and values["report_time"] > now + FUTURE_TOLERANCE:
        problems.append(Problem(0, "report_time", "future", str(values["report_time"])))
    return problems


def changes(previous: dict | None, new: dict) -> list[tuple[str, object, object]]:
    """(field, before, after) for every figure that differs from the previous report."""
    names = (*FIELD_NAMES, "declared_zone_date")
    before = previous or {}
    out = []
    for name in names:
        old, now_value = before.get(name), new.get(name)
        if _differs(old, now_value):
            out.append((name, old, now_value))
    return out


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return not math.isclose(float(a or 0), float(b or 0), abs_tol=1e-9)
    return (a or None) != (b or None)


# ---- totals, history, indicators -----------------------------------------------------------


def add_indicators(reports: pd.DataFrame, flooded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Adds ``farmland_rai`` (all crops) and ``flooded_rai`` (from a frame of
    district_code, area_rai; 0 where absent)."""
    out = reports.copy()
    out["farmland_rai"] = out[list(FARM_FIELDS)].sum(axis=1) if not out.empty else pd.Series(dtype=float)
    areas = (
        {}
        if flooded is None or flooded.empty
        else dict(zip(flooded["district_code"], flooded["area_rai"], strict=True))
    )
    out["flooded_rai"] = [float(areas.get(code, 0.0)) for code in out["district_code"]]
    return out


def latest_per_district(history: pd.DataFrame, as_of: datetime | None = None) -> pd.DataFrame:
    """The last report of each district at or before ``as_of`` (all when None)."""
    if history.empty:
        return history
    frame = history if as_of is None else history[history["report_time"] <= as_of]
    return (
        frame.sort_values("report_time")
        .groupby("district_code", as_index=False)
        .tail(1)
        .sort_values("district_code", ignore_index=True)
    )


def report_times(history: pd.DataFrame) -> list[datetime]:
    return sorted(set(history["report_time"])) if not history.empty else []


def change_since_previous(history: pd.DataFrame) -> pd.DataFrame:
    """Province totals now and at the previous report time (each district's latest report
    at or before that time): columns field, current, previous, change. ``previous`` is NaN
    when there is only one report time."""
    times = report_times(history)
    current = latest_per_district(history)[list(FIELD_NAMES)].sum() if times else pd.Series(0, index=list(FIELD_NAMES))
    if len(times) >= 2:
        previous = latest_per_district(history, times[-2])[list(FIELD_NAMES)].sum()
    else:
        previous = pd.Series(np.nan, index=list(FIELD_NAMES))
    out = pd.DataFrame(
        {"field": list(FIELD_NAMES), "current": current.values.astype(float), "previous": previous.values.astype(float)}
    )
    out["change"] = out["current"] - out["previous"]
    return out


def declared_zones(latest: pd.DataFrame) -> pd.DataFrame:
    """Districts with a declared disaster-assistance zone: district_code, declared_zone_date."""
    if latest.empty:
        return pd.DataFrame(columns=["district_code", "declared_zone_date"])
    declared = latest[latest["declared_zone_date"].notna()]
    return declared[["district_code", "declared_zone_date"]].sort_values("declared_zone_date", ignore_index=True)


# ---- flood extent -----------------------------------------------------------------------------


def areas_from_attributes(features: pd.DataFrame) -> pd.DataFrame:
    """Without district polygons: sum the source's own ``area_m2`` per ``district_code``
    -> district_code, area_km2, area_rai."""
    if features.empty:
        return pd.DataFrame(columns=["district_code", "area_km2", "area_rai"])
    sums = features.groupby("district_code", as_index=False)["area_m2"].sum()
    return pd.DataFrame(
        {
            "district_code": sums["district_code"],
            "area_km2": sums["area_m2"] / 1e6,
            "area_rai": sums["area_m2"] / RAI_M2,
        }
    )
