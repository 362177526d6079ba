"""Issue 15, dates: beside every date input of the impact entry page the date as the rest of
the app writes it (Buddhist era in Thai), since Streamlit's own shows "2026/12/07"."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n.timefmt import TH_MONTHS_FULL
from tests.impact.test_impact_pages import ROOT, _signed_in, env, seeded  # noqa: F401  (fixtures)
from ui import impact_state as keys
from ui.checklists_state import AUTH_TOKEN


def test_impact_entry_dates_are_also_given_in_the_buddhist_era(seeded):
    settings, engine = seeded
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "th"
    at.session_state[AUTH_TOKEN] = _signed_in(engine, "warin", "officer", ("3415",))
    at.run()
    at.switch_page("pages/impact_entry.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    report_day = at.date_input(key=keys.FORM_DATE).value
    zone_day = next(d for d in at.date_input if d.key.startswith(keys.FORM_ZONE_DATE)).value
    for day in (report_day, zone_day):
        assert f"วันที่ {day.day} {TH_MONTHS_FULL[day.month - 1]} {day.year + 543}" in captions, captions
