"""Data flags as codes with parameters, not sentences.

A row's ``flags`` text (stations, observations, rain readings) is "; "-joined reasons; each
reason is ``@code|name=value|...`` (``coded_flag``), worded when shown by the i18n catalogue's
``water.flag.<code>`` in Thai or English (``ui.flags.render_flags``). Text without the leading
"@" is a reason written before flags were coded (databases filled before issue 17); it is shown
as stored, never parsed back.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

SEPARATOR = "; "
DATUM_DUPLICATE = "datum_duplicate"  # RID gauge-datum duplicate rows; briefing.snapshot.datum_duplicates looks for it


def _safe(value: object) -> str:
    # "|" parts a flag and "; " parts the list: a raw value from a feed must not contain either
    return str(value).replace("|", "/").replace(SEPARATOR, ", ")


def coded_flag(code: str, **params: object) -> str:
    """``coded_flag("stale", hours="7.5", was="normal")`` -> ``"@stale|hours=7.5|was=normal"``."""
    return "|".join(["@" + code, *(f"{k}={_safe(v)}" for k, v in params.items())])


def parse_flag(reason: str) -> tuple[str | None, dict[str, str]]:
    """(code, parameters) of one coded reason; (None, {}) for legacy text."""
    if not reason.startswith("@"):
        return None, {}
    code, *parts = reason[1:].split("|")
    return code, dict(p.split("=", 1) for p in parts if "=" in p)


def split_flags(flags: object) -> list[str]:
    """The reasons of a ``flags`` text (None, NaN or "" -> [])."""
    missing: Any = flags  # pandas' isna takes any scalar; its stubs do not say so
    if flags is None or (not isinstance(flags, str) and pd.isna(missing)):
        return []
    return [r for r in str(flags).split(SEPARATOR) if r]


def join_flags(*texts: object) -> str:
    """One ``flags`` text from several (each a text or None), empty ones left out."""
    return SEPARATOR.join(r for text in texts for r in split_flags(text))


def has_flag(flags: pd.Series, code: str) -> pd.Series:
    """True where a row's ``flags`` hold the coded reason ``code``."""
    return flags.map(lambda text: any(parse_flag(r)[0] == code for r in split_flags(text))).astype(bool)
