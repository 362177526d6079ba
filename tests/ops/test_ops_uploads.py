"""Upload limits: size, type, zip bombs in a Shapefile zip or an xlsx, a GeoJSON with a
million vertices, unsafe zip paths. Each refusal names the file and the limit."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from ops.uploads import (
    MAX_GEOJSON_VERTICES,
    MAX_UPLOAD_BYTES,
    UploadRejected,
    check_geojson,
    check_shapefile_zip,
    check_upload,
    check_zip,
    count_vertices,
)


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(size: int) -> bytes:
    """A Shapefile-looking zip whose .dbf unpacks to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("flood.shp", b"\0" * 100)
        archive.writestr("flood.shx", b"\0" * 100)
        with archive.open("flood.dbf", "w", force_zip64=True) as member:
            chunk = b"\0" * (8 * 1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_good_files_pass():
    assert check_upload("impact.csv", "อำเภอ,ผู้ประสบภัย\nเมือง,12\n".encode("utf-8-sig"), ("csv", "xlsx")) == "csv"
    shp = make_zip(
        {"a/flood.shp": b"x" * 500, "a/flood.shx": b"x" * 100, "a/flood.dbf": b"x" * 200, "a/flood.prj": b"GEOGCS"}
    )
    assert check_upload("extent.zip", shp, ("geojson", "shapezip")) == "shapezip"
    square = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
    }
    assert check_upload("extent.geojson", json.dumps(square).encode(), ("geojson",)) == "geojson"


def test_real_xlsx_passes_and_a_renamed_file_does_not(tmp_path):
    import pandas as pd

    path = tmp_path / "x.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, index=False)
    assert check_upload("x.xlsx", path.read_bytes(), ("csv", "xlsx")) == "xlsx"
    with pytest.raises(UploadRejected, match="x.xlsx is not an Excel workbook"):
        check_upload("x.xlsx", make_zip({"hello.txt": b"hi"}), ("csv", "xlsx"))
    with pytest.raises(UploadRejected, match="named .csv but is not a text file"):
        check_upload("x.csv", path.read_bytes(), ("csv", "xlsx"))


@pytest.mark.parametrize(
    "name, data, allowed, message",
    [
        ("big.csv", b"a" * (MAX_UPLOAD_BYTES + 1), ("csv",), "big.csv is 50.0 MB; the limit is 50.0 MB"),
        ("empty.csv", b"", ("csv",), "empty.csv is empty"),
        (
            "run.exe",
            b"MZ\x90\x00",
            ("csv", "xlsx"),
            "run.exe: this type of file is not accepted here; allowed: .csv, .txt, .xlsx, .xlsm",
        ),
        ("report.pdf", b"%PDF-1.7", ("geojson", "shapezip"), "allowed: .geojson, .json, .zip"),
        ("broken.zip", b"PK\x03\x04garbage", ("shapezip",), "broken.zip is not a valid zip file"),
        ("noshp.zip", make_zip({"readme.txt": b"x"}), ("shapezip",), "noshp.zip has no .shp file inside"),
        ("part.zip", make_zip({"flood.shp": b"x", "flood.dbf": b"x"}), ("shapezip",), "layer flood lacks .shx"),
        ("evil.zip", make_zip({"../../etc/cron.d/x.shp": b"x"}), ("shapezip",), "unsafe path '../../etc/cron.d/x.shp'"),
        ("bad.geojson", b'{"type": "Feature", ', ("geojson",), "bad.geojson is not valid GeoJSON"),
        ("list.geojson", b"[1, 2]", ("geojson",), "GeoJSON type 'list' is not one of"),
    ],
)
def test_bad_uploads_are_refused_by_name(name, data, allowed, message):
    with pytest.raises(UploadRejected) as caught:
        check_upload(name, data, allowed)
    assert message in str(caught.value)


def test_zip_bomb_in_a_shapefile_zip_is_refused():
    bomb = zip_bomb(320 * 1024 * 1024)
    assert len(bomb) < 5 * 1024 * 1024  # small enough to pass the upload size limit
    with pytest.raises(UploadRejected, match="refused as a possible zip bomb"):
        check_shapefile_zip(bomb, "bomb.zip")


def test_high_ratio_bomb_below_the_total_limit_is_refused():
    bomb = make_zip({"flood.shp": b"\0" * (64 * 1024 * 1024), "flood.shx": b"x", "flood.dbf": b"x"})
    with pytest.raises(UploadRejected, match=r"unpacks to [\d,]+ times its size \(limit 200x\)"):
        check_zip(bomb, "ratio.zip")


def test_zip_lying_about_its_sizes_is_caught_while_unpacking():
    """A member whose header declares a few bytes but inflates to far more."""
    data = bytearray(make_zip({"flood.shp": b"\0" * (40 * 1024 * 1024), "flood.shx": b"x", "flood.dbf": b"x"}))
    # rewrite the declared uncompressed size of the first member (local header and central directory) to 10 bytes
    local = data.find(b"PK\x03\x04")
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(UploadRejected) as caught:
        check_zip(bytes(data), "liar.zip", max_ratio=1e9)
    assert "liar.zip" in str(caught.value)


def test_geojson_with_a_million_vertices_is_refused():
    ring = [[100 + i * 1e-6, 15 + (i % 2) * 1e-6] for i in range(1_000_000)] + [[100, 15]]
    payload = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}],
    }
    data = json.dumps(payload).encode()
    assert len(data) < MAX_UPLOAD_BYTES
    with pytest.raises(UploadRejected, match=f"has at least 1,000,001 vertices; the limit is {MAX_GEOJSON_VERTICES:,}"):
        check_upload("huge.geojson", data, ("geojson",))


@pytest.mark.parametrize(
    "geometry, expected",
    [
        ({"type": "Point", "coordinates": [1, 2]}, 1),
        (
            {
                "type": "MultiPolygon",
                "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]],
            },
            8,
        ),
        (
            {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Point", "coordinates": [1, 2, 3]},
                    {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
                ],
            },
            3,
        ),
        ({"type": "Feature", "geometry": None, "properties": {}}, 0),
    ],
)
def test_count_vertices(geometry, expected):
    assert count_vertices(geometry) == expected
    assert check_geojson(json.dumps(geometry).encode()) == expected
