"""Thai text is wrapped between words wherever Flood Room wraps it: the public card, the PDF
deck's table cells and the PPTX deck's table cells (one segmenter, briefing.thai_text)."""

import pytest

from briefing import card, pdf_render
from briefing.thai_text import ZWSP, break_units, with_break_hints, wrap

# words the issue saw cut in two ("อุ / บล", "พร้ / อม", "ข้อมูลเ|ก่า"), and a few more
WORDS = ("อุบลราชธานี", "พร้อม", "ข้อมูล", "เก่า", "สถานการณ์", "ประชาธิปไตย", "ช่วยเหลือ")
SENTENCE = "สถานการณ์น้ำจังหวัดอุบลราชธานีพร้อมรับมือข้อมูลเก่าสะพานเสรีประชาธิปไตยขอความช่วยเหลือ"


def _split_words(lines: list[str]) -> list[str]:
    """The listed words that the line breaks cut in two."""
    joined = "".join(lines)
    return [w for w in WORDS if w in joined and not any(w in line for line in lines)]


def test_break_units_keep_the_text_and_codes_whole():
    text = "ระดับน้ำ M.7 2,100 คน (ข้อมูลเก่า) 14:05 น."
    units = break_units(text)
    assert "".join(units) == text
    assert "M.7" in units and "2,100" in units and "14:05" in units


@pytest.mark.parametrize("width", [320, 450, 600])
def test_card_wraps_thai_between_words(width):
    font = card._font(40)
    lines = card.wrap(SENTENCE, font, width)
    assert len(lines) > 2
    assert all(font.getlength(line) <= width for line in lines)
    assert _split_words(lines) == [], lines


def test_wrap_cuts_a_word_wider_than_the_line_only_between_clusters():
    lines = wrap("ประชาธิปไตย", len, 4)
    assert "".join(lines) == "ประชาธิปไตย"
    assert all(
        line[0] not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e48\u0e49\u0e4a\u0e4b\u0e4c" for line in lines
    )


def test_pdf_table_cells_break_between_thai_words():
    pdf = pdf_render._pdf()
    pdf.add_page()
    pdf.set_font(pdf_render.FONT, size=12)
    lines = pdf.multi_cell(40, 6, pdf_render.table_cell(SENTENCE), dry_run=True, output="LINES")
    assert len(lines) > 3
    assert _split_words([line.replace(ZWSP, "") for line in lines]) == [], lines


def test_plain_fpdf_would_cut_thai_words_mid_word():
    """Why the hint is needed: without it fpdf2 cuts wherever the line is full."""
    pdf = pdf_render._pdf()
    pdf.add_page()
    pdf.set_font(pdf_render.FONT, size=12)
    lines = pdf.multi_cell(30, 6, SENTENCE, dry_run=True, output="LINES")
    assert _split_words(lines)


def test_pptx_table_cells_carry_break_hints():
    import pandas as pd
    from pptx import Presentation

    from briefing.pptx_render import _table

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _table(slide, pd.DataFrame({"สถานะ": ["ข้อมูลเก่า"]}), 0, 914400)
    cell = slide.shapes[0].table.cell(1, 0).text
    assert cell == with_break_hints("ข้อมูลเก่า") and ZWSP in cell


def test_place_names_stay_whole_with_their_abbreviation():
    from briefing.thai_text import break_units

    units = break_units("อ.เมืองอุบลราชธานี, อ.เขื่องใน จ.อุบลราชธานี")
    assert "อ.เขื่องใน" in units and "จ.อุบลราชธานี" in units  # the card broke 'อ.เขื่อง / ใน'
    assert any(u.startswith("อ.เมืองอุบลราชธานี") for u in units)
    assert "".join(units) == "อ.เมืองอุบลราชธานี, อ.เขื่องใน จ.อุบลราชธานี"
