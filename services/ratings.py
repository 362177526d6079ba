"""Station ratings as a use case (issue 18): import a published rating file, refit from the store.

``import_rating_file``: a CSV of ``station, level_m_msl, discharge_m3s`` (other columns allowed,
e.g. the date and source of each pair). Everything is checked first (columns, numbers, known
stations, a rating per station: at least 4 pairs, a positive exponent); the first problem is a
``RatingImportError`` with one line to act on, and nothing is written. Then the pairs and each
station's rating (source ``published``) are stored in one transaction.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from domain.rating import Rating, RatingError, fit_rating
from domain.stations import key_station_map
from store.ratings import refit_ratings, save_published_rating
from store.water import WaterStation

COLUMNS = ("station", "level_m_msl", "discharge_m3s")


class RatingImportError(ValueError):
    """A rating file that cannot be imported; ``str()`` is the one-line reason (English, for logs
    and tests), ``code`` and ``params`` what the catalogue's ``rating.refused.<code>`` words in
    the reader's language (``line`` kept wherever the problem is on a line)."""

    def __init__(self, code: str, message: str, **params: object):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class RatingImport:
    file_name: str
    pairs: int
    ratings: list[Rating]


def _number(text: str, line: int, column: str) -> float:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        raise RatingImportError(
            "not_a_number", f"line {line}: {column} {text!r} is not a number", line=line, column=column, value=text
        ) from None
    if not math.isfinite(value):
        raise RatingImportError(
            "not_finite", f"line {line}: {column} {text!r} is not a finite number", line=line, column=column, value=text
        )
    return value


def read_rating_csv(raw: bytes, file_name: str) -> pd.DataFrame:
    """station_code, level_msl, discharge of the file, or ``RatingImportError``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RatingImportError(
            "not_utf8", f"{file_name} is not UTF-8 text; save it as CSV UTF-8", file=file_name
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RatingImportError(
            "missing_columns",
            f"{file_name} is missing {', '.join(missing)}; columns needed: {', '.join(COLUMNS)} (others are allowed)",
            file=file_name,
            columns=", ".join(missing),
            needed=", ".join(COLUMNS),
        )
    rows = []
    for line, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "") for k, v in raw_row.items()}
        code = row["station"].strip()
        if not code:
            raise RatingImportError("empty_station", f"line {line}: the station is empty", line=line)
        level = _number(row["level_m_msl"], line, "level_m_msl")
        discharge = _number(row["discharge_m3s"], line, "discharge_m3s")
        if discharge <= 0:
            raise RatingImportError(
                "not_positive",
                f"line {line}: discharge_m3s {discharge:g} must be above 0",
                line=line,
                column="discharge_m3s",
                value=f"{discharge:g}",
            )
        rows.append((code, level, discharge))
    if not rows:
        raise RatingImportError("no_pairs", f"{file_name} has no pairs", file=file_name)
    return pd.DataFrame(rows, columns=["station_code", "level_msl", "discharge"])


def known_station_codes(engine: Engine, province_code: str) -> set[str]:
    """The station codes in the registry and the key-station file."""
    s = WaterStation.__table__
    with engine.connect() as conn:
        stored = {r[0] for r in conn.execute(select(s.c.station_code).distinct())}
    return stored | set(key_station_map(province_code))


def import_rating_file(
    engine: Engine, path: Path, province_code: str, by: str, at: datetime | None = None
) -> RatingImport:
    """Check then store a published rating file (see the module docstring)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise RatingImportError(
            "unreadable", f"cannot read {path}: {exc.strerror or exc}", file=str(path), error=str(exc.strerror or exc)
        ) from exc
    pairs = read_rating_csv(raw, Path(path).name)
    known = known_station_codes(engine, province_code)
    unknown = sorted(set(pairs["station_code"]) - known)
    if unknown:
        raise RatingImportError(
            "unknown_station",
            f"unknown station {', '.join(unknown)}: not in the stored stations nor config/key_stations.toml",
            codes=", ".join(unknown),
            n=len(unknown),
        )
    ratings = []
    for code, part in pairs.groupby("station_code", sort=True):
        try:
            rating = fit_rating(str(code), part["level_msl"], part["discharge"])
        except RatingError as exc:
            raise RatingImportError(
                "rating", f"station {code}: {exc}", station=str(code), error_code=exc.code, **exc.params
            ) from None
        ratings.append(replace(rating, source="published"))
    stored = save_published_rating(engine, pairs, ratings, Path(path).name, by, at)
    return RatingImport(Path(path).name, stored, ratings)


def refit_station_ratings(engine: Engine, province_code: str, by: str, at: datetime | None = None) -> list[str]:
    """Refit the key stations' ratings from their stored readings now (on demand, however recent the last fit)."""
    return refit_ratings(engine, list(key_station_map(province_code)), by, at, every=timedelta(0))
