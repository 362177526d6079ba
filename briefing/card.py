"""The phone-sized public summary card (PNG, 1080 x 1920) from a briefing snapshot:
the same sections as the text summary, Thai shaped by Pillow's Raqm layout (HarfBuzz)
with the Sarabun font, alert lines in red, sources and their times at the bottom."""

from __future__ import annotations

import io

import fontpkg
from PIL import Image, ImageDraw, ImageFont, features

from briefing import thai_text
from domain.summary import summary_sections

SIZE = (1080, 1920)
PAD = 64
BG, INK, ALERT, MUTED, BAND = "#FFFFFF", "#111111", "#B00020", "#555555", "#0B3C5D"


class CardError(RuntimeError):
    """The card cannot be drawn correctly here (e.g. Pillow without Raqm shaping)."""


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = fontpkg.path("Sarabun", weight="bold" if bold else "regular")
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width`` pixels, broken between words (Thai words
    found by ``briefing.thai_text``, the one segmenter of the card and the decks)."""
    return thai_text.wrap(text, font.getlength, width)


def check_card_support() -> None:
    """Raise ``CardError`` when this Pillow cannot draw Thai correctly (no Raqm layout), so a
    page can say so before offering a card it would build later, on a click."""
    if not features.check("raqm"):
        raise CardError(
            "Pillow here has no Raqm (libraqm) layout, so Thai marks would be misplaced; install Pillow wheels from "
            "PyPI"
        )


def render_card(snapshot: dict, lang: str = "th") -> bytes:
    """The card as PNG bytes; text that does not fit ends with '…' rather than overflow."""
    check_card_support()
    image = Image.new("RGB", SIZE, BG)
    draw = ImageDraw.Draw(image)
    sections = summary_sections(snapshot, lang)
    title, body = sections[0], sections[1:]
    title_font, head_font, text_font, small = _font(60, True), _font(46, True), _font(40), _font(30)
    title_lines = wrap(title.heading, title_font, SIZE[0] - 2 * PAD)
    band = PAD + len(title_lines) * 78 + 30
    draw.rectangle([0, 0, SIZE[0], band], fill=BAND)
    y = PAD
    for line in title_lines:
        draw.text((PAD, y), line, font=title_font, fill="#FFFFFF")
        y += 78
    y = band + 40
    limit = SIZE[1] - PAD
    for i, section in enumerate(body):
        last = i == len(body) - 1
        font, step = (small, 42) if last else (text_font, 58)
        if section.heading:
            draw.text((PAD, y), section.heading, font=head_font, fill=INK)
            y += 66
        for text in section.lines:
            for line in wrap(text, font, SIZE[0] - 2 * PAD):
                if y + step > limit:
                    draw.text((PAD, y - step), "…", font=font, fill=MUTED)
                    return _png(image)
                draw.text((PAD, y), line, font=font, fill=ALERT if section.alert else (MUTED if last else INK))
                y += step
        y += 28
    return _png(image)


def _png(image: Image.Image) -> bytes:
    # no optimize=True: it costs several times the plain encode for a few per cent smaller file
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
