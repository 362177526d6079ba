"""Reading an uploaded table file: CSV (UTF-8, with BOM, or TIS-620/cp874) or XLSX, streamed
into a frame of text cells with no header applied, refused early (``TooManyRows``) past the
import's row limit. What the cells mean is ``data_sources.impact_files``'."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd

from data_sources.errors import SourceFormatError

SOURCE = "impact"  # the imports these files feed (i18n key source.name.impact)


class TooManyRows(SourceFormatError):
    """A file with more data rows than the import limit, refused while it was read (the
    rows past the limit were never read). ``message(lang)`` says it in Thai or English."""

    def __init__(self, filename: str, limit: int):
        super().__init__(
            SOURCE,
            f"{filename} has more than {limit:,} data rows (the limit, setting IMPORT_MAX_ROWS); "
            "split it, or import the district totals",
        )
        self.filename, self.limit = filename, limit

    def describe(self, lang: str) -> str:
        from i18n import t

        return t("impact.err.too_many_rows", lang, file=self.filename, limit=f"{self.limit:,}")


def read_table(data: bytes | Path | str, filename: str | None = None, max_rows: int | None = None) -> pd.DataFrame:
    """CSV (UTF-8, UTF-8 with BOM, or TIS-620/cp874) or XLSX -> a frame of text cells with
    no header applied (row 0 is the first row of the file; blank rows are left out, the
    index keeps each row's place). Rows are streamed: with ``max_rows`` a file with more
    data rows than that (after the first row) raises ``TooManyRows`` as soon as row
    ``max_rows + 2`` is reached, so a huge file costs neither the time nor the memory of
    reading it whole. Raises ``SourceFormatError``."""
    if isinstance(data, (str, Path)):
        filename = filename or str(data)
        data = Path(data).read_bytes()
    name = (filename or "").lower()
    shown = Path(filename).name if filename else "the file"
    try:
        if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
            if max_rows is not None and _xlsx_row_count(data, max_rows + 1) > max_rows + 1:
                raise TooManyRows(shown, max_rows)
            cells = _xlsx_rows(data)
        else:
            cells = _csv_rows(data)
        kept, index = _kept_rows(cells, shown, max_rows)
    except (ValueError, KeyError, OSError, StopIteration, zipfile.BadZipFile, csv.Error, ParseError) as exc:
        if isinstance(exc, SourceFormatError):
            raise
        raise SourceFormatError(SOURCE, f"cannot read {shown} as CSV or XLSX: {exc}") from exc
    if not kept:
        raise SourceFormatError(SOURCE, f"{shown} is empty")
    width = len(kept[0])
    for i, row in zip(index, kept, strict=True):
        if len(row) > width and any(row[width:]):
            raise SourceFormatError(
                SOURCE, f"cannot read {shown} as CSV or XLSX: row {i + 1} has {len(row)} cells, the first row {width}"
            )
    return pd.DataFrame([(row + [""] * width)[:width] for row in kept], index=index, dtype=str)


def _kept_rows(rows: Iterable[list[str]], filename: str, max_rows: int | None) -> tuple[list[list[str]], list[int]]:
    """The non-blank rows of ``rows`` (stripped text cells) and their 0-based places."""
    kept: list[list[str]] = []
    index: list[int] = []
    for i, row in enumerate(rows):
        cells = [str(v).strip() for v in row]
        if not any(cells):
            continue
        if max_rows is not None and len(kept) > max_rows:  # the first row plus max_rows data rows
            raise TooManyRows(filename, max_rows)
        kept.append(cells)
        index.append(i)
    return kept, index


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    """The rows of a CSV file as lists of text cells, one at a time. Decoded as it is read:
    a whole 50 MB file in an ``io.StringIO`` takes four bytes a character (~200 MB)."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding=_encoding(data), newline="")
    yield from csv.reader(text)


def _xlsx_row_count(data: bytes, stop_after: int) -> int:
    """Rows holding a value in the first sheet, counted on the sheet's XML as it streams
    and stopped after ``stop_after``. openpyxl reads the whole shared-strings table before
    the first row (43 s and ~100 MB for a million distinct village names); this count
    needs neither, so an oversized workbook is refused in well under a second."""
    from xml.etree.ElementTree import iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(_first_sheet(archive)) as sheet:
        count = 0
        for _, element in iterparse(sheet):
            if element.tag.endswith("}row") or element.tag == "row":
                count += any(child.tag.rsplit("}", 1)[-1] in ("v", "is") for cell in element for child in cell)
                element.clear()
                if count > stop_after:
                    break
        return count


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The member holding the workbook's first sheet (the one pandas and openpyxl read)."""
    from xml.etree.ElementTree import fromstring

    book = fromstring(archive.read("xl/workbook.xml"))
    first = next(e for e in book.iter() if e.tag.endswith("}sheet"))
    rid = next(v for k, v in first.attrib.items() if k.endswith("}id"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(e.get("Target") or "" for e in rels if e.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    """The first sheet's rows as text, streamed (openpyxl read-only mode reads the sheet's
    XML as it goes); numbers as pandas' reader writes them (a whole float without '.0')."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_xlsx_text(v) for v in row]
    finally:
        book.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _encoding(data: bytes, chunk: int = 1 << 20) -> str:
    """'utf-8-sig' or 'cp874', whichever decodes all of ``data``; checked a megabyte at a
    time, so no second copy of the whole file is made."""
    import codecs

    for encoding in ("utf-8-sig", "cp874"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), chunk):
                decoder.decode(data[start : start + chunk])
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise SourceFormatError(SOURCE, "the file is neither UTF-8 nor Thai Windows (cp874/TIS-620) text")
