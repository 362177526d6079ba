"""The words of an alert, in the recipient's language, with every value that came from a feed
(a station's name, a source's error) made safe for the channel it goes to:

* e-mail: plain text only (no HTML part, so no HTML to inject); control characters removed;
  the subject on one line (no header injection through a CR/LF in a name), at most 200 characters.
* LINE: a text message renders no markup; control characters removed; 5,000 characters at most.
* webhook: plain text in a JSON document (JSON encoding is its escaping; a JSON payload is
  data, not Markdown: a receiver that renders markup escapes for itself, with the raw values in
  the payload beside the text); control characters removed; 50,000 characters at most.

No channel of ours renders markup, so no value gets a Markdown or HTML escape.

The message of an event kind is the catalogue's ``alerts.msg.<kind>`` (title ``alerts.title.<kind>``)
formatted with the payload's values; a payload value named ``*_at`` holding an ISO time is shown
in Bangkok time with the Buddhist era in Thai. A kind without a catalogue entry is sent with its
payload's ``text`` (made safe likewise).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from i18n import CATALOGUE, t
from i18n.timefmt import format_datetime

SUBJECT_MAX = 200
VALUE_MAX = 300  # one feed value in a message
LIMITS = {"email": 100_000, "line": 5000, "line_broadcast": 5000, "webhook": 50_000}
_ELLIPSIS = "…"


def strip_controls(value: str, *, keep_newlines: bool = True) -> str:
    """``value`` without control and format characters (bidi overrides, zero-width joiners that
    could hide or reorder text); newlines and tabs kept if ``keep_newlines``."""
    kept = []
    for ch in value:
        if ch in "\n\t" and keep_newlines:
            kept.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf") and ch != "\u200b":
            kept.append("" if ch not in "\r\n\t" else " ")
        else:
            kept.append(ch)
    return "".join(kept)


def escape_value(value: object, channel: str) -> str:
    """One feed value made safe for ``channel`` (see the module docstring)."""
    text = strip_controls(str(value), keep_newlines=False)
    text = " ".join(text.split())
    if len(text) > VALUE_MAX:
        text = text[: VALUE_MAX - 1] + _ELLIPSIS
    return text


def fit(text: str, channel: str) -> str:
    """``text`` cut to the channel's limit (with an ellipsis) when it is longer."""
    limit = LIMITS[channel]
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def subject_line(text: str) -> str:
    line = " ".join(strip_controls(text, keep_newlines=False).split())
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1] + _ELLIPSIS


def _shown(name: str, value: Any, lang: str, channel: str) -> str:
    if name.endswith("_at") and isinstance(value, str):
        try:
            return format_datetime(datetime.fromisoformat(value), lang)
        except ValueError:
            pass
    if isinstance(value, float):
        return f"{value:,.2f}"
    return escape_value(value, channel)


def render_alert(
    kind: str, payload: dict[str, Any], lang: str, channel: str, *, text: str | None = None, base_url: str = ""
) -> tuple[str, str]:
    """(subject, body) of an alert for ``channel`` in ``lang``. ``text``: a finished text (the
    public summary, a test message) used as it is, control characters removed and cut to size.
    ``payload['link']``, a path of the dashboard such as ``water?station=M.7``, adds a link line."""
    if text is not None:
        body = strip_controls(text)
        title = payload.get("title") or body.split("\n", 1)[0]
        return subject_line(t("alerts.subject", lang, title=title)), fit(body, channel)
    values = {name: _shown(name, value, lang, channel) for name, value in payload.items()}
    msg_key, title_key = f"alerts.msg.{kind}", f"alerts.title.{kind}"
    if msg_key in CATALOGUE:
        body = t(msg_key, lang, **values)
    else:
        body = values.get("text") or " · ".join(f"{k}: {v}" for k, v in sorted(values.items()) if k != "link") or kind
    title = t(title_key, lang, **values) if title_key in CATALOGUE else body.split("\n", 1)[0]
    link = payload.get("link")
    if link:
        url = base_url.rstrip("/") + "/" + str(link).lstrip("/")
        body += "\n" + t("alerts.link", lang, url=url)
    return subject_line(t("alerts.subject", lang, title=title)), fit(body, channel)
