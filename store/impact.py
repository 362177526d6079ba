"""Impact reports, evacuation centres and satellite flood extent.

Write paths (each one transaction, each checks ``auth.require`` for every district
before writing anything):

* ``save_impact_reports(engine, user, records, source)`` — upsert on the natural key
  (district, report time). A row whose figures hash the same as the stored one is left
  alone, so importing a file twice changes nothing; a changed row keeps its previous
  figures in ``impact_report_edits`` (append-only) with who changed it.
* ``save_shelters(engine, user, records, source)`` — upsert on (district, name).
* ``save_flood_extent(engine, user, areas, layer)`` — areas per district for one
  acquisition, and the extent geometry (GeoJSON text) for the map.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require, require_scope
from domain.impact import FIELD_NAMES, FLOAT_FIELDS
from domain.shelters import SHELTER_COLUMNS
from store import alert_events
from store.base import Base, UTCDateTime, utcnow


class ImpactReport(Base):
    __tablename__ = "impact_reports"
    __table_args__ = (UniqueConstraint("district_code", "report_time", name="uq_impact_reports_district_time"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(4), index=True)
    report_time: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(200))
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(64))
    declared_zone_date: Mapped[date | None] = mapped_column(Date)
    # the figures, one column per name of domain.impact.FIELDS (a test checks they agree)
    affected_subdistricts: Mapped[int] = mapped_column(Integer, default=0)
    affected_villages: Mapped[int] = mapped_column(Integer, default=0)
    affected_households: Mapped[int] = mapped_column(Integer, default=0)
    affected_people: Mapped[int] = mapped_column(Integer, default=0)
    evacuated_households: Mapped[int] = mapped_column(Integer, default=0)
    evacuated_people: Mapped[int] = mapped_column(Integer, default=0)
    deaths: Mapped[int] = mapped_column(Integer, default=0)
    injured: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    houses_destroyed: Mapped[int] = mapped_column(Integer, default=0)
    houses_damaged: Mapped[int] = mapped_column(Integer, default=0)
    farm_rice_rai: Mapped[float] = mapped_column(Float, default=0.0)
    farm_horticulture_rai: Mapped[float] = mapped_column(Float, default=0.0)
    farm_field_crops_rai: Mapped[float] = mapped_column(Float, default=0.0)
    farm_other_rai: Mapped[float] = mapped_column(Float, default=0.0)
    livestock_head: Mapped[int] = mapped_column(Integer, default=0)
    fish_ponds: Mapped[int] = mapped_column(Integer, default=0)
    roads_damaged: Mapped[int] = mapped_column(Integer, default=0)
    bridges_damaged: Mapped[int] = mapped_column(Integer, default=0)
    weirs_damaged: Mapped[int] = mapped_column(Integer, default=0)
    centres_open: Mapped[int] = mapped_column(Integer, default=0)
    people_in_centres: Mapped[int] = mapped_column(Integer, default=0)
    people_with_relatives: Mapped[int] = mapped_column(Integer, default=0)


class ImpactReportEdit(Base):
    """The figures a report had before an edit (append-only)."""

    __tablename__ = "impact_report_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("impact_reports.id", ondelete="CASCADE"), index=True)
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_by: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(200))
    previous: Mapped[str] = mapped_column(Text)  # JSON of the figures replaced


class EvacuationCentre(Base):
    __tablename__ = "evacuation_centres"
    __table_args__ = (UniqueConstraint("district_code", "name", name="uq_evacuation_centres_district_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(4), index=True)
    name: Mapped[str] = mapped_column(String(200))
    village: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    people_now: Mapped[int] = mapped_column(Integer, default=0)
    water: Mapped[bool] = mapped_column(Boolean, default=False)
    toilets: Mapped[bool] = mapped_column(Boolean, default=False)
    medical: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    entered_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(64))


class FloodExtentArea(Base):
    __tablename__ = "flood_extent_areas"
    __table_args__ = (UniqueConstraint("source", "acquired_on", "district_code", name="uq_flood_extent_areas_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    acquired_on: Mapped[date] = mapped_column(Date)
    district_code: Mapped[str] = mapped_column(String(4))
    area_km2: Mapped[float] = mapped_column(Float)
    area_rai: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(20))  # 'overlay' | 'attribute'
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FloodExtentLayer(Base):
    __tablename__ = "flood_extent_layers"
    __table_args__ = (UniqueConstraint("source", "acquired_on", name="uq_flood_extent_layers_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    acquired_on: Mapped[date] = mapped_column(Date)
    scenes: Mapped[str] = mapped_column(Text, default="")
    feature_count: Mapped[int] = mapped_column(Integer)
    geojson: Mapped[str] = mapped_column(Text)  # simplified, WGS84, no links or request data
    stored_by: Mapped[str] = mapped_column(String(80))
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class SaveSummary:
    inserted: int
    updated: int
    unchanged: int

    @property
    def written(self) -> int:
        return self.inserted + self.updated


def _hash(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _figures(row: dict) -> dict:
    out: dict[str, Any] = {name: (float(row[name]) if name in FLOAT_FIELDS else int(row[name])) for name in FIELD_NAMES}
    zone = row.get("declared_zone_date")
    out["declared_zone_date"] = None if zone is None or (not isinstance(zone, date) and pd.isna(zone)) else zone
    return out


def _require_districts(user: User, action: str, rows: list[dict]) -> None:
    """Refuse before any write when ``user`` may not do ``action`` in every district of ``rows``
    (a row without a district is province-wide: ``auth.require_scope``)."""
    require(user, action)
    for code in sorted({r.get("district_code") or None for r in rows}, key=lambda c: c or ""):
        require_scope(user, action, district_code=code)


def save_impact_reports(engine: Engine, user: User, records: pd.DataFrame, source: str) -> SaveSummary:
    """Insert or update validated district reports (``domain.impact`` columns) in one
    transaction; ``PermissionDenied`` for any district the user may not write, before
    anything is written. Identical figures leave the row untouched."""
    rows = records.to_dict("records")
    _require_districts(user, "impact.write", rows)
    inserted = updated = unchanged = 0
    now = utcnow()
    with Session(engine) as session, session.begin():
        for row in rows:
            figures = _figures(row)
            digest = _hash(figures)
            existing = session.scalar(
                select(ImpactReport).where(
                    ImpactReport.district_code == row["district_code"], ImpactReport.report_time == row["report_time"]
                )
            )
            if existing is not None and existing.content_hash == digest:
                unchanged += 1
                continue
            previous = _previous_figures(session, existing, row["district_code"], row["report_time"])
            if existing is None:
                existing = ImpactReport(district_code=row["district_code"], report_time=row["report_time"])
                session.add(existing)
                inserted += 1
            else:
                session.add(
                    ImpactReportEdit(
                        report_id=existing.id,
                        edited_at=now,
                        edited_by=user.username,
                        source=existing.source,
                        previous=json.dumps(_row_figures(existing), default=str, ensure_ascii=False),
                    )
                )
                updated += 1
            for name, value in figures.items():
                setattr(existing, name, value)
            existing.source, existing.entered_by, existing.entered_at, existing.content_hash = (
                source[:200],
                user.username,
                now,
                digest,
            )
            alert_events.impact_saved(  # a district's figures rising: alerts in this transaction (issue 19)
                session, existing.district_code, existing.report_time, digest, previous, figures, source, now=now
            )
    return SaveSummary(inserted, updated, unchanged)


def _previous_figures(session: Session, existing: ImpactReport | None, district: str, at: datetime) -> dict | None:
    """The figures a save replaces: the report's own, else the district's latest earlier report."""
    if existing is None:
        existing = session.scalar(
            select(ImpactReport)
            .where(ImpactReport.district_code == district, ImpactReport.report_time < at)
            .order_by(ImpactReport.report_time.desc())
            .limit(1)
        )
    return None if existing is None else _row_figures(existing)


def _row_figures(report: ImpactReport) -> dict:
    return {**{name: getattr(report, name) for name in FIELD_NAMES}, "declared_zone_date": report.declared_zone_date}


def read_impact_reports(engine: Engine, district_code: str | None = None) -> pd.DataFrame:
    """Every stored report (or one district's), oldest first: district_code, report_time,
    the figures, declared_zone_date, source, entered_by, entered_at."""
    columns = ["district_code", "report_time", *FIELD_NAMES, "declared_zone_date", "source", "entered_by", "entered_at"]
    query = select(ImpactReport).order_by(ImpactReport.report_time, ImpactReport.district_code)
    if district_code:
        query = query.where(ImpactReport.district_code == district_code)
    with Session(engine) as session:
        rows = [[getattr(r, c) for c in columns] for r in session.scalars(query)]
    frame = pd.DataFrame(rows, columns=columns)
    for name in FIELD_NAMES:
        frame[name] = frame[name].astype(float if name in FLOAT_FIELDS else "int64")
    return frame


def read_report_edits(engine: Engine, district_code: str) -> pd.DataFrame:
    """The edit log of one district: report_time, edited_at, edited_by, source, previous (dict)."""
    query = (
        select(
            ImpactReport.report_time,
            ImpactReportEdit.edited_at,
            ImpactReportEdit.edited_by,
            ImpactReportEdit.source,
            ImpactReportEdit.previous,
        )
        .join(ImpactReport, ImpactReport.id == ImpactReportEdit.report_id)
        .where(ImpactReport.district_code == district_code)
        .order_by(ImpactReportEdit.edited_at)
    )
    with Session(engine) as session:
        rows = [(a, b, c, d, json.loads(e)) for a, b, c, d, e in session.execute(query)]
    return pd.DataFrame(rows, columns=["report_time", "edited_at", "edited_by", "source", "previous"])


def save_shelters(engine: Engine, user: User, records: pd.DataFrame, source: str) -> SaveSummary:
    """Insert or update evacuation centres on (district, name) in one transaction."""
    rows = records.to_dict("records")
    _require_districts(user, "shelter.write", rows)
    inserted = updated = unchanged = 0
    now = utcnow()
    with Session(engine) as session, session.begin():
        for row in rows:
            values = {c: _plain(row.get(c)) for c in SHELTER_COLUMNS}
            digest = _hash(values)
            existing = session.scalar(
                select(EvacuationCentre).where(
                    EvacuationCentre.district_code == values["district_code"], EvacuationCentre.name == values["name"]
                )
            )
            if existing is not None and existing.content_hash == digest:
                unchanged += 1
                continue
            if existing is None:
                existing = EvacuationCentre()
                session.add(existing)
                inserted += 1
            else:
                updated += 1
            for name, value in values.items():
                setattr(existing, name, value if name != "village" else (value or ""))
            existing.source, existing.entered_by, existing.updated_at, existing.content_hash = (
                source[:200],
                user.username,
                now,
                digest,
            )
    return SaveSummary(inserted, updated, unchanged)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def read_shelters(engine: Engine) -> pd.DataFrame:
    columns = [*SHELTER_COLUMNS, "source", "entered_by", "updated_at"]
    with Session(engine) as session:
        rows = [
            [getattr(r, c) for c in columns]
            for r in session.scalars(
                select(EvacuationCentre).order_by(EvacuationCentre.district_code, EvacuationCentre.name)
            )
        ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class ExtentLayer:
    source: str
    acquired_on: date
    geojson: str
    feature_count: int
    scenes: str = ""


def save_flood_extent(engine: Engine, user: User, areas: pd.DataFrame, layer: ExtentLayer, method: str) -> SaveSummary:
    """Replace the areas and geometry of one (source, acquisition date) in one transaction.
    ``areas``: district_code, area_km2, area_rai. The layer covers the whole province (every
    district's areas are replaced), so it needs an admin or an officer without a district limit."""
    require_scope(user, "flood_extent.write", district_code=None)
    now = utcnow()
    with Session(engine) as session, session.begin():
        old = session.scalars(
            select(FloodExtentArea).where(
                FloodExtentArea.source == layer.source, FloodExtentArea.acquired_on == layer.acquired_on
            )
        ).all()
        before = {(a.district_code, round(a.area_km2, 6)) for a in old}
        after = {(str(r["district_code"]), round(float(r["area_km2"]), 6)) for r in areas.to_dict("records")}
        if before == after and before:
            return SaveSummary(0, 0, len(after))
        for a in old:
            session.delete(a)
        session.flush()  # deletes first: the new rows reuse the unique key
        for r in areas.to_dict("records"):
            session.add(
                FloodExtentArea(
                    source=layer.source,
                    acquired_on=layer.acquired_on,
                    district_code=str(r["district_code"]),
                    area_km2=float(r["area_km2"]),
                    area_rai=float(r["area_rai"]),
                    method=method,
                    stored_at=now,
                )
            )
        stored = session.scalar(
            select(FloodExtentLayer).where(
                FloodExtentLayer.source == layer.source, FloodExtentLayer.acquired_on == layer.acquired_on
            )
        )
        if stored is None:
            stored = FloodExtentLayer(source=layer.source, acquired_on=layer.acquired_on)
            session.add(stored)
        stored.geojson, stored.feature_count, stored.scenes = layer.geojson, layer.feature_count, layer.scenes[:2000]
        stored.stored_by, stored.stored_at = user.username, now
    return SaveSummary(len(after) if not old else 0, len(after) if old else 0, 0)


def read_flood_areas(engine: Engine, acquired_on: date | None = None) -> pd.DataFrame:
    """Areas of the latest acquisition (or of ``acquired_on``): source, acquired_on,
    district_code, area_km2, area_rai, method."""
    columns = ["source", "acquired_on", "district_code", "area_km2", "area_rai", "method"]
    with Session(engine) as session:
        if acquired_on is None:
            acquired_on = session.scalar(
                select(FloodExtentArea.acquired_on).order_by(FloodExtentArea.acquired_on.desc()).limit(1)
            )
        if acquired_on is None:
            return pd.DataFrame(columns=columns)
        rows = session.scalars(
            select(FloodExtentArea)
            .where(FloodExtentArea.acquired_on == acquired_on)
            .order_by(FloodExtentArea.district_code)
        ).all()
        return pd.DataFrame([[getattr(r, c) for c in columns] for r in rows], columns=columns)


def read_latest_extent_layer(engine: Engine) -> ExtentLayer | None:
    with Session(engine) as session:
        row = session.scalar(
            select(FloodExtentLayer)
            .order_by(FloodExtentLayer.acquired_on.desc(), FloodExtentLayer.stored_at.desc())
            .limit(1)
        )
        return (
            None
            if row is None
            else ExtentLayer(row.source, row.acquired_on, row.geojson, row.feature_count, row.scenes)
        )


def latest_report_time(engine: Engine) -> datetime | None:
    """The newest report time stored (the impact source's data time)."""
    with Session(engine) as session:
        return session.scalar(select(ImpactReport.report_time).order_by(ImpactReport.report_time.desc()).limit(1))
