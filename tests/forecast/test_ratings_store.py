"""``store.ratings`` and ``services.ratings`` on SQLite and PostgreSQL: a published rating wins
over a fitted one, ``at`` sees only what was stored by then, a bad file writes nothing, the
ingest's refit runs at most daily."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from domain.rating import Rating, fit_rating
from services.ratings import RatingImportError, import_rating_file, refit_station_ratings
from store.ratings import (
    RatingPair,
    StationRating,
    current_rating,
    observed_pairs,
    refit_ratings,
    save_fitted_rating,
)
from tests.forecast.history import T0, add_readings, add_station

PUBLISHED = """station,date,level_m_msl,discharge_m3s,source_url
M.7,2022-08-25,111.30,1890,http://example.org/1
M.7,2022-08-31,111.70,2120,http://example.org/2
M.7,2022-09-16,112.30,2480,http://example.org/3
M.7,2022-09-23,113.07,2955,http://example.org/4
M.7,2022-10-01,114.97,4296,http://example.org/5
"""


def _counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(RatingPair)).scalar_one(),
            conn.execute(select(func.count()).select_from(StationRating)).scalar_one(),
        )


def _fitted(code="M.7", b=1.5) -> Rating:
    h = np.linspace(108, 114, 20)
    return fit_rating(code, h, 100 * (h - 104) ** b)


def test_import_stores_pairs_and_a_published_rating_that_wins(engine, tmp_path):
    save_fitted_rating(engine, _fitted(), "ingest:thaiwater", T0)
    path = tmp_path / "m7.csv"
    path.write_text(PUBLISHED, encoding="utf-8")
    result = import_rating_file(engine, path, "34", "cli:test", at=T0 + timedelta(days=1))
    assert result.pairs == 5 and _counts(engine) == (5, 2)
    rating = current_rating(engine, "M.7")
    assert rating is not None and rating.source == "published" and rating.n_pairs == 5
    assert (rating.level_min, rating.level_max) == (111.30, 114.97)
    # a published rating describes the station: in force before its import too (fitted ones keep their time)
    before = current_rating(engine, "M.7", T0 + timedelta(hours=1))
    assert before is not None and before.source == "published" and before.n_pairs == 5
    assert current_rating(engine, "M.7", T0 - timedelta(days=900)).source == "published"
    save_fitted_rating(engine, _fitted("M.11B", b=1.7), "ingest:thaiwater", T0)
    assert current_rating(engine, "M.11B", T0 - timedelta(hours=1)) is None
    assert current_rating(engine, "M.11B", T0 + timedelta(hours=1)).b == pytest.approx(1.7, rel=1e-3)
    assert current_rating(engine, "M.5") is None


@pytest.mark.parametrize(
    "text, words",
    [
        (PUBLISHED.replace("M.7,2022-10-01", "X.99,2022-10-01"), "unknown station X.99"),
        (PUBLISHED.replace("2955", "lots"), "line 5: discharge_m3s 'lots' is not a number"),
        (PUBLISHED.replace("114.97", "nan"), "line 6: level_m_msl 'nan' is not a finite number"),
        ("station,level_m_msl,discharge_m3s\nM.7,111.3,1890\nM.7,111.7,2120\nM.7,112.3,2480\n", "only 3 pairs"),
        (
            "station,level_m_msl,discharge_m3s\nM.7,111,400\nM.7,112,300\nM.7,113,200\nM.7,114,100\n",
            "station M.7: the fitted exponent is -",
        ),
        ("station,level,discharge_m3s\nM.7,111,400\n", "is missing level_m_msl"),
        (PUBLISHED.replace("2120", "-5"), "line 3: discharge_m3s -5 must be above 0"),
    ],
)
def test_a_bad_file_is_refused_with_one_line_and_nothing_written(engine, tmp_path, text, words):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RatingImportError) as info:
        import_rating_file(engine, path, "34", "cli:test")
    assert words in str(info.value) and "\n" not in str(info.value)
    assert _counts(engine) == (0, 0)


def test_observed_pairs_see_only_what_was_ingested_by_then(engine):
    add_station(engine, "M.7", "100")
    times = [T0 + timedelta(hours=i) for i in range(6)]
    ingested = [*times[:3], *(t + timedelta(days=2) for t in times[3:])]  # the last three arrived two days late
    add_readings(engine, "100", times, [110, 110.1, 110.2, 110.3, 110.4, None], [1, 2, 3, 4, 5, 6], ingested)
    assert len(observed_pairs(engine, "M.7", T0 + timedelta(days=1))) == 3
    later = observed_pairs(engine, "M.7", T0 + timedelta(days=3))
    assert later["level_msl"].tolist() == [110, 110.1, 110.2, 110.3, 110.4]  # the reading without a level is left out


def test_refit_at_most_daily_and_keeps_the_last_good_rating(engine):
    add_station(engine, "M.7", "100")
    h = np.linspace(109.0, 113.0, 30)
    times = [T0 + timedelta(hours=i) for i in range(30)]
    add_readings(engine, "100", times, h, 124 * (h - 105.8) ** 1.6)
    at = T0 + timedelta(days=2)
    notes = refit_ratings(engine, ["M.7", "M.11B"], "ingest:thaiwater", at)
    assert notes == ["rating of M.7 refitted on 30 pairs (RMSE log Q 0.000)"]
    assert refit_ratings(engine, ["M.7"], "ingest:thaiwater", at + timedelta(hours=5)) == []  # not again today
    # new pairs that fall with level: the refit is refused and the last rating stays
    bad = np.linspace(113.1, 114.0, 40)
    add_readings(engine, "100", [T0 + timedelta(days=2, hours=i) for i in range(40)], bad, 5000 - 40 * bad)
    notes = refit_ratings(engine, ["M.7"], "ingest:thaiwater", at + timedelta(days=2))
    assert len(notes) == 1 and notes[0].startswith("rating of M.7 not refitted: the fitted exponent is")
    kept = current_rating(engine, "M.7")
    assert kept is not None and kept.b == pytest.approx(1.6, rel=1e-3) and _counts(engine) == (0, 1)


def test_refit_on_demand_ignores_the_daily_limit(engine):
    add_station(engine, "M.7", "100")
    h = np.linspace(109.0, 113.0, 10)
    add_readings(engine, "100", [T0 + timedelta(hours=i) for i in range(10)], h, 124 * (h - 105.8) ** 1.6)
    at = T0 + timedelta(days=1)
    assert len(refit_station_ratings(engine, "34", "cli:test", at)) == 1
    assert len(refit_station_ratings(engine, "34", "cli:test", at + timedelta(minutes=1))) == 1
    assert _counts(engine) == (0, 2)
    assert pd.Series([current_rating(engine, "M.7").n_pairs]).tolist() == [10]
