"""Briefing test data: the recorded 2020 ThaiWater reply through the real ingest job, and
small impact reports and evacuation centres through the impact write path."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import requests
from sqlalchemy.engine import Engine

import ingest.thaiwater as thaiwater_job
import ingest.thaiwater_dams as thaiwater_dams_job
from auth import SYSTEM, User
from briefing.snapshot import build_snapshot
from domain.impact import FIELD_NAMES, FLOAT_FIELDS
from geo.boundaries import import_boundary_file
from ingest import IngestContext, run_job
from store import checklist_items, checklists
from store.briefings import save_briefing
from store.db import make_engine, migrate
from store.impact import save_impact_reports, save_shelters
from tests.support.ci import reference_path

# the recorded reply's readings are from 29 June 2020 (Bangkok); read the situation then
REPLAY_AT = datetime(2020, 6, 29, 0, 30, tzinfo=UTC)
FIRST_REPORT = datetime(2020, 6, 28, 0, 0, tzinfo=UTC)
SECOND_REPORT = datetime(2020, 6, 29, 0, 0, tzinfo=UTC)


def impact_rows(report_time: datetime, figures: dict[str, dict]) -> pd.DataFrame:
    """A validated impact frame: every field 0 unless given, per district code."""
    rows = []
    for code, values in figures.items():
        row = {
            "district_code": code,
            "report_time": report_time,
            "declared_zone_date": values.pop("declared_zone_date", None),
        }
        row.update({name: (0.0 if name in FLOAT_FIELDS else 0) for name in FIELD_NAMES})
        row.update(values)
        rows.append(row)
    return pd.DataFrame(rows)


def ingest_water(engine, settings) -> None:
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    outcome = run_job(IngestContext(settings, engine, requests.Session()), thaiwater_job, from_file=path)
    assert outcome.ok, outcome.error
    dams = reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")
    outcome = run_job(IngestContext(settings, engine, requests.Session()), thaiwater_dams_job, from_file=dams)
    assert outcome.ok, outcome.error


def add_first_report(engine) -> None:
    save_impact_reports(
        engine,
        SYSTEM,
        impact_rows(
            FIRST_REPORT,
            {
                "3401": {
                    "affected_villages": 10,
                    "affected_households": 500,
                    "affected_people": 1500,
                    "evacuated_people": 100,
                },
                "3404": {"affected_villages": 2, "affected_households": 40, "affected_people": 120},
            },
        ),
        source="test: first report",
    )


def add_second_report(engine) -> None:
    save_impact_reports(
        engine,
        SYSTEM,
        impact_rows(
            SECOND_REPORT,
            {
                "3401": {
                    "affected_villages": 14,
                    "affected_households": 700,
                    "affected_people": 2100,
                    "evacuated_people": 250,
                    "centres_open": 1,
                    "people_in_centres": 80,
                    "declared_zone_date": date(2020, 6, 29),
                },
                "3404": {"affected_villages": 2, "affected_households": 40, "affected_people": 120},
            },
        ),
        source="test: second report",
    )
    save_shelters(
        engine,
        SYSTEM,
        pd.DataFrame(
            [
                {
                    "district_code": "3401",
                    "name": "โรงเรียนบ้านท่าบ่อ",
                    "village": "ท่าบ่อ",
                    "lat": 15.23,
                    "lon": 104.85,
                    "capacity": 200,
                    "people_now": 80,
                    "water": True,
                    "toilets": True,
                    "medical": False,
                    "opened_on": date(2020, 6, 28),
                    "closed_on": None,
                }
            ]
        ),
        source="test: shelters",
    )


TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "flood_province_default.toml"


def open_checklist(engine) -> int:
    """The default template opened for Mueang (3401) and Khueang Nai (3404) an hour before
    the first report; nothing is overdue at the first report."""
    checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"))
    return checklists.open_event(
        engine, SYSTEM, "น้ำท่วมลุ่มน้ำมูล มิ.ย. 2563", "34", ["3401", "3404"], now=FIRST_REPORT - timedelta(hours=1)
    )


def tick_list_vulnerable(engine, event_id: int) -> None:
    """Mueang finishes 'list-vulnerable' (so only Khueang Nai's copy becomes overdue at 23:00 UTC)."""
    items = checklists.items_frame(engine, event_id)
    row = items[(items["item_key"] == "list-vulnerable") & (items["district_code"] == "3401")].iloc[0]
    checklist_items.update_item(
        engine, SYSTEM, int(row["id"]), int(row["version"]), state="done", now=FIRST_REPORT + timedelta(hours=2)
    )


OFFICER = User("somchai", "สมชาย ใจดี", "officer")


def _build_replay_store(settings) -> None:
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    ingest_water(engine, settings)
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    add_first_report(engine)
    event_id = open_checklist(engine)
    save_briefing(engine, OFFICER, build_snapshot(engine, settings, at=FIRST_REPORT), title="เช้า 28 มิ.ย.")
    add_second_report(engine)
    tick_list_vulnerable(engine, event_id)
    engine.dispose()


_REPLAY_TEMPLATES: dict[str, Path] = {}


def replay_store(settings) -> Engine:
    """A migrated SQLite store at ``settings`` holding the whole replay: water levels, the
    reference district boundaries, a briefing saved by an officer after the first report,
    then the second report and a ticked checklist item. Built once per test process (for each
    province) and copied: a dozen tests of four packages read it."""
    folder = Path(settings.data_dir)
    assert settings.database_url == f"sqlite:///{folder / 'floodroom.sqlite3'}", "the replay lives in DATA_DIR"
    template = _REPLAY_TEMPLATES.get(settings.province_code)
    if template is None:
        template = Path(tempfile.mkdtemp(prefix="floodroom-replay-"))
        atexit.register(shutil.rmtree, template, True)
        _build_replay_store(
            replace(settings, data_dir=template, database_url=f"sqlite:///{template / 'floodroom.sqlite3'}")
        )
        _REPLAY_TEMPLATES[settings.province_code] = template
    shutil.copytree(template, folder, dirs_exist_ok=True)
    return make_engine(settings.database_url)
