"""The compact layout of a narrow screen (an officer's phone, often inside LINE's browser).

Streamlit gives the server no viewport width, so the layout is CSS media queries put on
every page once per run by ``dashboard.py`` (``inject_layout_css``). Where the content itself
differs (cards on a phone, a table on a desk) both are drawn, each in a keyed container
(``narrow_only`` / ``wide_only``), and the CSS hides one by width.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from datetime import date

import pandas as pd
import streamlit as st

from i18n import t
from i18n.timefmt import format_date, format_number

NARROW_MAX_PX = 640  # Streamlit itself stacks columns below this width
NARROW_PREFIX = "narrow_only_"
WIDE_PREFIX = "wide_only_"
FULL_TABLE_PREFIX = "full_table_"

# Why each rule: iOS zooms the page into an input whose font is under 16 px; fingers need
# 44 px targets (Apple HIG, WCAG 2.5.5); "Press Ctrl+Enter" means nothing on a phone; a swipe
# that starts on a map is taken by the map's pan, so on a phone the page scrolls over maps.
# A metric's label wraps instead of ending in "…" ("Stations without a cu…" in six columns at 1366 px).
LAYOUT_CSS = f"""<style>
@media (max-width: {NARROW_MAX_PX}px) {{
  [data-testid="stMainBlockContainer"] {{ padding: 3.25rem 0.75rem 4rem 0.75rem; }}
  [data-testid="stMain"] h1 {{ font-size: 1.5rem; line-height: 1.25; padding: 0.25rem 0; }}
  [data-testid="stMain"] h2 {{ font-size: 1.25rem; }}
  [data-testid="stMain"] h3 {{ font-size: 1.1rem; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > \
[data-testid="stColumn"] {{
    min-width: calc(50% - 8px) !important; flex: 1 1 calc(50% - 8px) !important; }}
  [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
  [data-testid="stMetricLabel"] p {{ font-size: 0.8rem; }}
  [class*="st-key-{WIDE_PREFIX}"] {{ display: none !important; }}
  [data-testid="stPlotlyChart"], [data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"] {{ \
pointer-events: none; }}
  [data-testid="stDataFrame"], [data-testid="stTable"] {{ overscroll-behavior: auto; max-width: 100%; overflow-x: \
auto; }}
  [data-testid="stMain"] [data-testid="stHorizontalBlock"] {{ max-width: 100%; }}
}}
@media (min-width: {NARROW_MAX_PX + 1}px) {{
  [class*="st-key-{NARROW_PREFIX}"] {{ display: none !important; }}
}}
@media (max-width: {NARROW_MAX_PX}px), (pointer: coarse) {{
  [data-testid="stMain"] input, [data-testid="stMain"] textarea, [data-baseweb="select"] *, [data-baseweb="popover"] \
li {{ font-size: 16px !important; }}
  [data-testid="stMain"] input, [data-baseweb="select"] > div {{ min-height: 44px; }}
  [data-testid="stMain"] button, [data-testid="stPageLink"] a, [data-testid="stLinkButton"] a {{ min-height: 44px; }}
  [data-baseweb="popover"] li {{ min-height: 44px; }}
  [data-testid="stCheckbox"] label {{ min-height: 44px; align-items: center; }}
  [data-testid="stCheckbox"] label > span:first-child {{ width: 24px; height: 24px; }}
  [data-testid="stToggle"] label {{ min-height: 44px; align-items: center; }}
  [data-testid="InputInstructions"] {{ display: none !important; }}
}}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {{ white-space: normal !important; \
overflow: visible !important; text-overflow: clip !important; height: auto !important; }}
.fr-cards {{ display: flex; flex-direction: column; gap: 0.5rem; }}
.fr-card {{ display: block; border: 1px solid #D0D7E2; border-radius: 0.5rem; padding: 0.6rem 0.75rem; color: inherit;
  text-decoration: none; min-height: 44px; overflow-wrap: anywhere; }}
.fr-card b {{ display: block; font-size: 1rem; }}
.fr-card span {{ display: block; font-size: 0.875rem; color: #374151; }}
.fr-card .fr-overdue {{ color: #B91C1C; font-weight: 600; }}
.fr-badge {{ display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; font-weight: 700; }}
</style>"""


def inject_layout_css() -> None:
    """Put the narrow-screen and touch rules on the page (once per run, from dashboard.py)."""
    st.html(LAYOUT_CSS)


@contextmanager
def narrow_only(name: str):
    """A container shown only on a narrow screen (``name`` makes its key unique on the page)."""
    with st.container(key=f"{NARROW_PREFIX}{name}"):
        yield


@contextmanager
def wide_only(name: str, show_on_narrow: bool = False):
    """A container hidden on a narrow screen, unless ``show_on_narrow`` (the phone asked for the full table)."""
    with st.container(key=f"{FULL_TABLE_PREFIX if show_on_narrow else WIDE_PREFIX}{name}"):
        yield


def full_table_toggle(name: str, lang: str) -> bool:
    """On a phone: a toggle that shows the full table under the cards (hidden on a desk)."""
    with narrow_only(f"toggle_{name}"):
        return st.toggle(t("phone.full_table", lang), key=f"phone_full_table_{name}")


def table_cards_html(frame: pd.DataFrame, title_columns: int = 1) -> str:
    """Each row as a card: its first ``title_columns`` values in bold, then every other column
    as 'column: value' on its own line (empty values left out); every text escaped."""
    cards = []
    for row in frame.itertuples(index=False):
        values = [
            ""
            if v is None or (not isinstance(v, str) and pd.isna(v))
            else format_number(v, 0)
            if isinstance(v, float)
            else str(v)
            for v in row
        ]
        title = " · ".join(v for v in values[:title_columns] if v)
        lines = "".join(
            f"<span>{html.escape(str(c))}: {html.escape(v)}</span>"
            for c, v in zip(frame.columns[title_columns:], values[title_columns:], strict=False)
            if v
        )
        cards.append(f'<div class="fr-card"><b>{html.escape(title)}</b>{lines}</div>')
    return f'<div class="fr-cards">{"".join(cards)}</div>'


def table_or_cards(frame: pd.DataFrame, name: str, lang: str, title_columns: int = 1, **dataframe_args) -> None:
    """``frame`` as a table on a wide screen and as cards on a phone (a table there is cut at
    the right and scrolls sideways), with the full table a toggle away."""
    with narrow_only(f"cards_{name}"):
        st.html(table_cards_html(frame, title_columns))
    full = full_table_toggle(name, lang)
    with wide_only(f"table_{name}", show_on_narrow=full):
        st.dataframe(frame, hide_index=True, width="stretch", **dataframe_args)


def be_date_caption(value: date | None, lang: str) -> None:
    """Beside a Streamlit date input (which shows "2026/12/07", Gregorian): the date as the
    rest of the app writes it, Buddhist era in Thai."""
    if value is not None:
        st.caption(t("phone.date_is", lang, date=format_date(value, lang, full_month=True)))
