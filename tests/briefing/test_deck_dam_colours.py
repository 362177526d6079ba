"""The deck's dams slide (QA): the % of normal storage in HII's colours in the PPTX and the PDF,
as on the water page and the wall (dark text on yellow), and headers that wrap inside their
band (each header line fits its column; the PDF's cells have room above for Thai's marks)."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from pptx import Presentation
from pptx.enum.dml import MSO_FILL

from briefing.deck import Slide, deck_dams
from briefing.pdf_render import CELL_PAD, _pdf, header_lines, render_pdf
from briefing.pptx_render import render_pptx
from briefing.tables import column_weights
from i18n import t


def _record(name: str, pct: float, colour: str, stale: bool = False) -> dict:
    return {
        "dam_id": name,
        "name_th": name,
        "name_en": name,
        "basin_th": "ลุ่มน้ำมูล",
        "basin_en": "Mun",
        "storage_pct": pct,
        "released_mcm": 1.0,
        "released_change_mcm": 0.1,
        "spilled_mcm": 0.0,
        "spilled_change_mcm": 0.0,
        "data_date": date(2026, 12, 6).isoformat(),
        "stale": stale,
        "colour": colour,
    }


RECORDS = [
    _record("สิรินธร", 50.4, "#003CFA"),
    _record("ลำปาว", 27.8, "#FFC000"),
    _record("อุบลรัตน์", 101.0, "#C70000"),
    _record("เก่า", 60.0, "#003CFA", stale=True),
]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_pptx_storage_cells_carry_hiis_colours(lang):
    table, fills = deck_dams(RECORDS, lang)
    pptx = render_pptx([Slide("dams", t("dams.slide", lang), table=table, fills=fills)])
    shape = next(s for s in Presentation(io.BytesIO(pptx)).slides[0].shapes if s.has_table)
    pct = list(table.columns).index(t("dams.col.pct", lang))
    cells = [shape.table.cell(r, pct) for r in range(1, len(table) + 1)]
    assert [str(c.fill.fore_color.rgb) for c in cells[:3]] == ["003CFA", "FFC000", "C70000"]
    assert cells[3].fill.type != MSO_FILL.SOLID  # a stale report is not coloured
    text = [str(c.text_frame.paragraphs[0].runs[0].font.color.rgb) for c in cells[:3]]
    assert text == ["FFFFFF", "000000", "FFFFFF"]  # dark text on yellow


def test_the_pdf_storage_cells_are_filled_and_the_headers_fit_their_columns():
    table, fills = deck_dams(RECORDS, "th")
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Sarabun", size=10)
    widths = column_weights(table)
    for name, weight in zip(table.columns, widths, strict=True):
        width = pdf.epw * weight / sum(widths)
        pdf.set_font("Sarabun", "B", 10)
        for line in header_lines(pdf, name, width).split("\n"):
            assert pdf.get_string_width(line) <= width - 2 * CELL_PAD[1] or len(header_lines(pdf, line, 1).split()) == 1
    released = header_lines(pdf, t("dams.col.released", "th"), pdf.epw / 4)
    assert "".join(released.split()) == "".join(t("dams.col.released", "th").split())  # nothing lost
    assert CELL_PAD[0] >= 1.5  # room above a header line for น้ำ's stacked marks

    data = render_pdf([Slide("dams", t("dams.slide", "th"), table=table, fills=fills)])
    content = _content(data)
    assert b"0 0.2353 0.9804 rg" in content and b"1 0.7529 0 rg" in content  # #003CFA, #FFC000 fills
    assert b"0.7804 0 0 rg" in content  # #C70000
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "50.4" in text and "27.8" in text


def _content(data: bytes) -> bytes:
    """The PDF's page content streams, inflated."""
    import re
    import zlib

    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return out
