"""Helpers of the operations concern for the pages: source health that survives a
database outage (the page says so and retries by itself instead of failing), with server
file paths in error texts cut down to the file's name (a path tells a visitor how the
server is laid out, and the name is all an officer needs)."""

from __future__ import annotations

import dataclasses
import re

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from store.health import HealthRow, read_health

# an absolute POSIX path (not the path of a URL: no word character, ':' or '/' before its
# first slash) or a Windows drive path; group 1 is the file name
_POSIX_PATH = re.compile(r"(?<![\w:/.~-])(?:~|\.{1,2})?/(?:[^\s/'\"()]+/)+([^\s/'\"()]*)")
_WINDOWS_PATH = re.compile(r"\b[A-Za-z]:\\(?:[^\s\\'\"()]+\\)+([^\s\\'\"()]*)")


def file_names_only(text: str | None) -> str | None:
    """``text`` with every server file path replaced by the file's name; URLs are kept."""
    if not text:
        return text
    return _WINDOWS_PATH.sub(r"\1", _POSIX_PATH.sub(r"\1", text))


def load_health(engine: Engine) -> tuple[list[HealthRow] | None, str | None]:
    """(rows, None), or (None, the error's class name) while the database is unreachable.
    Error texts name files, never their folders on the server."""
    try:
        rows = read_health(engine)
    except SQLAlchemyError as exc:
        return None, exc.__class__.__name__
    return [dataclasses.replace(row, last_error=file_names_only(row.last_error)) for row in rows], None


# The texts data_sources and ingest write (English, stored in source_health) -> i18n keys.
# A text none of these knows (an outside server's own words) is shown as stored.
_ERROR_PATTERNS = [
    (re.compile(p), k)
    for p, k in (
        (r"no answer within (?P<seconds>\S+) s \(after retries\)", "ops.err.timeout"),
        (r"cannot connect \((?P<detail>.*)\)", "ops.err.connect"),
        (r"rate limited \(HTTP 429\).*", "ops.err.rate_limited"),
        (r"HTTP (?P<status>\d+) from the server", "ops.err.http"),
        (r"the server redirected to another host \((?P<target>[^)]*)\).*", "ops.err.redirect"),
        (
            r"field '(?P<field>[^']+)' is missing from the (?P<where>[\w ]+); the source may have changed its format",
            "ops.err.missing_field",
        ),
        (r"file (?P<file>\S+) is not a saved JSON reply of (?P<source>\w+): .*", "ops.err.not_json"),
    )
]
# The command that brings each source back (a file-fed source needs the office's file).
FIX_COMMANDS = {
    "impact": "python manage.py import-impact FILE",
    "shelters": "python manage.py import-shelters FILE",
    "boundaries": "python manage.py fetch-boundaries  # or: import-boundaries FILE",
    "gistda": "GISTDA_API_KEY=… python manage.py ingest --source gistda",
}


# Reasons whose parameter is a library's own English text (requests' "ConnectionError:
# HTTPSConnectionPool(...)"): the one line leaves it out, the page shows it apart.
_PLAIN_REASONS = {"ops.err.connect": "ops.err.connect_plain"}


def explain_error(text: str | None, lang: str) -> tuple[str, str | None]:
    """(a one-line reason in ``lang``, the stored technical text to show apart, or None when the
    reason says it all). 'thaiwater: cannot connect (ConnectionError: HTTPSConnectionPool…)'
    -> ('เชื่อมต่อเซิร์ฟเวอร์ของแหล่งข้อมูลไม่ได้ …', the stored text); a text none of ours
    -> (a plain "the fetch failed", the stored text)."""
    if not text:
        return "", None
    from i18n import t

    source, sep, message = text.partition(": ")
    body = message if sep and re.fullmatch(r"\w+", source) else text
    for pattern, key in _ERROR_PATTERNS:
        match = pattern.fullmatch(body)
        if match and key in _PLAIN_REASONS:
            return t(_PLAIN_REASONS[key], lang), text
        if match:
            return t(key, lang, **match.groupdict()), None
    return t("ops.err.other", lang), text


def fix_command(source: str) -> str:
    """The command that fetches ``source`` again (or loads its file)."""
    return FIX_COMMANDS.get(source, f"python manage.py ingest --source {source}")


# One status per source, the first that holds: a source that never delivered has no data at
# all; a failing fetch needs someone to act, whatever the age of the data it keeps showing;
# then old data; else fine. The page's summary counts by it, so its numbers add up to the sources.
STATUS_ORDER = ("never", "failing", "stale", "ok")


def source_status(fresh) -> str:
    """'never' | 'failing' | 'stale' | 'ok' of one assessed source (``domain.freshness.assess``)."""
    if fresh.never:
        return "never"
    if fresh.failing:
        return "failing"
    return "stale" if fresh.stale else "ok"


def status_counts(states) -> dict[str, int]:
    """How many sources are in each status; the counts add up to ``len(states)``."""
    statuses = [source_status(f) for f in states]
    return {status: statuses.count(status) for status in ("ok", "stale", "failing", "never")}
