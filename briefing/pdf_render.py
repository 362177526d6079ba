"""Slides (``briefing.deck.Slide``) to a landscape A4 PDF with fpdf2: HarfBuzz text shaping
(uharfbuzz) and the Sarabun font embedded (subset), so Thai vowels and tone marks sit
right and ``pdftotext`` reads the Thai back."""

from __future__ import annotations

import io

import fontpkg
from fpdf import FPDF
from fpdf.fonts import FontFace

from briefing.map_labels import text_colour
from briefing.tables import column_weights
from briefing.thai_text import with_break_hints

FONT = "Sarabun"
RED, GREY, DARK = (176, 0, 32), (85, 85, 85), (17, 17, 17)


def font_files() -> dict[str, str]:
    """The Sarabun regular and bold TTFs from fontpkg-sarabun (OFL-1.1)."""
    return {"": str(fontpkg.path("Sarabun")), "B": str(fontpkg.path("Sarabun", weight="bold"))}


def _pdf() -> FPDF:
    pdf = FPDF(orientation="L", format="A4", unit="mm")
    for style, path in font_files().items():
        pdf.add_font(FONT, style, path)
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(14, 12, 14)
    return pdf


ZWSP = "\u200b"
CELL_PAD = (1.8, 1.0)  # mm above/below and left/right of a cell's text: room for Thai's stacked marks (น้ำ)
CELL_PADDING_MM = 2 * CELL_PAD[1] + 0.5  # what a header line may not use of its column's width


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def header_lines(pdf: FPDF, text: str, width_mm: float) -> str:
    """A header broken into lines that fit ``width_mm`` in the bold font, at spaces and between
    Thai words (a word longer than the width keeps its own line). fpdf2 sizes a row by its own, unshaped, count of
    lines and then draws shaped Thai that may wrap once more, past the header band; a header
    with its breaks already in place wraps the same way in both."""
    style, size = pdf.font_style, pdf.font_size_pt
    pdf.set_font(FONT, "B", size)
    lines: list[str] = []
    room = width_mm - CELL_PADDING_MM
    for word in str(text).split():
        for k, piece in enumerate(with_break_hints(word).split(ZWSP)):  # Thai words: break between them
            joined = f"{lines[-1]}{' ' if k == 0 else ''}{piece}" if lines else piece
            if lines and pdf.get_string_width(joined) <= room:
                lines[-1] = joined
            else:
                lines.append(piece)
    pdf.set_font(FONT, style, size)
    return "\n".join(lines)


def _table(pdf: FPDF, df, fills: dict | None = None) -> None:
    pdf.set_font(FONT, size=10 if len(df) > 6 else 12)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=(40, 55, 71))
    widths = column_weights(df)
    fills = fills or {}
    with pdf.table(
        headings_style=heading,
        line_height=pdf.font_size * 1.45,
        text_align="LEFT",
        col_widths=widths,
        padding=CELL_PAD,
    ) as table:
        table.row(
            [header_lines(pdf, str(c), pdf.epw * w / sum(widths)) for c, w in zip(df.columns, widths, strict=True)]
        )
        for r, row in enumerate(df.itertuples(index=False)):
            cells = table.row()
            for name, value in zip(df.columns, row, strict=True):
                fill = (fills.get(name) or [None] * len(df))[r]
                style = FontFace(color=_rgb(text_colour(fill)), fill_color=_rgb(fill)) if fill else None
                cells.cell(table_cell(value), style=style)


def table_cell(value) -> str:
    """A cell's text with a break hint between Thai words: fpdf2 breaks lines only at spaces
    and zero-width spaces, so a Thai cell would otherwise be cut mid-word."""
    return with_break_hints(str(value))


def _slide(pdf: FPDF, s) -> None:
    pdf.add_page()
    if s.name == "title":
        pdf.set_y(70)
        pdf.set_font(FONT, "B", 30)
        pdf.multi_cell(0, 14, s.title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 20)
        pdf.multi_cell(0, 12, s.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 8)
        pdf.set_font(FONT, "", 13)
        pdf.set_text_color(*GREY)
        for caption, _ in s.captions:  # what the deck has no slide for yet (briefing.deck.compact_slides)
            pdf.multi_cell(0, 7, caption, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y() + 6, 180))
        pdf.set_font(FONT, "", 11)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 6, s.note, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*DARK)
        return
    pdf.set_font(FONT, "B", 22)
    pdf.cell(0, 12, s.title, new_x="LMARGIN", new_y="NEXT")
    if s.subtitle:
        pdf.set_font(FONT, "", 13)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 7, s.subtitle, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*DARK)
    if s.table is not None and not s.table.empty:
        _table(pdf, s.table, getattr(s, "fills", None))
        pdf.ln(3)
    if s.image is not None:
        room = 210 - 14 - pdf.get_y() - 8 * (len(s.captions) + 1)
        width = min(269, room * 16 / 9)
        if width > 60:
            pdf.image(io.BytesIO(s.image), x=(297 - width) / 2, w=width)
    if s.note:
        pdf.set_font(FONT, "", 16)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 9, s.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*DARK)
    for caption, stale in s.captions:
        pdf.set_font(FONT, "B" if stale else "", 10)
        pdf.set_text_color(*(RED if stale else GREY))
        pdf.multi_cell(0, 5.5, caption.replace("⚠", "!"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*DARK)


def render_pdf(slides) -> bytes:
    """One page per ``Slide`` (a long table may run onto a second page)."""
    pdf = _pdf()
    for s in slides:
        _slide(pdf, s)
    return bytes(pdf.output())
