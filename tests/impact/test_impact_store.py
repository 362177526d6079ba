"""Impact, evacuation-centre and flood-extent write paths on SQLite and PostgreSQL:
all or nothing, idempotent re-import, edit log, permissions checked before any write."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth import PermissionDenied, User
from domain.impact import FIELD_NAMES
from services.impact import import_impact, import_shelters
from store.health import read_health
from store.impact import (
    ExtentLayer,
    ImpactReport,
    ImpactReportEdit,
    read_flood_areas,
    read_impact_reports,
    read_latest_extent_layer,
    read_report_edits,
    read_shelters,
    save_flood_extent,
    save_impact_reports,
)
from tests.impact.conftest import FIXTURES, NOW

ADMIN = User("admin1", "Admin", "admin")
OFFICER_WARIN = User("warin", "Warin officer", "officer", districts=("3415",))


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_good_file_is_saved_and_reimport_changes_nothing(engine, settings):
    first = import_impact(engine, ADMIN, settings, FIXTURES / "en_district.csv", "en_district.csv", now=NOW)
    assert first.ok and (first.summary.inserted, first.summary.updated, first.summary.unchanged) == (4, 0, 0)
    stored = read_impact_reports(engine)
    assert (
        len(stored) == 4
        and set(stored["entered_by"]) == {"admin1"}
        and set(stored["source"]) == {"file:en_district.csv"}
    )
    row = stored[(stored["district_code"] == "3401")].iloc[0]
    assert row["affected_households"] == 1200 and row["farm_rice_rai"] == pytest.approx(1500.5)
    assert row["declared_zone_date"] == date(2022, 9, 28)
    assert row["report_time"].tzinfo is not None
    # the same figures as XLSX: nothing changes, no edit is logged
    again = import_impact(engine, ADMIN, settings, FIXTURES / "en_district.xlsx", "en_district.xlsx", now=NOW)
    assert (again.summary.inserted, again.summary.updated, again.summary.unchanged) == (0, 0, 4)
    assert _count(engine, ImpactReportEdit) == 0
    after = read_impact_reports(engine)
    assert set(after["source"]) == {"file:en_district.csv"}  # untouched rows keep their source
    health = {h.source: h for h in read_health(engine)}
    assert health["impact"].data_time == max(stored["report_time"])


def test_failed_import_writes_nothing(engine, settings):
    outcome = import_impact(engine, ADMIN, settings, FIXTURES / "bad_rows.csv", "bad_rows.csv", now=NOW)
    assert not outcome.ok and len(outcome.problems) == 8
    assert _count(engine, ImpactReport) == 0
    assert read_health(engine) == []


def test_dry_run_writes_nothing(engine, settings):
    outcome = import_impact(
        engine, ADMIN, settings, FIXTURES / "gd027_village.csv", "gd027_village.csv", dry_run=True, now=NOW
    )
    assert outcome.ok and len(outcome.records) == 2 and outcome.summary is None
    assert _count(engine, ImpactReport) == 0


def test_changed_figures_update_and_keep_the_old_ones(engine, settings):
    import_impact(engine, ADMIN, settings, FIXTURES / "en_district.csv", "en_district.csv", now=NOW)
    records = read_impact_reports(engine, "3415")[["district_code", "report_time", *FIELD_NAMES, "declared_zone_date"]]
    records.loc[0, "affected_people"] = 1300
    summary = save_impact_reports(engine, OFFICER_WARIN, records, source="form")
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 0)
    now_row = read_impact_reports(engine, "3415").iloc[0]
    assert now_row["affected_people"] == 1300 and now_row["entered_by"] == "warin" and now_row["source"] == "form"
    edits = read_report_edits(engine, "3415")
    assert (
        len(edits) == 1 and edits.loc[0, "previous"]["affected_people"] == 1150 and edits.loc[0, "edited_by"] == "warin"
    )


def test_permission_is_checked_for_every_district_before_any_write(engine, settings):
    with pytest.raises(PermissionDenied, match="3401"):
        import_impact(engine, OFFICER_WARIN, settings, FIXTURES / "en_district.csv", "en_district.csv", now=NOW)
    assert _count(engine, ImpactReport) == 0  # 3415, which Warin may write, was not written either
    with pytest.raises(PermissionDenied):
        import_impact(
            engine, User("v", "Viewer", "viewer"), settings, FIXTURES / "en_district.csv", "en_district.csv", now=NOW
        )
    with pytest.raises(PermissionDenied, match="sign in"):
        save_impact_reports(engine, None, read_impact_reports(engine), source="form")


def test_a_failure_inside_the_transaction_rolls_back(engine, settings):
    outcome = import_impact(
        engine, ADMIN, settings, FIXTURES / "en_district.csv", "en_district.csv", dry_run=True, now=NOW
    )
    records = outcome.records.copy()
    records["affected_people"] = records["affected_people"].astype(object)
    records.loc[len(records) - 1, "affected_people"] = "not a number"  # breaks on the last row
    with pytest.raises(ValueError):
        save_impact_reports(engine, ADMIN, records, source="x")
    assert _count(engine, ImpactReport) == 0


def test_shelters_upsert(engine, settings):
    first = import_shelters(engine, ADMIN, settings, FIXTURES / "shelters.csv", "shelters.csv", now=NOW)
    assert first.ok and first.summary.inserted == 4
    again = import_shelters(engine, ADMIN, settings, FIXTURES / "shelters.csv", "shelters.csv", now=NOW)
    assert (again.summary.inserted, again.summary.updated, again.summary.unchanged) == (0, 0, 4)
    stored = read_shelters(engine).set_index("name")
    assert stored.loc["โรงเรียนบ้านท่าบ่อ", "people_now"] == 270 and stored.loc["โรงเรียนบ้านท่าบ่อ", "lat"] == pytest.approx(
        15.229
    )
    assert stored.loc["อบต.ธาตุ", "closed_on"] == date(2022, 9, 25)
    bad = import_shelters(engine, ADMIN, settings, FIXTURES / "shelters_bad.csv", "shelters_bad.csv", now=NOW)
    assert not bad.ok and len(read_shelters(engine)) == 4


def test_flood_extent_replaces_one_acquisition(engine):
    layer = ExtentLayer("gistda", date(2022, 10, 2), '{"type":"FeatureCollection","features":[]}', 3, "S1A")
    areas = pd.DataFrame({"district_code": ["3401", "3415"], "area_km2": [2.0, 4.0], "area_rai": [1250.0, 2500.0]})
    assert save_flood_extent(engine, ADMIN, areas, layer, "overlay").inserted == 2
    assert save_flood_extent(engine, ADMIN, areas, layer, "overlay").unchanged == 2
    smaller = areas.iloc[:1].assign(area_km2=1.0, area_rai=625.0)
    assert save_flood_extent(engine, ADMIN, smaller, layer, "overlay").updated == 1
    stored = read_flood_areas(engine)
    assert list(stored["district_code"]) == ["3401"] and stored.loc[0, "area_rai"] == 625.0
    assert read_latest_extent_layer(engine).acquired_on == date(2022, 10, 2)
    with pytest.raises(PermissionDenied):
        save_flood_extent(engine, User("v", "V", "viewer"), areas, layer, "overlay")


def test_model_columns_match_the_domain_fields():
    columns = set(ImpactReport.__table__.columns.keys())
    assert set(FIELD_NAMES) <= columns


def test_upload_limits_apply_before_parsing(engine, settings):
    from ops.uploads import UploadRejected

    xlsx = (FIXTURES / "en_district.xlsx").read_bytes()
    with pytest.raises(UploadRejected, match="not a text file"):
        import_impact(engine, ADMIN, settings, xlsx, "renamed.csv", now=NOW)
    with pytest.raises(UploadRejected, match="empty"):
        import_shelters(engine, ADMIN, settings, b"", "centres.csv", now=NOW)
    with pytest.raises(UploadRejected, match="allowed"):
        import_impact(engine, ADMIN, settings, b"x", "report.pdf", now=NOW)
    assert _count(engine, ImpactReport) == 0
