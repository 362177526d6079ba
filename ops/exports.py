"""Exports that are safe to open in a spreadsheet, written whole or not at all.

The formula neutraliser is the impact concern's (``domain.impact.neutralise_formulas``):
a text cell starting with ``= + - @`` (or tab/CR) gets a leading apostrophe, so Excel and
LibreOffice show it instead of running it. Use these for every table that leaves the app,
above all ones holding outside or typed-in text (station names, notes, shelter names).

    export_bytes(frame, "csv" | "xlsx")     for st.download_button
    write_export(path, frame)                for the CLI; format from the extension
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from domain.impact import export_xlsx, neutralise_formulas
from ops.files import write_atomic

FORMATS = ("csv", "xlsx")
__all__ = ["FORMATS", "export_bytes", "neutralise_formulas", "write_export"]


def export_bytes(frame: pd.DataFrame, fmt: str, sheet: str = "data") -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads Thai) or XLSX bytes, formulas neutralised."""
    if fmt == "csv":
        # every text cell quoted: pandas leaves a cell holding a bare "\r" unquoted, which
        # splits the row and lets the rest of the cell start a new line as a formula
        return neutralise_formulas(frame).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")
    if fmt == "xlsx":
        return export_xlsx(frame, sheet=sheet)
    raise ValueError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")


def write_export(path: str | os.PathLike, frame: pd.DataFrame, sheet: str = "data") -> Path:
    """Write ``frame`` to ``path`` (.csv or .xlsx) atomically: on a full disk
    ``ops.files.WriteFailed`` is raised and no file (not even half of one) is left."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot export to {Path(path).name}: the extension must be one of .{', .'.join(FORMATS)}")
    return write_atomic(path, export_bytes(frame, fmt, sheet))
