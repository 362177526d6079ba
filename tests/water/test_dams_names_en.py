"""English screens name a dam in English when the reply carries ``dam_name.en`` (the newer API)
and fall back to the Thai name when it does not (the 2020 file): never blank, never "nan"."""

from __future__ import annotations

import ingest.thaiwater_dams as dams_job
from briefing.dams import dam_records, dams_table
from i18n import t
from ingest import run_job
from tests.support.ci import reference_path
from tests.water.test_dams_events import DAY2, _key_stations, _moved


def _names(engine, settings, lang: str) -> list[str]:
    return list(dams_table(dam_records(engine, settings), lang)[t("dams.col.dam", lang)])


def test_english_names_from_the_newer_api(settings, engine, tmp_path):
    ctx = _key_stations(settings, engine)
    assert run_job(ctx, dams_job, from_file=_moved(tmp_path, DAY2, 0)).ok
    names = _names(engine, settings, "en")
    assert "Sirindhorn" in names and "Lam Pao" in names
    assert "สิรินธร" in _names(engine, settings, "th")


def test_thai_names_on_english_screens_when_the_reply_has_none(settings, engine):
    ctx = _key_stations(settings, engine)
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")
    assert run_job(ctx, dams_job, from_file=path).ok
    en, th = _names(engine, settings, "en"), _names(engine, settings, "th")
    assert en and en == th and all(n and n.lower() != "nan" for n in en)
