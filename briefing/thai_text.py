"""Where a line of Thai may break: between words, found by ONE word segmenter for every
place Flood Room wraps Thai text (the public card, the PDF and PPTX decks' tables).

Thai is written without spaces between words, so a line breaker that knows only spaces
either overflows or cuts a word in two ("ข้อมูลเ|ก่า", "อุ / บล"). pythainlp's ``newmm``
tokenizer (dictionary-based maximal matching, the project's default Thai word list) finds
the word boundaries; it is pure Python, so nothing native is built (PyICU needs libicu-dev
and a compiler). Unknown words stay whole clusters: newmm never splits a vowel or tone mark
from its consonant.

    break_units("ข้อมูลเก่า อุบล") -> ["ข้อมูล", "เก่า", " ", "อุบล"]
    with_break_hints(text) -> text with U+200B (zero-width space) between Thai words, which
                             fpdf2 and PowerPoint/LibreOffice treat as a break opportunity
    wrap(text, measure, width) -> lines no wider than ``width`` (``measure(str) -> float``)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

ZWSP = "\u200b"
_THAI = re.compile(r"[\u0e00-\u0e7f]")


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # imported on first use: its dictionary loads in ~1 s

    return tuple(word_tokenize(text, engine="newmm", custom_dict=_dictionary(), keep_whitespace=True))


@functools.lru_cache(maxsize=1)
def _dictionary():
    """pythainlp's word list plus every province and district name (geothai), so a place
    name is one word: 'เขื่องใน' is a district, not 'เขื่อง' + 'ใน'."""
    import geothai
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    provinces = geothai.provinces()
    places = {p.name_th for p in provinces} | {d.name_th for p in provinces for d in geothai.districts(p.code)}
    return dict_trie(set(thai_words()) | {name for name in places if name})


def break_units(text: str) -> list[str]:
    """``text`` cut at every allowed break: Thai words, Latin words, and each run of spaces
    as a unit of its own. ``"".join(break_units(t)) == t``."""
    if not text:
        return []
    if not _THAI.search(text):
        return [u for u in re.split(r"( +)", text) if u]
    units: list[str] = []
    for token in _tokens(text):
        if units and not token.isspace() and not units[-1].isspace() and _joins(units[-1], token):
            units[-1] += token
        else:
            units.append(token)
    return units


def _joins(previous: str, token: str) -> bool:
    """No break inside a run of non-Thai characters ("M.7", "2,100", "14:05"), before closing
    punctuation, or after an opening bracket: "(ข้อมูลเก่า)" keeps its brackets."""
    if not _THAI.match(previous[-1]) and not _THAI.match(token[0]):
        return True
    # ... nor after the abbreviations of a place's level: 'อ.เขื่องใน', 'จ.อุบลราชธานี', 'ต.ในเมือง'
    return bool(re.match(r"[)\].,:;%!?…]", token)) or previous.endswith(("(", "[")) or previous in ("อ.", "จ.", "ต.")


def with_break_hints(text: str) -> str:
    """``text`` with a zero-width space at each break between two Thai words (not beside a
    space, which already breaks)."""
    if not _THAI.search(text or ""):
        return text
    units = break_units(text)
    out = units[:1]
    for unit in units[1:]:
        if not unit.isspace() and not out[-1].isspace() and (_THAI.search(unit[0]) or _THAI.search(out[-1][-1])):
            out.append(ZWSP)
        out.append(unit)
    return "".join(out)


def wrap(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (as ``measure`` counts), broken between
    words; a single word wider than a line is cut between clusters as a last resort."""
    lines, line = [], ""
    for unit in break_units(text):
        candidate = line + unit
        if measure(candidate.strip()) <= width or not line.strip():
            line = candidate
        else:
            lines.append(line.rstrip())
            line = "" if unit.isspace() else unit
        while measure(line.strip()) > width and len(line.strip()) > 1:
            head = _longest_fit(line.strip(), measure, width)
            lines.append(head)
            line = line.strip()[len(head) :]
    line = line.strip()
    return [x for x in lines if x] + ([line] if line else [])


_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def _longest_fit(word: str, measure: Callable[[str], float], width: float) -> str:
    """The longest head of ``word`` that fits, never ending before a combining mark."""
    cut = 1
    for end in range(1, len(word)):
        if word[end] in _MARKS:
            continue
        if measure(word[:end]) > width:
            break
        cut = end
    return word[:cut]
