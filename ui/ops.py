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
