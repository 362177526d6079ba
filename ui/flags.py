"""Data flags worded for a person: each coded reason (``domain.flags``) through the i18n
catalogue's ``water.flag.<code>`` in Thai or English. A reason the catalogue does not know (text
stored before flags were coded, or a code newer than this catalogue) is shown as stored."""

from __future__ import annotations

from domain.flags import parse_flag, split_flags
from i18n import CATALOGUE, t
from i18n.timefmt import format_number

_DAY_H = 48  # up to two days an age reads in hours, beyond in days


def _age(hours: str, lang: str) -> str:
    h = float(hours)
    if h < _DAY_H:
        return t("time.hours_short", lang, n=format_number(h, 1))
    return t("time.days_short", lang, n=format_number(h / 24, 1))


def _params(code: str, params: dict[str, str], lang: str) -> dict[str, str]:
    """Parameters as the sentence shows them: an age in the language's units, a class by its name."""
    out = dict(params)
    if code == "stale" and "hours" in out:
        out["age"] = _age(out.pop("hours"), lang)
    if "was" in out and f"water.class.{out['was']}" in CATALOGUE:
        out["was"] = t(f"water.class.{out['was']}", lang)
    if "days" in out:
        out["days"] = format_number(float(out["days"]), 1)
    return out


def render_flag(reason: str, lang: str) -> str:
    """One reason in ``lang``; unknown text as stored."""
    code, params = parse_flag(reason)
    key = f"water.flag.{code}"
    if code is None or key not in CATALOGUE:
        return reason
    try:
        return t(key, lang, **_params(code, params, lang))
    except (KeyError, ValueError):  # a parameter missing or not a number: say what was stored
        return reason


def render_flags(flags, lang: str) -> str:
    """A row's "; "-joined ``flags`` text in ``lang`` ("" for none)."""
    return "; ".join(render_flag(r, lang) for r in split_flags(flags))
