"""``fetch-boundaries`` without internet: one line on the console (no urllib3 retry warnings,
no exception chain), the detail in DATA_DIR's log, and the way out (import-boundaries)."""

from __future__ import annotations

from tests.ops.test_ops_one_line_failures import manage

OFFLINE = {"GEOBOUNDARIES_API_URL": "http://127.0.0.1:9/api/"}  # the discard port: refused at once


def test_fetch_boundaries_offline_is_one_line_with_the_detail_in_the_log(tmp_path):
    done = manage(["fetch-boundaries"], {**OFFLINE, "DEFAULT_LANGUAGE": "en"}, tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("fetching district boundaries")]
    assert len(lines) == 1, done.stderr
    assert "WARNING" not in done.stderr and "Retrying" not in done.stderr and "NewConnectionError" not in done.stderr
    line = lines[0]
    assert line.startswith("error: ") and len(line) <= 200, line
    assert "127.0.0.1" in line and "import-boundaries" in line and "ingest.log" in line
    log = (tmp_path / "data" / "ingest.log").read_text(encoding="utf-8")
    assert "Retrying" in log and "Connection refused" in log


def test_fetch_boundaries_offline_in_thai(tmp_path):
    done = manage(["fetch-boundaries"], {**OFFLINE, "DEFAULT_LANGUAGE": "th"}, tmp_path)
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("fetching district boundaries")]
    assert len(lines) == 1 and any("\u0e00" <= c <= "\u0e7f" for c in lines[0]), done.stderr
