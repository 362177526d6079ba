"""Loaders and renderers of the checklist board, my items and district progress (one item's
header and history: ``ui.checklist_item``).

User-written text (notes, names, owners) is always rendered as plain text (``st.text``,
table cells) or escaped, so a ``<script>`` or a markdown image in a note shows as text.
"""

from __future__ import annotations

import functools
import html
from urllib.parse import urlencode

import geothai
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from auth import PermissionDenied, User, can
from domain.checklist_templates import PHASES
from domain.checklists import STATES, sort_for_board
from domain.triggers import Firing, describe
from i18n import actor_name, t
from i18n.timefmt import format_datetime
from store import checklist_items
from store import checklists as store
from ui import checklists_state as keys
from ui.layout import full_table_toggle, narrow_only, table_or_cards, wide_only
from ui.session_cookie import base_path
from ui.text import plain


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load_events(_engine: Engine, database_url: str) -> pd.DataFrame:
    return store.list_events(_engine)


@st.cache_data(ttl=10, max_entries=16, show_spinner=False)
def load_items(_engine: Engine, database_url: str, event_id: int) -> pd.DataFrame:
    return store.items_frame(_engine, event_id)


@st.cache_data(ttl=10, max_entries=64, show_spinner=False)
def load_history(_engine: Engine, database_url: str, item_id: int, version: int) -> pd.DataFrame:
    return store.item_history(_engine, item_id)


def clear_caches() -> None:
    load_events.clear()
    load_items.clear()
    load_history.clear()


def district_name(code: str | None, province_code: str, lang: str) -> str:
    if code is None or (isinstance(code, float) and pd.isna(code)) or code == province_code:
        province = geothai.province(province_code)  # the briefing's response table names the row the same way
        return t("checklists.province_wide", lang, province=province.name_th if lang == "th" else province.name_en)
    for district in geothai.districts(province_code):
        if district.code == code:
            return district.name_th if lang == "th" else district.name_en
    return str(code)


ALL = "*"


def _query_choice(label: str, options: list, qkey: str, wkey: str, fmt, container) -> object:
    """A select box whose choice lives in the URL (``qkey``); returns None for "all"."""
    wanted = st.query_params.get(qkey)
    if wkey not in st.session_state or st.session_state[wkey] not in (ALL, *options):
        st.session_state[wkey] = wanted if wanted in options else ALL
    chosen = container.selectbox(label, [ALL, *options], format_func=lambda o: fmt(None if o == ALL else o), key=wkey)
    if chosen == ALL:
        st.query_params.pop(qkey, None)
        return None
    st.query_params[qkey] = str(chosen)
    return chosen


def first_known(ids: list[int], *candidates: object) -> int:
    """The first candidate (a URL value or the last pick) that is one of ``ids``, else the first id.
    The last pick is kept under a non-widget key: a page switch drops the select box's own."""
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.isdigit():
            candidate = int(candidate)
        if isinstance(candidate, int) and candidate in ids:
            return candidate
    return ids[0]


def pick_event(events: pd.DataFrame, lang: str) -> pd.Series:
    ids = [int(i) for i in events["id"]]
    names = dict(zip(ids, events["name"], strict=False))
    wanted = st.query_params.get(keys.Q_EVENT)
    if keys.EVENT not in st.session_state:
        st.session_state[keys.EVENT] = first_known(ids, wanted, st.session_state.get(keys.LAST_EVENT))
    chosen = st.selectbox(t("checklists.event", lang), ids, format_func=lambda i: f"#{i} {names[i]}", key=keys.EVENT)
    st.query_params[keys.Q_EVENT] = str(chosen)
    st.session_state[keys.LAST_EVENT] = chosen
    return events[events["id"] == chosen].iloc[0]


def filter_items(items: pd.DataFrame, province_code: str, lang: str) -> pd.DataFrame:
    """Phase, district, agency, state and overdue filters, kept in the URL."""
    all_ = t("checklists.filter.all", lang)
    cols = st.columns(5)
    phase = _query_choice(
        t("checklists.filter.phase", lang),
        list(PHASES),
        keys.Q_PHASE,
        keys.PHASE,
        lambda p: all_ if p is None else t(f"checklists.phase.{p}", lang),
        cols[0],
    )
    districts = sorted(items["district_code"].dropna().unique())
    district = _query_choice(
        t("checklists.filter.district", lang),
        [province_code, *districts],
        keys.Q_DISTRICT,
        keys.DISTRICT,
        lambda d: all_ if d is None else district_name(d, province_code, lang),
        cols[1],
    )
    agencies = dict(zip(items["agency"], items["agency_th" if lang == "th" else "agency_en"], strict=True))
    agency = _query_choice(
        t("checklists.filter.agency", lang),
        sorted(agencies),
        keys.Q_AGENCY,
        keys.AGENCY,
        lambda a: all_ if a is None else agencies[a],
        cols[2],
    )
    state = _query_choice(
        t("checklists.filter.state", lang),
        list(STATES),
        keys.Q_STATE,
        keys.STATE_FILTER,
        lambda s: all_ if s is None else t(f"checklists.state.{s}", lang),
        cols[3],
    )
    if keys.OVERDUE_ONLY not in st.session_state:
        st.session_state[keys.OVERDUE_ONLY] = st.query_params.get(keys.Q_OVERDUE) == "1"
    overdue = cols[4].toggle(t("checklists.filter.overdue", lang), key=keys.OVERDUE_ONLY)
    if overdue:
        st.query_params[keys.Q_OVERDUE] = "1"
    else:
        st.query_params.pop(keys.Q_OVERDUE, None)
    out = items
    if phase:
        out = out[out["phase"] == phase]
    if district:
        out = out[out["district_code"].isna()] if district == province_code else out[out["district_code"] == district]
    if agency:
        out = out[out["agency"] == agency]
    if state:
        out = out[out["state"] == state]
    if overdue:
        out = out[out["overdue"]]
    return out


