"""District outlines as one light line trace: every border drawn once, computed once.

A map that only needs the district borders under its points (station map, shelters, the
meeting-room screen) does not need polygons: the borders of the display layer
(``geo.display``), with each shared border kept once (a border between two districts is
otherwise sent twice) and merged into long lines, as float32 ``lon``/``lat`` arrays with NaN
between lines. Plotly sends float32 numpy arrays base64-encoded (4 bytes a number, about
0.8 m of precision at this longitude), so Ubon's 25 districts cost a few tens of KB.

    from geo.outlines import district_outlines, outline_trace
    outlines = district_outlines(settings)          # cached per boundary file (sha256)
    if outlines is not None:
        fig.add_trace(outline_trace(outlines))        # go.Scattermap, no hover, no legend

``outline_coords(districts_or_geojson)`` computes the same from a GeoDataFrame or a GeoJSON
dict (cached on a hash of the geometry, so a cached GeoDataFrame is not re-processed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from config import Settings

if TYPE_CHECKING:
    import plotly.graph_objects as go

import hashlib
import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import shapely

from geo.display import DEFAULT_TOLERANCE_DEG

_CACHE_SIZE = 8
_cache: OrderedDict[tuple, Outlines] = OrderedDict()
_lock = threading.Lock()


class Outlines(NamedTuple):
    """Border lines: ``lon``/``lat`` float32 arrays of equal length, NaN between lines."""

    lon: np.ndarray
    lat: np.ndarray

    @property
    def lines(self) -> int:
        return 0 if not len(self.lon) else int(np.isnan(self.lon).sum()) + 1


def _geometries(source: Any) -> np.ndarray:  # see the docstring for the shapes accepted
    """Shapely geometries of a GeoDataFrame / GeoSeries, a GeoJSON FeatureCollection dict or
    a sequence of shapely geometries (None and empty dropped)."""
    if isinstance(source, dict):
        if source.get("type") != "FeatureCollection":
            raise ValueError(f"outline source must be a GeoJSON FeatureCollection, got type {source.get('type')!r}")
        geoms = [shapely.geometry.shape(f["geometry"]) for f in source["features"] if f.get("geometry")]
    elif hasattr(source, "geometry"):
        geoms = list(source.geometry.values)
    else:
        geoms = list(source)
    kept = np.array([g for g in geoms if g is not None and not g.is_empty], dtype=object)
    bad = sorted({g.geom_type for g in kept} - {"Polygon", "MultiPolygon"})
    if bad:
        raise ValueError(f"outline geometries must be Polygon or MultiPolygon, got {bad}")
    return kept


def _key(geoms: np.ndarray) -> str:
    digest = hashlib.sha256()
    for wkb in shapely.to_wkb(geoms):
        digest.update(wkb)
    return digest.hexdigest()


def _compute(geoms: np.ndarray) -> Outlines:
    if not len(geoms):
        empty = np.empty(0, dtype="float32")
        return Outlines(empty, empty.copy())
    # Union of the boundaries nodes them and dissolves identical shared segments; line_merge
    # joins the pieces into as few lines as possible (fewer NaN separators).
    merged = shapely.line_merge(shapely.union_all(shapely.boundary(geoms)))
    parts = list(getattr(merged, "geoms", [merged]))
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    gap = np.array([np.nan])
    for i, line in enumerate(parts):
        xy = shapely.get_coordinates(line)
        if i:
            lons.append(gap)
            lats.append(gap)
        lons.append(xy[:, 0])
        lats.append(xy[:, 1])
    return Outlines(np.concatenate(lons).astype("float32"), np.concatenate(lats).astype("float32"))


def _cached(key: tuple, compute: Callable[[], Outlines]) -> Outlines:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    value.lon.flags.writeable = False
    value.lat.flags.writeable = False
    with _lock:
        _cache[key] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def outline_coords(source: object) -> Outlines:
    """The borders of ``source`` (GeoDataFrame, GeoJSON dict or shapely polygons), each
    shared border once, as float32 lon/lat with NaN between lines. Cached on the geometry's
    sha256, so calling it on every rerun with the same (cached) districts costs a hash."""
    geoms = _geometries(source)
    return _cached(("geometry", _key(geoms)), lambda: _compute(geoms))


def district_outlines(settings: Settings, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> Outlines | None:
    """The outlines of the configured province's display districts, computed once per
    boundary file (keyed on its path and sha256 from ``geo.boundaries.boundary_status``) and
    tolerance; None when no boundaries are imported."""
    from geo.boundaries import boundary_status
    from geo.display import display_districts

    status = boundary_status(settings)
    if not status.cached:
        return None
    key = ("boundary", str(status.path), status.sha256, float(tolerance_deg))
    return _cached(key, lambda: _compute(_geometries(display_districts(settings, tolerance_deg))))


def outline_trace(outlines: Outlines, colour: str = "#555", width: float = 1.0) -> go.Scattermap:
    """A ``go.Scattermap`` of the outlines: thin lines, no hover, no legend entry."""
    import plotly.graph_objects as go

    return go.Scattermap(
        lon=outlines.lon,
        lat=outlines.lat,
        mode="lines",
        line={"width": width, "color": colour},
        hoverinfo="skip",
        showlegend=False,
        connectgaps=False,
    )


def clear_cache() -> None:
    with _lock:
        _cache.clear()
