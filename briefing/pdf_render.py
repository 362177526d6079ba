"""Slides (``briefing.deck.Slide``) to a landscape A4 PDF with fpdf2: HarfBuzz text shaping
(uharfbuzz) and the Sarabun font embedded (subset), so Thai vowels and tone marks sit
right and ``pdftotext`` reads the Thai back."""

from __future__ import annotations

import io

import fontpkg
from fpdf import FPDF
from fpdf.fonts import FontFace

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


def _table(pdf: FPDF, df) -> None:
    pdf.set_font(FONT, size=10 if len(df) > 6 else 12)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=(40, 55, 71))
    widths = column_weights(df)
    with pdf.table(
        headings_style=heading, line_height=pdf.font_size * 1.45, text_align="LEFT", col_widths=widths
    ) as table:
        table.row([table_cell(c) for c in df.columns])
        for row in df.itertuples(index=False):
            table.row([table_cell(v) for v in row])


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
        _table(pdf, s.table)
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
