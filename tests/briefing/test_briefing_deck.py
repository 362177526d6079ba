"""The deck from the 2020 replay: the PDF through the CLI (pdftoppm pages, pdftotext text
with the Thai province name and the station codes, Sarabun embedded), the PPTX opened with
python-pptx; the public summary card as a phone-sized PNG."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from briefing.card import render_card
from briefing.deck import SLIDES, DeckError, build_deck
from briefing.figures import ChartsUnavailable
from briefing.snapshot import build_snapshot
from cli import main
from geo.display import districts_geojson
from tests.briefing.briefing_data import REPLAY_AT, replay_store
from tests.support.ci import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "briefing"
KEY_CODES = ("E.98", "M.11B", "M.182", "M.5", "M.7")
pytestmark = pytest.mark.slow


@pytest.fixture
def replay(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return replay_store(settings)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        skip_or_fail(f"{tool} is not installed (apt-get install poppler-utils)")
    return path


def test_pdf_deck_from_the_cli(replay, tmp_path, capsys):
    out = tmp_path / "deck.pdf"
    assert main(["export-briefing", "--format", "pdf", "--out", str(out), "--at", "2020-06-29T07:30"]) == 0
    assert "wrote" in capsys.readouterr().out
    text = subprocess.run(
        [_need("pdftotext"), "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "อุบลราชธานี" in text
    for code in KEY_CODES:
        assert code in text
    assert "2,100" in text and "+600" in text  # Mueang's people affected and the change since the previous report
    assert "สมชาย ใจดี" in text  # what changed: compared with the officer's briefing
    fonts = subprocess.run([_need("pdffonts"), str(out)], capture_output=True, text=True, check=True).stdout
    assert "Sarabun" in fonts and " yes yes " in fonts  # embedded and subset
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run([_need("pdftoppm"), "-r", "60", "-png", str(out), str(ARTIFACTS / "deck-page")], check=True)
    pages = sorted(ARTIFACTS.glob("deck-page-*.png"))
    assert len(pages) >= len(SLIDES)
    with Image.open(pages[1]) as page:  # the map page is not blank
        assert len(page.convert("L").getcolors(maxcolors=1 << 16) or [0] * 999) > 20


def test_pptx_deck_has_the_expected_slides(replay, settings):
    data = build_deck(replay, settings, "pptx", lang="th", at=REPLAY_AT, geojson=districts_geojson(settings))
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == len(SLIDES)
    texts = []
    for slide in deck.slides:
        parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        for shape in slide.shapes:
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join(parts).replace("\u200b", ""))  # the break hints between Thai words are invisible
    title, map_slide, stations, dams, impact, response, changes, sources = texts
    assert "อุบลราชธานี" in title and "2563" in title
    assert any(shape.shape_type == 13 for shape in deck.slides[1].shapes)  # the map picture
    assert all(code in stations for code in KEY_CODES)
    assert all(name in dams for name in ("สิรินธร", "อุบลรัตน์", "ลำตะคอง")) and "ภูมิพล" not in dams
    assert "29 มิ.ย. 2563" in dams and "ThaiWater" in dams  # the report's date and source
    assert "เมืองอุบลราชธานี" in impact and "2,220" in impact
    assert "น้ำท่วมลุ่มน้ำมูล" in response and "เขื่องใน" in response
    assert "ประกาศเขตการให้ความช่วยเหลือ" in changes and "สมชาย ใจดี" in changes
    # replayed at 07:30, the feed's newest reading (13:10) and the boundaries came later: said so, not "stale" against
    # today
    assert "ThaiWater" in sources and "ดึงหลังเวลาที่ย้อนดู" in sources and "ข้อมูลเก่า" not in sources
    run = deck.slides[0].shapes[0].text_frame.paragraphs[0].runs[0]
    assert run.font.name == "Sarabun"


def test_no_chromium_is_a_clear_error_at_once_not_a_hang(replay, settings, monkeypatch, tmp_path, capsys):
    """kaleido starts Chromium in a thread; when there is none the thread dies and the caller
    waited for ever (found on a fresh machine). Now a one-line reason, before any thread."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))
    with pytest.raises(ChartsUnavailable, match="no-chromium-here.*make system-deps"):
        build_deck(replay, settings, "pptx", lang="th", at=REPLAY_AT, geojson=districts_geojson(settings))
    assert main(["export-briefing", "--format", "pdf", "--out", str(tmp_path / "deck.pdf")]) == 1
    assert "Chromium, which is not installed" in capsys.readouterr().err
    assert not (tmp_path / "deck.pdf").exists()


