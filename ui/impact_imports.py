"""File imports on the entry and centre pages: an upload checked once per file (a dry run
kept in the session), the refusal or problems shown, the preview of a good impact file, and
the flood-extent tab."""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st
from sqlalchemy.engine import Engine

from auth import PermissionDenied, User
from config import Settings
from data_sources.errors import SourceFormatError
from i18n import t
from i18n.timefmt import format_date
from ops.uploads import UploadRejected
from services.impact import ImportOutcome
from ui import impact_state as keys
from ui.impact import clear_caches, may
from ui.layout import be_date_caption
from ui.text import plain


def store_extent_upload(
    engine: Engine, user: User, settings, filename: str, data: bytes, acquired_on: date | None
) -> dict:
    """An uploaded flood-extent file through the upload limits, into a temporary file
    (the GIS readers want a path), then ``services.impact.import_flood_extent``."""
    import tempfile
    from pathlib import Path

    from ops.uploads import check_upload
    from services.impact import import_flood_extent

    check_upload(filename, data, ("geojson", "shapezip"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(filename).name
        path.write_bytes(data)
        return import_flood_extent(engine, user, settings, path, acquired_on)


def checked_upload(importer, engine: Engine, user: User, settings, data: bytes, filename: str, state_key: str):
    """The dry run of ``importer`` (``services.impact.import_impact`` or ``import_shelters``) on
    an uploaded file, run once per file: Streamlit reruns the page on every click while the
    file stays uploaded, and reading a big file again each time is what exhausted the
    server. The outcome (or the refusal) is kept in ``st.session_state[state_key]`` keyed by
    the content's SHA-256, the user and the province; one file per key, so nothing piles up."""
    key = (hashlib.sha256(data).hexdigest(), filename, user.username, settings.province_code, settings.import_max_rows)
    kept = st.session_state.get(state_key)
    if kept is None or kept[0] != key:
        try:
            outcome = importer(engine, user, settings, data, filename, dry_run=True)
        except (SourceFormatError, UploadRejected) as exc:
            outcome = exc
        kept = (key, outcome)
        st.session_state[state_key] = kept
    if isinstance(kept[1], Exception):
        raise kept[1]
    return kept[1]


def upload_refusal(exc: Exception, lang: str) -> str:
    """The one-line reason a file was refused, in ``lang`` where the error can say it so."""
    return exc.describe(lang) if hasattr(exc, "describe") else str(exc)


def render_problems(problems, lang: str, rows: int | None = None, limit: int = 200) -> None:
    """The refusal (with the rows read, for a file) and the first ``limit`` problems."""
    counted = t("impact.count.problems", lang, n=len(problems))
    if rows is None:
        st.error(t("impact.import.refused", lang, problems=counted))
    else:
        st.error(t("impact.import.failed", lang, problems=counted, rows=t("impact.count.rows", lang, n=rows)))
    st.code("\n".join(p.message(lang) for p in problems[:limit]), language=None)


def render_checked_import(checked: ImportOutcome, names: dict, lang: str) -> None:
    """What a good impact file would write: the count, the rows skipped as another province's,
    and the reports to be written, before the officer presses Import."""
    st.success(
        t(
            "impact.import.checked",
            lang,
            rows=t("impact.count.rows", lang, n=checked.rows_read),
            layout=checked.layout,
            reports=t("impact.count.reports", lang, n=len(checked.records)),
        )
    )
    if checked.skipped_other_province:
        st.caption(t("impact.import.skipped", lang, n=checked.skipped_other_province))
    preview = checked.records.assign(district=[names.get(c, c) for c in checked.records["district_code"]])
    st.dataframe(
        preview[
            [
                "district_code",
                "district",
                "report_time",
                "affected_households",
                "affected_people",
                "evacuated_people",
            ]
        ],
        hide_index=True,
    )


def render_extent_import(engine: Engine, user: User | None, settings: Settings, lang: str) -> None:
    """The flood-extent tab: a GeoJSON or zipped Shapefile and its date, stored per district."""
    if not may(user, "flood_extent.write"):
        st.caption(t("impact.entry.sign_in", lang))
    else:
        st.caption(t("impact.entry.extent_help", lang))
        extent_file = st.file_uploader(
            t("impact.entry.file", lang), type=["geojson", "json", "zip"], key=keys.EXTENT_UPLOAD
        )
        extent_day = st.date_input(t("impact.entry.extent_date", lang), value=None, key=keys.EXTENT_DATE)
        be_date_caption(extent_day, lang)
        if extent_file is not None and st.button(
            t("impact.entry.extent_import", lang), key=keys.EXTENT_IMPORT, type="primary"
        ):
            try:
                results = store_extent_upload(
                    engine, user, settings, extent_file.name, extent_file.getvalue(), extent_day
                )
            except (SourceFormatError, UploadRejected, PermissionDenied) as exc:
                st.error(plain(exc))
                st.stop()
            clear_caches()
            st.success(
                "; ".join(
                    t("impact.entry.extent_saved", lang, date=format_date(d, lang), n=s.written + s.unchanged, method=m)
                    for d, (s, m) in sorted(results.items())
                )
            )
