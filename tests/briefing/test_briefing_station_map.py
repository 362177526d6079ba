"""The station map counts and draws stations, not RID's gauge-datum duplicates (M7, E98,
M179A beside M.7, E.98, M.179A): in AppTest, from dashboard.py, on the 2020 replay."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from briefing.snapshot import datum_duplicates
from i18n import t
from store.water_situation import latest_situation
from tests.briefing.briefing_data import REPLAY_AT, replay_store
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]


def test_station_map_leaves_out_gauge_datum_duplicates(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    engine = replay_store(settings)
    situation = latest_situation(
        engine, settings.province_code, at=REPLAY_AT, stale_after_s=settings.waterlevel_stale_s
    )
    duplicates = set(situation.loc[datum_duplicates(situation), "station_code"])
    assert duplicates == {"M7", "E98", "M179A"}
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.query_params.update({"lang": "en", "at": "2020-06-29T07:30"})
    open_at_its_url(app, "pages/station_map.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    stations = next(m for m in app.metric if m.label == t("water.metric.stations", "en"))
    assert int(stations.value) == len(situation) - len(duplicates)
