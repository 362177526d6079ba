"""Upload limits and validation, checked before any parser sees the bytes.

    check_upload(filename, data, allowed=("csv", "xlsx"))   -> "csv" | "xlsx" | ...
    check_zip(data)                                          zip bomb / path traversal
    check_shapefile_zip(data)                                + .shp/.shx/.dbf present
    check_geojson(data, max_vertices=...)                    vertex cap, counted without shapely

Each raises ``UploadRejected`` (a ``ValueError``) naming the file, the bad value and the
limit or the allowed values. The limits are module constants; ``MAX_UPLOAD_BYTES`` matches
``server.maxUploadSize`` in ``.streamlit/config.toml`` (Streamlit refuses bigger files first).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePosixPath

from i18n.diagnostic import coded

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # 50 MB, as server.maxUploadSize
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # all members of a zip together, once unpacked
MAX_COMPRESSION_RATIO = 200  # shapefiles and xlsx compress 2-20x; bombs 1000x+
MAX_ZIP_MEMBERS = 2000
MAX_GEOJSON_VERTICES = 500_000  # a detailed province flood extent is ~100k
KINDS = {
    "csv": (".csv", ".txt"),
    "xlsx": (".xlsx", ".xlsm"),
    "geojson": (".geojson", ".json"),
    "shapezip": (".zip",),
}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")


class UploadRejected(ValueError):
    """The uploaded file is refused; nothing was read into the database."""


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def check_size(filename: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    if len(data) == 0:
        raise coded(UploadRejected, "upload.empty", name=filename)
    if len(data) > max_bytes:
        raise coded(UploadRejected, "upload.too_big", name=filename, size=_human(len(data)), limit=_human(max_bytes))


def kind_of(filename: str, allowed: tuple[str, ...]) -> str:
    """The kind named by the file's extension, if it is one of ``allowed``."""
    for kind in allowed:
        if kind not in KINDS:
            raise ValueError(f"unknown upload kind {kind!r}; known: {', '.join(KINDS)}")
    lower = filename.lower()
    for kind in allowed:
        if lower.endswith(KINDS[kind]):
            return kind
    extensions = ", ".join(ext for kind in allowed for ext in KINDS[kind])
    raise coded(UploadRejected, "upload.kind", name=filename, allowed=extensions)


def check_upload(
    filename: str,
    data: bytes,
    allowed: tuple[str, ...],
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_vertices: int = MAX_GEOJSON_VERTICES,
) -> str:
    """Size, type (extension and content agree) and the kind's own checks; returns the kind."""
    check_size(filename, data, max_bytes)
    kind = kind_of(filename, allowed)
    if kind == "csv":
        if data[:2] == b"PK" or b"\x00" in data[:65536]:
            raise coded(UploadRejected, "upload.csv_not_text", name=filename)
    elif kind == "xlsx":
        names = check_zip(data, filename)
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise coded(UploadRejected, "upload.not_xlsx", name=filename)
    elif kind == "shapezip":
        check_shapefile_zip(data, filename)
    elif kind == "geojson":
        check_geojson(data, filename, max_vertices=max_vertices)
    return kind


def check_zip(
    data: bytes,
    filename: str = "the zip file",
    *,
    max_total: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> list[str]:
    """Refuse zip bombs (declared or actual size, ratio, member count) and unsafe member
    paths; returns the member names. Members are really inflated, with a running cap,
    so a zip that lies about its sizes is caught too."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadRejected(f"{filename} is not a valid zip file ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise UploadRejected(f"{filename} has {len(infos):,} files inside; the limit is {max_members:,}")
        for info in infos:
            path = PurePosixPath(info.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
                raise UploadRejected(f"{filename} contains an unsafe path {info.filename!r}")
        declared = sum(i.file_size for i in infos)
        _check_total(filename, declared, len(data), max_total, max_ratio)
        actual = 0
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        actual += len(chunk)
                        _check_total(filename, actual, len(data), max_total, max_ratio)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
                raise UploadRejected(f"{filename}: cannot unpack {info.filename!r} ({exc})") from exc
        return [i.filename for i in infos]


def _check_total(filename: str, total: int, packed: int, max_total: int, max_ratio: float) -> None:
    if total > max_total:
        raise UploadRejected(
            f"{filename} unpacks to more than {_human(max_total)} (the limit); refused as a possible zip bomb"
        )
    if packed and total > 1024 * 1024 and total / packed > max_ratio:
        raise UploadRejected(
            f"{filename} unpacks to {total / packed:,.0f} times its size (limit {max_ratio:g}x); refused as a "
            "possible zip bomb"
        )


def check_shapefile_zip(data: bytes, filename: str = "the zip file") -> list[str]:
    """A zipped Shapefile: safe zip, and each layer's .shp has its .shx and .dbf."""
    names = check_zip(data, filename)
    stems: dict[str, set[str]] = {}
    for name in names:
        path = PurePosixPath(name)
        stems.setdefault(str(path.with_suffix("")).lower(), set()).add(path.suffix.lower())
    layers = {stem: parts for stem, parts in stems.items() if ".shp" in parts}
    if not layers:
        raise UploadRejected(
            f"{filename} has no .shp file inside; a zipped Shapefile needs {', '.join(SHAPEFILE_PARTS)} (and .prj)"
        )
    for stem, parts in layers.items():
        missing = [p for p in SHAPEFILE_PARTS if p not in parts]
        if missing:
            raise UploadRejected(
                f"{filename}: layer {PurePosixPath(stem).name} lacks {', '.join(missing)}; a Shapefile needs "
                f"{', '.join(SHAPEFILE_PARTS)}"
            )
    return names


def _is_position(value: object) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], (int, float))


def count_vertices(geometry: object, stop_after: int | None = None) -> int:
    """Positions in a GeoJSON object (Feature, FeatureCollection or geometry), iteratively;
    stops early once more than ``stop_after`` are seen."""
    count, stack = 0, [geometry]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "FeatureCollection":
                stack.extend(node.get("features") or [])
            elif node.get("type") == "Feature":
                stack.append(node.get("geometry"))
            elif node.get("type") == "GeometryCollection":
                stack.extend(node.get("geometries") or [])
            elif "coordinates" in node:
                stack.append(node["coordinates"])
        elif isinstance(node, list):
            if _is_position(node):
                count += 1
            elif node and _is_position(node[0]):
                count += len(node)  # a ring or line: a list of positions
            else:
                stack.extend(node)
        if stop_after is not None and count > stop_after:
            break
    return count


def check_geojson(data: bytes, filename: str = "the GeoJSON file", *, max_vertices: int = MAX_GEOJSON_VERTICES) -> int:
    """Valid JSON with a GeoJSON type and at most ``max_vertices`` positions; returns the count."""
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UploadRejected(f"{filename} is not valid GeoJSON (JSON error: {exc})") from exc
    allowed = (
        "FeatureCollection",
        "Feature",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
    )
    if not isinstance(payload, dict) or payload.get("type") not in allowed:
        found = payload.get("type") if isinstance(payload, dict) else type(payload).__name__
        raise UploadRejected(f"{filename}: GeoJSON type {found!r} is not one of {', '.join(allowed)}")
    vertices = count_vertices(payload, stop_after=max_vertices)
    if vertices > max_vertices:
        raise UploadRejected(
            f"{filename} has at least {vertices:,} vertices; the limit is {max_vertices:,} (simplify it, e.g. in "
            "QGIS or mapshaper)"
        )
    return vertices
