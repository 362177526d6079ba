"""GISTDA flood extent: paging, the API key kept out of URLs, logs, errors and stored data,
every failure mapped to the SourceError tree, and flooded area per district from the overlay
on hand-drawn squares (areas computed by hand)."""

import json
import logging
from datetime import date

import geopandas as gpd
import pytest
import requests
from shapely.geometry import box

from auth import SYSTEM, PermissionDenied
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.gistda import fetch_flood_features, flood_url, parse_flood_features, read_extent_file
from ingest import IngestContext, run_job
from ingest import gistda as gistda_job
from store.health import read_health
from store.impact import read_flood_areas, read_latest_extent_layer
from tests.impact.conftest import FIXTURES
from tests.support.replay import Reply, replay_session

BASE = "https://api-gateway.gistda.or.th/api/2.0/resources/features/flood/"
URL = BASE + "1day"
KEY = "TESTKEY-7f3a91"


def _pages():
    return [Reply(body=FIXTURES / "gistda_page1.json"), Reply(body=FIXTURES / "gistda_page2.json")]


def test_pages_are_read_with_limit_offset_province_and_key_header(caplog):
    caplog.set_level(logging.DEBUG)
    session = replay_session({URL: _pages()})
    fetched = fetch_flood_features(session, BASE, "1day", "34", KEY, limit=2)
    assert len(fetched.features) == 3 and fetched.pages == 2
    sent = session.replay_log
    assert [r.url.split("?", 1)[1] for r in sent] == ["pv_idn=34&limit=2&offset=0", "pv_idn=34&limit=2&offset=2"]
    assert all(r.headers["API-Key"] == KEY for r in sent)
    assert all(KEY not in r.url for r in sent)
    assert caplog.records and all(KEY not in record.getMessage() for record in caplog.records)