def trigger_text(row: pd.Series, lang: str) -> str:
    """Why an item fired, or what it waits for (an item row with ``trigger_reason`` and ``trigger``)."""
    return _trigger_text(row["trigger_reason"], row["trigger"], lang)


def _trigger_text(reason, trig, lang: str) -> str:
    if isinstance(reason, dict):
        return describe(Firing(**reason), lang)
    if trig is None:
        return ""
    if trig.dam is not None:
        dam = t("dams.any_dam", lang) if trig.dam.strip() == "*" else trig.dam
        return t("dams.trigger_waiting", lang, dam=dam)
    condition = (
        t("checklists.condition_bank", lang, m=trig.within_bank_m)
        if trig.within_bank_m is not None
        else t("checklists.condition_level", lang, level=trig.level_msl)
    )
    if trig.forecast_h:
        condition += t("checklists.condition_forecast", lang, h=trig.forecast_h)
    if trig.model_forecast_h:
        condition += t("checklists.condition_model_forecast", lang, h=trig.model_forecast_h)
    return t("checklists.trigger_waiting", lang, station=trig.station, condition=condition)


def board_frame(items: pd.DataFrame, province_code: str, lang: str) -> pd.DataFrame:
    """The items as a display table (every cell plain text). Column-wise, no per-row Series: the
    board of a three-event season has over a thousand items (bench/bench_pages.py)."""
    c = lambda key: t(f"checklists.col.{key}", lang)  # noqa: E731
    when = functools.lru_cache(maxsize=None)(lambda d: format_datetime(d, lang))  # many items share a time
    return pd.DataFrame(
        {
            c("overdue"): ["⚠️" if o else "" for o in items["overdue"]],
            c("id"): items["id"].astype(int),
            c("phase"): [t(f"checklists.phase.{p}", lang) for p in items["phase"]],
            c("district"): [district_name(d, province_code, lang) for d in items["district_code"]],
            c("title"): items["title_th" if lang == "th" else "title_en"],
            c("agency"): items["agency_th" if lang == "th" else "agency_en"],
            c("state"): [t(f"checklists.state.{s}", lang) for s in items["state"]],
            c("owner"): [
                " / ".join(x for x in (a, p) if isinstance(x, str) and x)
                for a, p in zip(items["owner_agency"], items["owner_person"], strict=True)
            ],
            c("due"): [when(d) if d is not None and not pd.isna(d) else "" for d in items["due_at"]],
            c("trigger"): [
                _trigger_text(r, g, lang) for r, g in zip(items["trigger_reason"], items["trigger"], strict=True)
            ],
            c("note"): items["note"].fillna(""),
            c("updated"): [
                f"{when(w)} · {actor_name(n, lang)}"
                for w, n in zip(items["updated_at"], items["updated_by_name"], strict=True)
            ],
        }
    )


def render_board(items: pd.DataFrame, group_by: str, province_code: str, lang: str) -> None:
    """One table per phase, district or agency; overdue items first inside each."""
    if group_by == "district":
        groups = [
            (district_name(code, province_code, lang), grp)
            for code, grp in items.groupby(items["district_code"].fillna(province_code), sort=True)
        ]
    elif group_by == "agency":
        column = "agency_th" if lang == "th" else "agency_en"
        groups = list(items.groupby(column, sort=True))
    else:
        groups = [(t(f"checklists.phase.{p}", lang), items[items["phase"] == p]) for p in PHASES]
    for index, (title, group) in enumerate(groups):
        if group.empty:
            continue
        overdue = int(group["overdue"].sum())
        st.subheader(
            f"{plain(title)} ({len(group)})"
            + (f" · ⚠️ {t('checklists.overdue_count', lang, n=overdue)}" if overdue else "")
        )
        render_items_compact(sort_for_board(group), province_code, lang, f"board_{group_by}_{index}")


def render_items_compact(items: pd.DataFrame, province_code: str, lang: str, name: str) -> None:
    """The items as a table on a wide screen, as cards (each a link to the item) on a phone,
    with the full table a toggle away."""
    with narrow_only(f"cards_{name}"):
        st.html(item_cards_html(items, province_code, lang))
    full = full_table_toggle(name, lang)
    with wide_only(f"table_{name}", show_on_narrow=full):
        st.dataframe(board_frame(items, province_code, lang), hide_index=True, width="stretch")


