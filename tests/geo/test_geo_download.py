"""Downloads through the real fetch code with replayed replies: geoBoundaries (recorded API
JSON, self-made file bodies), HDX (hand-written package_show, self-made zip), and failures."""

from __future__ import annotations

import io
import json
import zipfile

import geopandas as gpd
import pytest
import requests
from shapely.geometry import box

from auth import SYSTEM
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from geo.boundaries import boundary_dir, boundary_status, load_districts
from geo.download import fetch_boundaries, fetch_geoboundaries, fetch_hdx, hdx_resource
from tests.geo.grid import FIXTURES, geojson_body, square_grid
from tests.support.ci import reference_path
from tests.support.replay import Reply, replay_session

GB_API = "https://www.geoboundaries.org/api/current/gbOpen/THA/ADM2/"
GB_SIMPLE = "https://github.com/wmgeolab/geoBoundaries/raw/41af8f1/releaseData/gbOpen/THA/ADM2/geoBoundaries-THA-ADM2_simplified.geojson"
HDX_API = "https://data.humdata.org/api/3/action/package_show?id=cod-ab-tha"
HDX_ZIP = "https://data.humdata.org/dataset/cod-ab-tha/resource/r3/download/tha_admin_boundaries.geojson.zip"
PRESIGNED = "https://s3.example/hdx/tha_admin_boundaries.geojson.zip"


@pytest.fixture
def gb_api() -> bytes:
    return reference_path("boundaries", "samples", "geoboundaries_api_current_gbOpen_THA_ADM2.json").read_bytes()


def national_geoboundaries() -> bytes:
    """Ubon's 25 squares by shapeName, Khon Kaen's elsewhere, an unknown name, and a far-away
    namesake of an Ubon district (which must not win over the real one)."""
    ubon = square_grid("34", "geoboundaries")
    khon_kaen = square_grid("40", "geoboundaries")
    khon_kaen["geometry"] = khon_kaen.geometry.translate(-2.0, 1.8)
    odd = gpd.GeoDataFrame(
        {
            "shapeName": ["Nowhere Town", "Buntharik"],
            "shapeISO": "",
            "shapeID": ["x1", "x2"],
            "shapeGroup": "THA",
            "shapeType": "ADM2",
        },
        geometry=[box(99.0, 18.0, 99.1, 18.1), box(98.0, 8.0, 98.1, 8.1)],
        crs="EPSG:4326",
    )
    return geojson_body(gpd.GeoDataFrame(gpd.pd.concat([khon_kaen, ubon, odd], ignore_index=True), crs="EPSG:4326"))


def hdx_zip() -> bytes:
    buffer = io.BytesIO()
    adm2 = square_grid("34", "hdx_lower")
    adm1 = gpd.GeoDataFrame({"adm1_pcode": ["TH34"]}, geometry=[adm2.union_all()], crs="EPSG:4326")
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tha_admin1.geojson", geojson_body(adm1))
        archive.writestr("tha_admin2.geojson", geojson_body(adm2))
    return buffer.getvalue()


def test_geoboundaries_download_selects_ubon_by_name(settings, gb_api):
    body = national_geoboundaries()
    session = replay_session(
        {GB_API: Reply(body=gb_api), GB_SIMPLE: Reply(body=body, headers={"Content-Length": str(len(body))})}
    )
    seen = []
    status = fetch_geoboundaries(
        settings, session, progress=lambda done, total: seen.append((done, total)), actor=SYSTEM
    )
    assert status.cached and status.district_count == 25
    assert status.source == "geoBoundaries gbOpen THA ADM2 (Royal Thai Survey Department, OCHA ROAP, 2019)"
    assert status.licence == "Creative Commons Attribution 3.0 Intergovernmental Organisations (CC BY 3.0 IGO)"
    assert status.source_url == GB_SIMPLE and status.source_size == len(body)
    assert seen[-1] == (len(body), len(body))
    assert any("Nowhere Town" in note for note in status.notes)
    assert any("26 features of other provinces" in note for note in status.notes)
    districts = load_districts(settings)
    buntharik = districts.loc[districts["district_code"] == "3410"].geometry.item()
    assert buntharik.bounds[1] > 14.0  # the Ubon square, not the namesake at 8°N
    assert [r.url for r in session.replay_log] == [GB_API, GB_SIMPLE]


def test_geoboundaries_falls_back_to_the_full_file(settings, gb_api):
    meta = json.loads(gb_api)
    full_url = meta["gjDownloadURL"]
    del meta["simplifiedGeometryGeoJSON"]
    session = replay_session({GB_API: Reply(body=json.dumps(meta)), full_url: Reply(body=national_geoboundaries())})
    assert fetch_boundaries(settings, session, "geoboundaries", actor=SYSTEM).source_url == full_url


