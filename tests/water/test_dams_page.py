"""The dams section of the water-levels page (AppTest from dashboard.py) with the recorded
2020 ThaiWater replies: the nine dams of the Mun and Chi (the key stations' basins) and none
other, HII's colour on the % cell, the report's date and source; an honest empty state
before the dams are fetched; stale said when the report is old."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ingest.thaiwater as water_job
import ingest.thaiwater_dams as dams_job
from config import load_settings
from i18n import t
from ingest import IngestContext, run_job
from store.db import make_engine, migrate
from tests.support.ci import reference_path
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]
UBON_DAMS = {"สิรินธร", "อุบลรัตน์", "จุฬาภรณ์", "ลำปาว", "ลำตะคอง", "ลำพระเพลิง", "มูลบน", "ลำแชะ", "ลำนางรอง"}


def _store(tmp_path, monkeypatch, with_dams: bool) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    ctx = IngestContext(settings, engine, None)
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    assert run_job(ctx, water_job, from_file=path).ok
    if with_dams:
        path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")
        assert run_job(ctx, dams_job, from_file=path).ok
    engine.dispose()


def open_levels(lang: str, at_param: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if at_param:
        at.query_params["at"] = at_param
    open_at_its_url(at, "pages/water_levels.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def dam_frame(at: AppTest, lang: str = "th"):
    column = t("dams.col.dam", lang)
    frames = [d for d in at.dataframe if column in getattr(d.value, "data", d.value).columns]
    assert len(frames) == 1
    return frames[0]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_key_stations_basins_dams_with_their_report_date(tmp_path, monkeypatch, lang):
    _store(tmp_path, monkeypatch, with_dams=True)
    at = open_levels(lang, "2020-06-29T15:00")  # a replay on the recording's day: the report is fresh
    assert t("dams.heading", lang) in [s.value for s in at.subheader]
    element = dam_frame(at, lang)
    frame = element.value
    names = set(frame[t("dams.col.dam", lang)])
    if lang == "th":
        assert names == UBON_DAMS
    else:
        assert len(names) == 9 and "ภูมิพล" not in names
    first = frame.iloc[0]
    assert first[t("dams.col.date", lang)] == ("29 มิ.ย. 2563" if lang == "th" else "29 Jun 2020")
    assert set(frame[t("dams.col.status", lang)]) == {t("status.ok", lang)}
    row = frame[frame[t("dams.col.pct", lang)] == "50.4"]
    assert len(row) == 1  # Sirindhorn, 50.41 % of normal storage
    styles = str(element.proto.arrow_data.styler.styles)
    assert "#003CFA".lower() in styles.lower() and "#FFC000".lower() in styles.lower()  # HII's blue and yellow
    captions = " ".join(c.value for c in at.caption)
    assert "ThaiWater" in captions and ("29 มิ.ย. 2563" in captions or "29 Jun 2020" in captions)
    assert not at.warning or all("ThaiWater" not in w.value or "dam" not in w.value.lower() for w in at.warning)


def test_an_old_report_is_shown_as_stale(tmp_path, monkeypatch):
    _store(tmp_path, monkeypatch, with_dams=True)
    at = open_levels("en", "2020-07-03T10:00")  # four days after the report
    frame = dam_frame(at, "en").value
    assert set(frame["Status"]) == {"Stale"}
    assert any("STALE" in w.value and "large dams" in w.value for w in at.warning)


def test_before_the_dams_are_fetched_the_section_says_how(tmp_path, monkeypatch):
    _store(tmp_path, monkeypatch, with_dams=False)
    at = open_levels("en")
    assert "Large dams upstream" in [s.value for s in at.subheader]
    assert "python manage.py ingest --source thaiwater_dams" in [c.value for c in at.code]