MAX_CARDS = 40  # a phone list longer than this is read in the full table


def item_url(item_id: int, event_id: int, lang: str) -> str:
    """The item's own link (for LINE messages, alerts and the deck): it opens the item's page,
    editor first, on this server (relative to its base path)."""
    return f"{base_path()}checklists?" + urlencode(
        {keys.Q_EVENT: event_id, keys.Q_ITEM: item_id, keys.Q_VIEW: keys.VIEW_ITEM, "lang": lang}
    )


def item_cards_html(items: pd.DataFrame, province_code: str, lang: str) -> str:
    """Cards of title, district, state and due time, each a link to the item's page; every
    typed or fed text escaped."""
    cards = []
    for row in items.head(MAX_CARDS).to_dict("records"):
        due = row["due_at"]
        due_text = (
            t("phone.card_no_due", lang)
            if due is None or pd.isna(due)
            else t("phone.card_due", lang, time=format_datetime(due, lang))
        )
        late = f' <span class="fr-overdue">⚠️ {t("phone.card_overdue", lang)}</span>' if row["overdue"] else ""
        title = row["title_th" if lang == "th" else "title_en"]
        state = t(f"checklists.state.{row['state']}", lang)
        cards.append(
            f'<a class="fr-card" href="{html.escape(item_url(int(row["id"]), int(row["event_id"]), lang))}">'
            f"<b>#{int(row['id'])} {html.escape(str(title))}</b>"
            f"<span>{html.escape(district_name(row['district_code'], province_code, lang))} · "
            f"{html.escape(state)}</span>"
            f"<span>{html.escape(due_text)}{late}</span></a>"
        )
    more = len(items) - MAX_CARDS
    tail = f"<span>{html.escape(t('phone.more_cards', lang, n=more))}</span>" if more > 0 else ""
    return f'<div class="fr-cards">{"".join(cards)}{tail}</div>'


def render_progress(progress: pd.DataFrame, province_code: str, lang: str) -> None:
    c = lambda key: t(f"checklists.col.{key}", lang)  # noqa: E731
    table = pd.DataFrame(
        {
            c("district"): [district_name(d, province_code, lang) for d in progress["district_code"]],
            c("items"): progress["items"],
            c("done"): progress["done"],
            c("blocked"): progress["blocked"],
            c("overdue"): progress["overdue"],
            c("percent"): progress["percent_done"],
        }
    )
    table_or_cards(
        table,
        "progress",
        lang,
        column_config={
            c("percent"): st.column_config.ProgressColumn(c("percent"), min_value=0, max_value=100, format="%.0f%%")
        },
    )


def render_admin_tools(
    engine: Engine, user: User | None, province_code: str, stale_after_s: float, lang: str, event_id: int | None
) -> None:
    """For admins: open an event from the newest template; run the river triggers now."""
    if not can(user, "checklist.admin"):
        return
    with st.expander(t("checklists.admin_heading", lang), expanded=event_id is None):
        template_id = store.latest_template_id(engine)
        if template_id is None:
            st.code("python manage.py load-template templates/flood_province_default.toml", language="bash")
        else:
            names = {d.code: (d.name_th if lang == "th" else d.name_en) for d in geothai.districts(province_code)}
            with st.form(keys.OPEN_EVENT_FORM):
                name = st.text_input(t("checklists.admin.event_name", lang), key=keys.OPEN_EVENT_NAME, max_chars=200)
                chosen = st.multiselect(
                    t("checklists.admin.districts", lang),
                    list(names),
                    format_func=lambda c: f"{c} {names[c]}",
                    key=keys.OPEN_EVENT_DISTRICTS,
                )
                if st.form_submit_button(t("checklists.admin.open", lang), key=keys.OPEN_EVENT_SUBMIT):
                    try:
                        new_id = store.open_event(engine, user, name, province_code, chosen, template_id)
                    except (ValueError, PermissionDenied) as exc:
                        st.error(t("checklists.invalid", lang, error=plain(exc)))
                    else:
                        clear_caches()
                        st.session_state.pop(keys.EVENT, None)
                        st.query_params[keys.Q_EVENT] = str(new_id)
                        st.rerun()
        if event_id is not None and st.button(t("checklists.admin.evaluate", lang), key=keys.EVALUATE_TRIGGERS):
            from services.forecast_triggers import situation_with_forecasts
            from store.water_situation import latest_situation
            from ui import context

            situation = latest_situation(engine, province_code, stale_after_s=stale_after_s)
            situation = situation_with_forecasts(engine, context.settings(), situation)  # "forecast over bank in 72 h"
            fired = checklist_items.apply_triggers(engine, event_id, situation, actor=user)
            clear_caches()
            st.info(
                t(
                    "checklists.admin.evaluated",
                    lang,
                    n=len(fired),
                    fresh=int((~situation["stale"].fillna(True).astype(bool)).sum()) if len(situation) else 0,
                )
            )