def test_unknown_format_is_refused(replay, settings, capsys):
    with pytest.raises(DeckError, match="'docx'.*pptx, pdf"):
        build_deck(replay, settings, "docx")
    assert main(["export-briefing", "--format", "docx", "--out", "x.docx"]) == 1
    assert "allowed: pptx, pdf" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["th", "en"])
def test_public_summary_card_is_phone_sized(replay, settings, lang):
    png = render_card(build_snapshot(replay, settings, at=REPLAY_AT), lang)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"card-{lang}.png").write_bytes(png)
    with Image.open(io.BytesIO(png)) as card:
        assert card.size == (1080, 1920)
        rgb = card.convert("RGB")
        reds = sum(1 for x in range(0, 1080, 4) for y in range(0, 1920, 4) if rgb.getpixel((x, y)) == (176, 0, 32))
        assert reds > 50  # the affected districts and hotlines are drawn in the alert colour


def _frames_fit(deck) -> list[str]:
    """Text boxes whose text, wrapped at the box's width (``briefing.map_labels.text_width``,
    a safe per-letter estimate), needs more height than the box has (1.2 line spacing)."""
    from briefing.map_labels import text_width

    bad = []
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            width_pt, lines, size = shape.width / 12700, 0, 0.0
            for para in shape.text_frame.paragraphs:
                size = max([r.font.size.pt for r in para.runs if r.font.size] or [18.0])
                lines += max(
                    1, -(-text_width(para.text, size) // max(width_pt - 14.4, 1))
                )  # 0.1 in insets on each side
            if lines * size * 1.2 > shape.height / 12700 + size * 0.5:
                bad.append(f"slide {number}: {shape.text_frame.text[:40]!r} needs {lines} lines of {size} pt")
    return bad


def test_pptx_text_frames_fit_and_empty_slides_are_folded_into_the_title(engine, settings):
    from i18n import t
    from tests.briefing.briefing_data import ingest_water

    ingest_water(engine, settings)
    for lang in ("th", "en"):
        deck = Presentation(io.BytesIO(build_deck(engine, settings, "pptx", lang=lang, at=REPLAY_AT)))
        assert not _frames_fit(deck), _frames_fit(deck)
        title = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
        assert t("briefing.no_impact", lang) in title and t("briefing.no_progress", lang) in title
        assert len(deck.slides) == 5  # title, map, key stations, dams, sources: no page with one sentence on it


def test_pptx_text_frames_of_the_full_replay_fit(replay, settings):
    for lang in ("th", "en"):
        deck = Presentation(
            io.BytesIO(
                build_deck(replay, settings, "pptx", lang=lang, at=REPLAY_AT, geojson=districts_geojson(settings))
            )
        )
        assert not _frames_fit(deck), _frames_fit(deck)


def test_pdf_table_never_cuts_a_number(replay, settings, tmp_path):
    out = tmp_path / "deck.pdf"
    out.write_bytes(build_deck(replay, settings, "pdf", lang="en", at=REPLAY_AT, geojson=districts_geojson(settings)))
    text = subprocess.run(
        [_need("pdftotext"), "-f", "3", "-l", "3", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for bank in (
        "117.00",
        "112.00",
        "117.10",
        "118.10",
    ):  # the key stations' banks, each whole on its line (was '117.0' / '0')
        assert bank in text, text
