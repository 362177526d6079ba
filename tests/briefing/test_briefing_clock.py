"""The wall screen's clock ticks in the browser (no server rerun per second): the script it
ships formats Bangkok time exactly as the server does, in Thai (Buddhist era) and English,
and follows the server's clock only when the display computer's is more than a minute off."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.ci import skip_or_fail
from ui.briefing import clock_script, thai_clock

# the script runs in node with a stub document holding one clock and one date element
HARNESS = """
const els = {clock: {textContent: ""}, date: {textContent: ""}};
globalThis.document = {querySelectorAll: (sel) => [sel.includes("fr-clock") ? els.clock : els.date]};
globalThis.window = {};
globalThis.setInterval = () => 1; globalThis.clearInterval = () => {};
const browserNow = %d;
Date.now = () => browserNow;
%s
console.log(JSON.stringify([els.clock.textContent, els.date.textContent]));
"""


def _node() -> str:
    found = shutil.which("node") or next(
        iter(
            sorted(Path(__file__).resolve().parents[2].glob(".venv/lib/python3*/site-packages/playwright/driver/node"))
        ),
        None,
    )
    if not found:
        skip_or_fail("no node executable (Playwright's driver ships one)")
    return str(found)


def _run_in_node(script: str, browser_now: datetime) -> list[str]:
    body = script.removeprefix("<script>").removesuffix("</script>")
    out = subprocess.run(
        [_node(), "-e", HARNESS % (int(browser_now.timestamp() * 1000), body)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "lang, now, clock, date",
    [
        ("th", datetime(2026, 11, 25, 12, 5, 9, tzinfo=UTC), "19:05:09", "วันพุธที่ 25 พฤศจิกายน 2569"),
        ("en", datetime(2026, 11, 25, 12, 5, 9, tzinfo=UTC), "19:05:09", "Wednesday 25 November 2026"),
        ("th", datetime(2026, 12, 31, 17, 0, 0, tzinfo=UTC), "00:00:00", "วันศุกร์ที่ 1 มกราคม 2570"),  # new year in Bangkok
        ("en", datetime(2027, 3, 1, 16, 59, 59, tzinfo=UTC), "23:59:59", "Monday 01 March 2027"),
        ("th", datetime(2028, 2, 28, 17, 30, 0, tzinfo=UTC), "00:30:00", "วันอังคารที่ 29 กุมภาพันธ์ 2571"),  # leap day
    ],
)
def test_browser_clock_matches_the_server_clock(lang, now, clock, date):
    assert thai_clock(now, lang) == (clock, date)
    assert _run_in_node(clock_script(lang, now), now) == [clock, date]


def test_browser_clock_follows_the_server_only_when_far_off():
    server = datetime(2026, 11, 25, 12, 5, 9, tzinfo=UTC)
    slightly = server + timedelta(seconds=20)  # an NTP-set display, a slow page load: its own clock
    assert _run_in_node(clock_script("en", server), slightly)[0] == "19:05:29"
    far = server + timedelta(hours=3)  # a display set to the wrong time zone: the server's clock
    assert _run_in_node(clock_script("en", server), far)[0] == "19:05:09"


def test_clock_script_cannot_be_closed_early():
    script = clock_script("th", datetime(2026, 11, 25, tzinfo=UTC))
    assert script.count("</script>") == 1 and script.isascii()