def test_hdx_download_reads_the_adm2_layer_after_a_redirect(settings):
    body = hdx_zip()
    session = replay_session(
        {
            HDX_API: Reply(body=FIXTURES / "hdx_package_show_cod_ab_tha.json"),
            HDX_ZIP: Reply(status=302, headers={"Location": PRESIGNED}),
            PRESIGNED: Reply(body=body, headers={"Content-Type": "application/zip", "Content-Length": str(len(body))}),
        }
    )
    status = fetch_hdx(settings, session, actor=SYSTEM)
    assert status.district_count == 25
    assert status.source.startswith("HDX COD-AB Thailand") and "tha_admin_boundaries.geojson.zip" in status.source
    assert status.licence == "Creative Commons Attribution for Intergovernmental Organisations"
    assert load_districts(settings)["district_code"].iloc[0] == "3401"


def test_hdx_resource_prefers_geojson_then_shapefile():
    payload = json.loads((FIXTURES / "hdx_package_show_cod_ab_tha.json").read_text(encoding="utf-8"))
    assert hdx_resource(payload)[1] == "tha_admin_boundaries.geojson.zip"
    payload["result"]["resources"] = [r for r in payload["result"]["resources"] if r["format"] != "GeoJSON"]
    assert hdx_resource(payload)[1] == "tha_admin_boundaries.shp.zip"
    payload["result"]["resources"] = payload["result"]["resources"][:1]
    with pytest.raises(
        SourceFormatError,
        match=r"no GeoJSON, Shapefile or GeoPackage resource; it has: tha_admin_boundaries.xlsx \(XLSX\)",
    ):
        hdx_resource(payload)
    with pytest.raises(MissingFieldError, match="result.resources"):
        hdx_resource({"success": True, "result": {"name": "cod-ab-tha"}})


@pytest.mark.parametrize(
    "api_reply, error, pattern",
    [
        (Reply(status=500, body=b"oops"), SourceUnavailable, "HTTP 500"),
        (Reply(raises=requests.Timeout("read timed out")), SourceUnavailable, "no answer within"),
        (
            Reply(body=b'{"boundaryID": "THA-ADM2-78962969", "simplifiedGeometry'),
            SourceFormatError,
            "invalid or truncated JSON",
        ),
        (
            Reply(body=json.dumps({"boundaryID": "x", "simplifiedGeometryGeoJSONv2": "https://x/y.geojson"})),
            MissingFieldError,
            "simplifiedGeometryGeoJSON",
        ),
        (Reply(body=b"[]"), SourceFormatError, "expected one JSON object"),
    ],
)
def test_api_failures_raise_source_errors(settings, api_reply, error, pattern):
    with pytest.raises(error, match=pattern):
        fetch_geoboundaries(settings, replay_session({GB_API: api_reply}), actor=SYSTEM)
    assert boundary_status(settings).cached is False


@pytest.mark.parametrize(
    "file_reply, error, pattern",
    [
        (Reply(status=503), SourceUnavailable, "HTTP 503"),
        (Reply(raises=requests.ConnectTimeout("connect timed out")), SourceUnavailable, "no answer from"),
        (
            Reply(body=b'{"type":"FeatureCollection","features":[', headers={"Content-Length": "900000"}),
            SourceFormatError,
            "truncated: 40 of 900,000 bytes",
        ),
        (Reply(body=b'{"type":"FeatureCollection","features":[{"type":"Fea'), SourceFormatError, "cannot read"),
        (Reply(body=b""), SourceFormatError, "is empty"),
    ],
)
def test_file_failures_keep_the_previous_cache(settings, gb_api, tmp_path, file_reply, error, pattern):
    good = national_geoboundaries()
    fetch_geoboundaries(
        settings, replay_session({GB_API: Reply(body=gb_api), GB_SIMPLE: Reply(body=good)}), actor=SYSTEM
    )
    before = {p.name: p.read_bytes() for p in boundary_dir(settings).iterdir()}
    with pytest.raises(error, match=pattern):
        fetch_geoboundaries(settings, replay_session({GB_API: Reply(body=gb_api), GB_SIMPLE: file_reply}), actor=SYSTEM)
    assert {p.name: p.read_bytes() for p in boundary_dir(settings).iterdir()} == before
    assert not list(boundary_dir(settings).parent.glob(".download-*"))


def test_a_download_without_the_province_is_a_format_error(settings, gb_api):
    other = geojson_body(square_grid("40", "geoboundaries"))
    session = replay_session({GB_API: Reply(body=gb_api), GB_SIMPLE: Reply(body=other)})
    with pytest.raises(
        SourceFormatError, match=r"no feature of the file is a district of province 34.*missing 25 of 25"
    ):
        fetch_geoboundaries(settings, session, actor=SYSTEM)


def test_unknown_source_is_refused(settings):
    with pytest.raises(ValueError, match="'osm' is not known; allowed: geoboundaries, hdx"):
        fetch_boundaries(settings, replay_session({}), "osm", actor=SYSTEM)
