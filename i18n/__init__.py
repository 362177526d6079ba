"""The one catalogue of UI strings, Thai and English.

Strings live in ``i18n/strings/<concern>.py`` as ``STRINGS = {key: (thai, english)}``;
they are merged here at import, and a key defined twice is an error. ``t(key, lang)``
looks one up and formats it with keyword arguments.
"""

from __future__ import annotations

import importlib
import pkgutil

from i18n import strings as _strings_pkg

LANGS = ("th", "en")


def _load_catalogue() -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for module in pkgutil.iter_modules(_strings_pkg.__path__):
        table = importlib.import_module(f"i18n.strings.{module.name}").STRINGS
        for key, pair in table.items():
            if key in catalogue:
                raise RuntimeError(f"i18n key {key!r} is defined twice (second time in i18n/strings/{module.name}.py)")
            if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) and s for s in pair)):
                raise RuntimeError(
                    f"i18n key {key!r} in i18n/strings/{module.name}.py needs a (thai, english) pair of non-empty "
                    "strings"
                )
            catalogue[key] = pair
    return catalogue


CATALOGUE = _load_catalogue()


def t(key: str, lang: str = "th", **values: object) -> str:
    """The text of ``key`` in ``lang`` ('th' or 'en'), formatted with ``values``. A count ``n``
    of one takes ``<key>.one`` when the catalogue has it (English says "1 station", "2 stations";
    Thai has one form), so no string needs "(s)"."""
    if str(values.get("n", "")) == "1" and f"{key}.one" in CATALOGUE:
        key = f"{key}.one"
    thai, english = CATALOGUE[key]
    text = thai if lang == "th" else english
    return text.format(**values) if values else text


def actor_name(name: object, lang: str = "th") -> str:
    """A stored user name or display name for display: the built-in actor (``auth.SYSTEM``:
    the ingest loop and ``manage.py``), stored as 'system' / 'Flood Room (automatic)', in
    ``lang``; a person's name as typed. Translated at render time, never stored translated."""
    from auth import SYSTEM  # here, not at import: auth is above the catalogue

    if name in (SYSTEM.username, SYSTEM.display_name):
        return t("actor.system", lang)
    if isinstance(name, str) and name.startswith(CLI_ACTOR_PREFIX):  # cli.impact stores 'cli:<os user>'
        return t("actor.cli", lang, user=name[len(CLI_ACTOR_PREFIX) :])
    if name == CLI_DISPLAY_NAME:
        return t("actor.cli_plain", lang)
    return "" if name is None else str(name)


CLI_ACTOR_PREFIX = "cli:"  # the username cli.impact gives a command-line import
CLI_DISPLAY_NAME = "Command line"  # and its stored display name


def source_name(source: object, lang: str = "th") -> str:
    """A stored record source for display: ``file:NAME`` (an imported file) reads as
    'ไฟล์ NAME' / 'file NAME'; a form entry and the feeds by their catalogue names; anything
    else as stored. Stored as a code, worded at render time."""
    text = "" if source is None else str(source)
    kind, _, rest = text.partition(":")
    if kind == "file" and rest:
        return t("record.source.file", lang, name=rest)
    key = f"record.source.{text}"
    return t(key, lang) if key in CATALOGUE else text


def count_en(n: int, word: str, plural: str | None = None) -> str:
    """'1 row', '2 rows', '3 districts corrected' style counts for the command line's English
    output and notes to the operator (not catalogued; what a page shows goes through ``t``)."""
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"
