"""Slides (``briefing.deck.Slide``) to a 16:9 PPTX. Every run names Sarabun for Latin,
complex-script (Thai) and East-Asian text, so PowerPoint and LibreOffice shape Thai with
it when installed and fall back to their own Thai font otherwise (PPTX cannot carry the
font file through python-pptx; the PDF embeds it)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from briefing.map_labels import text_colour
from briefing.tables import column_weights
from briefing.thai_text import with_break_hints

FONT_NAME = "Sarabun"
DARK, RED, GREY = RGBColor(0x11, 0x11, 0x11), RGBColor(0xB0, 0x00, 0x20), RGBColor(0x55, 0x55, 0x55)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)


def _style(run, size: float, bold: bool = False, color: RGBColor = DARK) -> None:
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT_NAME
    run.font.color.rgb = color
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", FONT_NAME)


def _text(slide, text: str, left, top, width, height, size: float, bold: bool = False, color: RGBColor = DARK):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _style(para.add_run() if not para.runs else para.runs[0], size, bold, color)
        para.runs[0].text = line
    return box


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _table(slide, df, top, height, fills: dict | None = None) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    shape = slide.shapes.add_table(rows, cols, MARGIN, top, WIDTH - 2 * MARGIN, min(height, Inches(0.42) * rows))
    size = 16 if rows <= 10 else 13
    weights = column_weights(df)
    for c, weight in enumerate(weights):
        shape.table.columns[c].width = Emu(int((WIDTH - 2 * MARGIN) * weight / sum(weights)))
    for c, name in enumerate(df.columns):
        cell = shape.table.cell(0, c)
        cell.text = with_break_hints(str(name))
        _style(cell.text_frame.paragraphs[0].runs[0], size, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF))
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            cell = shape.table.cell(r, c)
            cell.text = with_break_hints(
                str(value)
            )  # PowerPoint breaks Thai by its own dictionary, LibreOffice at U+200B
            fill = ((fills or {}).get(df.columns[c]) or [None] * len(df))[r - 1]
            if fill:  # a coloured cell (HII's % of storage): the colour, text that reads on it
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(fill)
            if cell.text_frame.paragraphs[0].runs:  # an empty cell (a station without a name) has no run
                _style(cell.text_frame.paragraphs[0].runs[0], size, color=_rgb(text_colour(fill)) if fill else DARK)


def _slide(prs, s) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    if s.name == "title":
        _text(slide, s.title, MARGIN, Inches(2.3), WIDTH - 2 * MARGIN, Inches(1.4), 40, bold=True)
        _text(slide, s.subtitle, MARGIN, Inches(3.8), WIDTH - 2 * MARGIN, Inches(0.8), 28)
        for i, (caption, _) in enumerate(
            s.captions[:4]
        ):  # what the deck has no slide for yet (briefing.deck.compact_slides)
            _text(slide, caption, MARGIN, Inches(4.75 + 0.4 * i), WIDTH - 2 * MARGIN, Inches(0.4), 16, color=GREY)
        _text(slide, s.note, MARGIN, Inches(6.4), WIDTH - 2 * MARGIN, Inches(0.5), 14, color=GREY)
        return
    _text(slide, s.title, MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, Inches(0.7), 30, bold=True)
    top = Inches(1.0)
    if s.subtitle:
        _text(slide, s.subtitle, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.45), 18, color=GREY)
        top = Inches(1.45)
    bottom = HEIGHT - Inches(0.4) * (len(s.captions) + 1)
    if s.image is not None and (s.table is None or s.table.empty):
        height = bottom - top
        width = min(WIDTH - 2 * MARGIN, Emu(int(height * 16 / 9)))
        slide.shapes.add_picture(io.BytesIO(s.image), int((WIDTH - width) / 2), top, width=width)
    elif s.table is not None and not s.table.empty:
        _table(slide, s.table, top, bottom - top, getattr(s, "fills", None))
    if s.note:
        _text(slide, s.note, MARGIN, top + Inches(0.2), WIDTH - 2 * MARGIN, Inches(0.8), 24, color=GREY)
    for i, (caption, stale) in enumerate(s.captions):
        _text(
            slide,
            caption,
            MARGIN,
            bottom + Inches(0.4) * i,
            WIDTH - 2 * MARGIN,
            Inches(0.4),
            14,
            bold=stale,
            color=RED if stale else GREY,
        )


def render_pptx(slides) -> bytes:
    """One slide per ``Slide``; the impact slide shows its table (the chart is in the PDF)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for s in slides:
        _slide(prs, s)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
