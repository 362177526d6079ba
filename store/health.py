"""Source health: one row per outside source, written by every ingest attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, Integer, String, Text, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from store.base import Base, UTCDateTime, utcnow


class SourceHealth(Base):
    __tablename__ = "source_health"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rows_received: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    data_time: Mapped[datetime | None] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class HealthRow:
    source: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    rows_received: int | None
    latency_ms: float | None
    data_time: datetime | None


def record_attempt(
    engine: Engine,
    source: str,
    *,
    ok: bool,
    rows: int | None = None,
    latency_ms: float | None = None,
    error: str | None = None,
    data_time: datetime | None = None,
    at: datetime | None = None,
) -> None:
    """Write one attempt. A success keeps the last error text for the record but
    moves ``last_success_at``; a failure leaves the last success and its rows alone."""
    at = at or utcnow()
    with Session(engine) as session, session.begin():
        row = session.get(SourceHealth, source) or SourceHealth(source=source)
        row.last_attempt_at = at
        row.latency_ms = latency_ms
        if ok:
            row.last_success_at = at
            row.rows_received = rows
            if data_time is not None:
                row.data_time = data_time
        else:
            row.last_error = (error or "unknown error")[:2000]
            row.last_error_at = at
        session.add(row)


def read_health(engine: Engine) -> list[HealthRow]:
    """All sources' health, by source name."""
    with Session(engine) as session:
        rows = session.scalars(select(SourceHealth).order_by(SourceHealth.source)).all()
        return [
            HealthRow(
                r.source,
                r.last_attempt_at,
                r.last_success_at,
                r.last_error,
                r.last_error_at,
                r.rows_received,
                r.latency_ms,
                r.data_time,
            )
            for r in rows
        ]


def ping_database(engine: Engine) -> None:
    """Ask the database a ``SELECT 1``; its error is raised when it does not answer."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def database_answers(engine: Engine) -> bool:
    """True when the database answers a ``SELECT 1`` now (for the outage message's probe)."""
    try:
        ping_database(engine)
    except SQLAlchemyError:
        return False
    return True
