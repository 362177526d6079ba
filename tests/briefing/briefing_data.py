"""Briefing test data: the recorded 2020 ThaiWater reply through the real ingest job, and
small impact reports and evacuation centres through the impact write path."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
import requests

import ingest.thaiwater as thaiwater_job
from auth import SYSTEM
from domain.impact import FIELD_NAMES, FLOAT_FIELDS
from ingest import IngestContext, run_job
from store.impact import save_impact_reports, save_shelters
from tests.support.ci import reference_path

# the recorded reply's readings are from 29 June 2020 (Bangkok); read the situation then
REPLAY_AT = datetime(2020, 6, 29, 0, 30, tzinfo=timezone.utc)
FIRST_REPORT = datetime(2020, 6, 28, 0, 0, tzinfo=timezone.utc)
SECOND_REPORT = datetime(2020, 6, 29, 0, 0, tzinfo=timezone.utc)


def impact_rows(report_time: datetime, figures: dict[str, dict]) -> pd.DataFrame:
    """A validated impact frame: every field 0 unless given, per district code."""
    rows = []
    for code, values in figures.items():
        row = {"district_code": code, "report_time": report_time, "declared_zone_date": values.pop("declared_zone_date", None)}
        row.update({name: (0.0 if name in FLOAT_FIELDS else 0) for name in FIELD_NAMES})
        row.update(values)
        rows.append(row)
    return pd.DataFrame(rows)


def ingest_water(engine, settings) -> None:
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    outcome = run_job(IngestContext(settings, engine, requests.Session()), thaiwater_job, from_file=path)
    assert outcome.ok, outcome.error


def add_first_report(engine) -> None:
    save_impact_reports(engine, SYSTEM, impact_rows(FIRST_REPORT, {
        "3401": {"affected_villages": 10, "affected_households": 500, "affected_people": 1500, "evacuated_people": 100},
        "3404": {"affected_villages": 2, "affected_households": 40, "affected_people": 120},
    }), source="test: first report")


def add_second_report(engine) -> None:
    save_impact_reports(engine, SYSTEM, impact_rows(SECOND_REPORT, {
        "3401": {"affected_villages": 14, "affected_households": 700, "affected_people": 2100, "evacuated_people": 250,
                 "centres_open": 1, "people_in_centres": 80, "declared_zone_date": date(2020, 6, 29)},
        "3404": {"affected_villages": 2, "affected_households": 40, "affected_people": 120},
    }), source="test: second report")
    save_shelters(engine, SYSTEM, pd.DataFrame([{
        "district_code": "3401", "name": "โรงเรียนบ้านท่าบ่อ", "village": "ท่าบ่อ", "lat": 15.23, "lon": 104.85, "capacity": 200,
        "people_now": 80, "water": True, "toilets": True, "medical": False, "opened_on": date(2020, 6, 28), "closed_on": None}]),
        source="test: shelters")