def test_parse_gives_district_area_and_scene_date():
    features = json.loads((FIXTURES / "gistda_page1.json").read_text())["features"]
    gdf = parse_flood_features(features)
    assert list(gdf.columns) == ["district_code", "area_m2", "acquired_on", "scene", "geometry"]
    assert list(gdf["district_code"]) == ["3401", "3401"]
    assert list(gdf["area_m2"]) == [1180000.0, 1180000.0]
    # the scene name's date wins over the later 'dataupdate' stamp
    assert set(gdf["acquired_on"]) == {date(2022, 10, 2)}
    assert gdf.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    "reply, error, text",
    [
        (Reply(status=500, body=b"oops"), SourceUnavailable, "HTTP 500"),
        (Reply(body=b'{"type":"FeatureCollection","features":[{"type":'), SourceFormatError, "truncated"),
        (Reply(body=b"<html>gateway error</html>"), SourceFormatError, "HTML"),
        (Reply(raises=requests.ConnectTimeout(f"timed out for {URL}?api-key={KEY}")), SourceUnavailable, "no answer"),
        (Reply(raises=requests.ConnectionError(f"refused {URL}?api-key={KEY}")), SourceUnavailable, "cannot connect"),
        (Reply(body=json.dumps({"message": f"Invalid API-Key {KEY}"})), SourceFormatError, "Invalid API-Key ***"),
    ],
)
def test_failures_are_source_errors_without_the_key(reply, error, text, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(error) as err:
        fetch_flood_features(replay_session({URL: reply}), BASE, "1day", "34", KEY)
    assert text in str(err.value)
    assert KEY not in str(err.value) and KEY not in repr(err.value.args)
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_renamed_field_is_named():
    features = json.loads((FIXTURES / "gistda_page2.json").read_text())["features"]
    features[0]["properties"]["area"] = features[0]["properties"].pop("f_area")
    with pytest.raises(MissingFieldError) as err:
        parse_flood_features(features)
    assert err.value.field == "f_area"
    del features[0]["properties"]["scene_name"], features[0]["properties"]["dataupdate"]
    features[0]["properties"]["f_area"] = 1.0
    with pytest.raises(MissingFieldError, match="scene date"):
        parse_flood_features(features)


def test_period_and_key_are_checked():
    with pytest.raises(ValueError, match="1day, 3days, 7days, 30days"):
        flood_url(BASE, "2days")
    with pytest.raises(ValueError, match="GISTDA_API_KEY"):
        fetch_flood_features(replay_session({}), BASE, "1day", "34", "")


# ---- overlay on hand-drawn squares (EPSG:32648, metres) ------------------------------------

X0, Y0 = 500_000, 1_680_000  # inside UTM 48N, near Ubon Ratchathani


def _districts():
    return gpd.GeoDataFrame(
        {"district_code": ["3401", "3415"]},
        geometry=[box(X0, Y0, X0 + 10_000, Y0 + 10_000), box(X0 + 10_000, Y0, X0 + 20_000, Y0 + 10_000)],
        crs="EPSG:32648",
    )


def _extent():
    inside = box(X0 + 1_000, Y0 + 1_000, X0 + 3_000, Y0 + 3_000)  # 4 km² in 3401
    straddle = box(X0 + 9_000, Y0 + 5_000, X0 + 11_000, Y0 + 7_000)  # 2 km² each side
    overlap = box(X0 + 2_000, Y0 + 2_000, X0 + 3_000, Y0 + 3_000)  # already counted
    return gpd.GeoDataFrame(
        {
            "district_code": [None] * 3,
            "area_m2": [None] * 3,
            "acquired_on": [date(2022, 10, 2)] * 3,
            "scene": ["hand"] * 3,
        },
        geometry=[inside, straddle, overlap],
        crs="EPSG:32648",
    )


def test_overlay_areas_against_hand_computed_squares(engine):
    result = gistda_job.store_flood_extent(engine, SYSTEM, _extent(), _districts(), "34", source="file:test")
    ((summary, method),) = result.values()
    assert method == "overlay" and summary.inserted == 2
    areas = read_flood_areas(engine).set_index("district_code")
    assert areas.loc["3401", "area_km2"] == pytest.approx(6.0, rel=1e-6)
    assert areas.loc["3401", "area_rai"] == pytest.approx(6.0e6 / 1600, rel=1e-6)  # 3,750 rai
    assert areas.loc["3415", "area_km2"] == pytest.approx(2.0, rel=1e-6)
    layer = read_latest_extent_layer(engine)
    geometry = json.loads(layer.geojson)["features"][0]["geometry"]
    lon, lat = geometry["coordinates"][0][0][0] if geometry["type"] == "MultiPolygon" else geometry["coordinates"][0][0]
    assert 104 < lon < 106 and 14 < lat < 16  # stored for the map in WGS84


def test_without_boundaries_the_source_attributes_give_the_areas(engine):
    extent = parse_flood_features(
        json.loads((FIXTURES / "gistda_page1.json").read_text())["features"]
        + json.loads((FIXTURES / "gistda_page2.json").read_text())["features"]
    )
    result = gistda_job.store_flood_extent(engine, SYSTEM, extent, None, "34", source="gistda")
    assert [m for _, m in result.values()] == ["attribute"]
    areas = read_flood_areas(engine).set_index("district_code")
    assert areas.loc["3401", "area_km2"] == pytest.approx(2.36)
    assert areas.loc["3415", "area_rai"] == pytest.approx(4_720_000 / 1600)


def test_ingest_run_stores_extent_and_never_the_key(engine, settings, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    from dataclasses import replace

    keyed = replace(settings, gistda_api_key=KEY)
    ctx = IngestContext(keyed, engine, replay_session({URL: _pages()}))
    monkeypatch.setattr(gistda_job, "fetch_flood_features", _small_pages(gistda_job.fetch_flood_features))
    outcome = run_job(ctx, gistda_job)
    assert outcome.ok and outcome.rows == 2, outcome.error
    layer = read_latest_extent_layer(engine)
    stored_text = layer.geojson + layer.scenes + json.dumps([h.__dict__ for h in read_health(engine)], default=str)
    assert KEY not in stored_text and "links" not in layer.geojson and "api-key" not in stored_text
    assert all(KEY not in record.getMessage() for record in caplog.records)


def _small_pages(fetch):
    def wrapped(*args, **kwargs):
        return fetch(*args, **{**kwargs, "limit": 2})

    return wrapped


def test_ingest_failure_is_recorded_without_the_key(engine, settings, caplog):
    from dataclasses import replace

    caplog.set_level(logging.DEBUG)
    ctx = IngestContext(replace(settings, gistda_api_key=KEY), engine, replay_session({URL: Reply(status=503)}))
    outcome = run_job(ctx, gistda_job)
    assert not outcome.ok and "HTTP 503" in outcome.error and KEY not in outcome.error
    health = read_health(engine)[0]
    assert health.source == "gistda" and KEY not in (health.last_error or "")
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_off_without_a_key(engine, settings):
    assert not gistda_job.enabled(settings) and gistda_job.interval(settings) == float("inf")
    result = gistda_job.run(IngestContext(settings, engine, replay_session({})))
    assert result.rows == 0 and "GISTDA_API_KEY" in result.notes[0]


def test_extent_file_needs_a_date_and_polygons(tmp_path):
    path = tmp_path / "extent.geojson"
    _extent().drop(columns=["acquired_on", "scene"]).to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    with pytest.raises(SourceFormatError, match="--date"):
        read_extent_file(path)
    gdf = read_extent_file(path, date(2022, 10, 2))
    assert len(gdf) == 3 and set(gdf["acquired_on"]) == {date(2022, 10, 2)}
    dated = tmp_path / "flood_20221005.geojson"
    path.rename(dated)
    assert set(read_extent_file(dated)["acquired_on"]) == {date(2022, 10, 5)}
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=gpd.points_from_xy([104.8], [15.2]), crs="EPSG:4326").to_file(points, driver="GeoJSON")
    with pytest.raises(SourceFormatError, match="no polygons"):
        read_extent_file(points, date(2022, 10, 2))


def test_uploaded_extent_goes_through_limits_and_the_overlay(sqlite_engine, settings):
    from auth import User
    from ops.uploads import UploadRejected
    from ui.impact_imports import store_extent_upload

    admin = User("a", "A", "admin")
    reply = (FIXTURES / "gistda_page2.json").read_bytes()
    result = store_extent_upload(sqlite_engine, admin, settings, "gistda.json", reply, None)
    assert [(d, m) for d, (_, m) in result.items()] == [(date(2022, 10, 2), "attribute")]
    plain = (
        _extent()
        .drop(columns=["district_code", "area_m2", "acquired_on", "scene"])
        .to_crs("EPSG:4326")
        .to_json()
        .encode()
    )
    with pytest.raises(SourceFormatError, match="no district boundaries"):
        store_extent_upload(sqlite_engine, admin, settings, "flood.geojson", plain, date(2022, 10, 5))
    with pytest.raises(UploadRejected):
        store_extent_upload(sqlite_engine, admin, settings, "flood.kml", plain, None)
    with pytest.raises(PermissionDenied):
        store_extent_upload(sqlite_engine, User("v", "V", "viewer"), settings, "gistda.json", reply, None)


def test_scene_date_under_another_property_name():
    feature = json.loads((FIXTURES / "gistda_page2.json").read_text())["features"][0]
    props = feature["properties"]
    props["sat_name"] = props.pop("scene_name")
    del props["dataupdate"]
    assert parse_flood_features([feature])["acquired_on"].iloc[0] == date(2022, 10, 2)
