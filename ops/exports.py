"""The one path by which a table leaves the product: every CSV and XLSX, from a download
button or a command, is written here, safe to open in a spreadsheet.

- A text cell starting with ``= + - @``, a tab or a carriage return gets a leading
  apostrophe, so Excel and LibreOffice show it instead of running it (a station name from
  the feed such as ``=HYPERLINK(...)``, an officer's note). Numbers, negative ones
  included, are left alone.
- Every text cell is quoted: a cell holding a bare CR or LF stays one cell of one row
  (pandas leaves a bare ``\\r`` unquoted, which splits the row and lets the rest of the cell
  start a new line as a formula).

    csv_text(frame)                          the CSV as text (for a command's stdout)
    export_bytes(frame, "csv" | "xlsx")      for st.download_button (CSV: UTF-8 with BOM)
    write_export(path, frame)                for the CLI; format from the extension, atomic
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from ops.files import write_atomic

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
__all__ = ["FORMATS", "csv_text", "export_bytes", "neutralise_formulas", "write_export"]


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe)
    out.columns = [_safe(str(c)) for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text: formulas neutralised, every text cell quoted."""
    return neutralise_formulas(frame).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")


def _xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def export_bytes(frame: pd.DataFrame, fmt: str, sheet: str = "data") -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads Thai) or XLSX bytes, formulas neutralised."""
    if fmt == "csv":
        return csv_text(frame).encode("utf-8-sig")
    if fmt == "xlsx":
        return _xlsx(frame, sheet)
    raise ValueError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")


def write_export(path: str | os.PathLike, frame: pd.DataFrame, sheet: str = "data") -> Path:
    """Write ``frame`` to ``path`` (.csv or .xlsx) atomically: on a full disk
    ``ops.files.WriteFailed`` is raised and no file (not even half of one) is left."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot export to {Path(path).name}: the extension must be one of .{', .'.join(FORMATS)}")
    return write_atomic(path, export_bytes(frame, fmt, sheet))
