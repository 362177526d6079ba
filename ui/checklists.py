"""Loaders and renderers of the checklist board, my items and district progress.

User-written text (notes, names, owners) is always rendered as plain text (``st.text``,
table cells) or escaped, so a ``<script>`` or a markdown image in a note shows as text.
"""
from __future__ import annotations

import functools
from datetime import datetime, time, timezone

import geothai
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from auth import PermissionDenied, User, can
from domain.checklists import PHASES, STATES, InvalidTransition, sort_for_board
from domain.triggers import Firing, describe
from ops.retry import DatabaseUnavailable, with_db_retry
from i18n import t
from i18n.timefmt import BANGKOK, format_datetime
from store import checklists as store
from ui import checklists_state as keys
from ui.text import plain

FIELDS = ("state", "owner_agency", "owner_person", "has_due", "due_date", "due_time", "note", "evidence_url")


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
        return t("checklists.province_wide", lang)
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


def pick_event(events: pd.DataFrame, lang: str) -> pd.Series:
    ids = [int(i) for i in events["id"]]
    names = dict(zip(ids, events["name"]))
    wanted = st.query_params.get(keys.Q_EVENT)
    if keys.EVENT not in st.session_state:
        st.session_state[keys.EVENT] = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    chosen = st.selectbox(t("checklists.event", lang), ids, format_func=lambda i: f"#{i} {names[i]}", key=keys.EVENT)
    st.query_params[keys.Q_EVENT] = str(chosen)
    return events[events["id"] == chosen].iloc[0]


def filter_items(items: pd.DataFrame, province_code: str, lang: str) -> pd.DataFrame:
    """Phase, district, agency, state and overdue filters, kept in the URL."""
    all_ = t("checklists.filter.all", lang)
    cols = st.columns(5)
    phase = _query_choice(t("checklists.filter.phase", lang), list(PHASES), keys.Q_PHASE, keys.PHASE,
                          lambda p: all_ if p is None else t(f"checklists.phase.{p}", lang), cols[0])
    districts = sorted(items["district_code"].dropna().unique())
    district = _query_choice(t("checklists.filter.district", lang), [province_code, *districts], keys.Q_DISTRICT, keys.DISTRICT,
                             lambda d: all_ if d is None else district_name(d, province_code, lang), cols[1])
    agencies = dict(zip(items["agency"], items["agency_th" if lang == "th" else "agency_en"]))
    agency = _query_choice(t("checklists.filter.agency", lang), sorted(agencies), keys.Q_AGENCY, keys.AGENCY,
                           lambda a: all_ if a is None else agencies[a], cols[2])
    state = _query_choice(t("checklists.filter.state", lang), list(STATES), keys.Q_STATE, keys.STATE_FILTER,
                          lambda s: all_ if s is None else t(f"checklists.state.{s}", lang), cols[3])
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
    condition = (t("checklists.condition_bank", lang, m=trig.within_bank_m) if trig.within_bank_m is not None
                 else t("checklists.condition_level", lang, level=trig.level_msl))
    if trig.forecast_h:
        condition += t("checklists.condition_forecast", lang, h=trig.forecast_h)
    return t("checklists.trigger_waiting", lang, station=trig.station, condition=condition)


def board_frame(items: pd.DataFrame, province_code: str, lang: str) -> pd.DataFrame:
    """The items as a display table (every cell plain text). Column-wise, no per-row Series: the
    board of a three-event season has over a thousand items (bench/bench_pages.py)."""
    c = lambda key: t(f"checklists.col.{key}", lang)  # noqa: E731
    when = functools.lru_cache(maxsize=None)(lambda d: format_datetime(d, lang))  # many items share a time
    return pd.DataFrame({
        c("overdue"): ["⚠️" if o else "" for o in items["overdue"]],
        c("id"): items["id"].astype(int),
        c("phase"): [t(f"checklists.phase.{p}", lang) for p in items["phase"]],
        c("district"): [district_name(d, province_code, lang) for d in items["district_code"]],
        c("title"): items["title_th" if lang == "th" else "title_en"],
        c("agency"): items["agency_th" if lang == "th" else "agency_en"],
        c("state"): [t(f"checklists.state.{s}", lang) for s in items["state"]],
        c("owner"): [" / ".join(x for x in (a, p) if isinstance(x, str) and x) for a, p in zip(items["owner_agency"], items["owner_person"])],
        c("due"): [when(d) if d is not None and not pd.isna(d) else "" for d in items["due_at"]],
        c("trigger"): [_trigger_text(r, g, lang) for r, g in zip(items["trigger_reason"], items["trigger"])],
        c("note"): items["note"].fillna(""),
        c("updated"): [f"{when(w)} · {n}" for w, n in zip(items["updated_at"], items["updated_by_name"])],
    })


def render_board(items: pd.DataFrame, group_by: str, province_code: str, lang: str) -> None:
    """One table per phase, district or agency; overdue items first inside each."""
    if group_by == "district":
        groups = [(district_name(code, province_code, lang), grp) for code, grp in items.groupby(items["district_code"].fillna(province_code), sort=True)]
    elif group_by == "agency":
        column = "agency_th" if lang == "th" else "agency_en"
        groups = list(items.groupby(column, sort=True))
    else:
        groups = [(t(f"checklists.phase.{p}", lang), items[items["phase"] == p]) for p in PHASES]
    for title, group in groups:
        if group.empty:
            continue
        overdue = int(group["overdue"].sum())
        st.subheader(f"{plain(title)} ({len(group)})" + (f" · ⚠️ {t('checklists.overdue_count', lang, n=overdue)}" if overdue else ""))
        st.dataframe(board_frame(sort_for_board(group), province_code, lang), hide_index=True, width="stretch")


def render_progress(progress: pd.DataFrame, province_code: str, lang: str) -> None:
    c = lambda key: t(f"checklists.col.{key}", lang)  # noqa: E731
    table = pd.DataFrame({
        c("district"): [district_name(d, province_code, lang) for d in progress["district_code"]],
        c("items"): progress["items"], c("done"): progress["done"], c("blocked"): progress["blocked"],
        c("overdue"): progress["overdue"], c("percent"): progress["percent_done"],
    })
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        c("percent"): st.column_config.ProgressColumn(c("percent"), min_value=0, max_value=100, format="%.0f%%")})


def pick_item(items: pd.DataFrame, province_code: str, lang: str) -> pd.Series | None:
    """The item chosen for details (its id is kept in the URL as ``item``)."""
    if items.empty:
        return None
    ids = [int(i) for i in items["id"]]
    titles = items["title_th" if lang == "th" else "title_en"]
    labels = {i: f"#{i} {title} · {district_name(d, province_code, lang)}" for i, title, d in zip(ids, titles, items["district_code"])}
    wanted = st.query_params.get("item")
    if keys.HISTORY_ITEM not in st.session_state or st.session_state[keys.HISTORY_ITEM] not in ids:
        st.session_state[keys.HISTORY_ITEM] = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    chosen = st.selectbox(t("checklists.item_select", lang), ids, format_func=labels.get, key=keys.HISTORY_ITEM)
    st.query_params["item"] = str(chosen)
    return items[items["id"] == chosen].iloc[0]


def render_item_details(row: pd.Series, engine: Engine, database_url: str, province_code: str, lang: str) -> None:
    """Title, agency, networks, trigger reason, current note (plain text) and history."""
    st.markdown(f"#### {plain(row['title_th' if lang == 'th' else 'title_en'])}")
    st.text(f"{row['agency_th' if lang == 'th' else 'agency_en']} · {district_name(row['district_code'], province_code, lang)} · "
            f"{t(f'checklists.state.{row.state}', lang)}")
    networks = ", ".join(t(f"checklists.network.{n}", lang) for n in str(row["networks"]).split(",") if n)
    st.caption(t("checklists.networks", lang, networks=networks))
    if isinstance(row["trigger_reason"], dict):
        reason = row["trigger_reason"]
        st.warning(t("checklists.triggered", lang, time=format_datetime(row["triggered_at"], lang), why=plain(trigger_text(row, lang)),
                     observed=format_datetime(datetime.fromisoformat(reason["observed_at"]), lang)), icon="🌊")
    elif row["trigger"] is not None:
        st.caption(plain(trigger_text(row, lang)))
    if isinstance(row["note"], str) and row["note"]:
        st.text(row["note"])
    if isinstance(row["evidence_url"], str) and row["evidence_url"]:
        st.link_button(t("checklists.evidence", lang), row["evidence_url"])
    st.markdown(f"**{t('checklists.history_heading', lang)}**")
    history = load_history(engine, database_url, int(row["id"]), int(row["version"]))
    c = lambda key: t(f"checklists.col.{key}", lang)  # noqa: E731
    st.dataframe(pd.DataFrame({
        c("version"): history["version"],
        c("when"): [format_datetime(w, lang, seconds=True) for w in history["at"]],
        c("who"): history["by_name"],
        c("change"): [f"{t(f'checklists.state.{a}', lang) if isinstance(a, str) else '–'} → {t(f'checklists.state.{b}', lang)} ({t(f'checklists.kind.{k}', lang)})"
                      for a, b, k in zip(history["from_state"], history["to_state"], history["kind"])],
        c("changes"): [", ".join(sorted(ch)) for ch in history["changes"]],
        c("note"): history["note"].fillna(""),
    }), hide_index=True, width="stretch")


def _values_of(item: store.ItemState) -> dict:
    due = item.due_at.astimezone(BANGKOK) if item.due_at else None
    return {"state": item.state, "owner_agency": item.owner_agency or "", "owner_person": item.owner_person or "",
            "has_due": due is not None, "due_date": due.date() if due else datetime.now(BANGKOK).date(),
            "due_time": due.time().replace(second=0, microsecond=0) if due else time(18, 0),
            "note": item.note or "", "evidence_url": item.evidence_url or ""}


def _base_key(item_id: int) -> str:
    return f"cl_base_{item_id}"


def _pending_key(item_id: int) -> str:
    return f"cl_pending_{item_id}"


def _prepare_widgets(item: store.ItemState) -> dict:
    """The editor starts from the stored item; it follows newer versions only while the
    officer has not typed anything, so unsaved text is never replaced."""
    for field, value in st.session_state.pop(_pending_key(item.id), {}).items():
        st.session_state[keys.edit_key(field, item.id)] = value
    base = st.session_state.get(_base_key(item.id))
    current = _values_of(item)
    typed = base is not None and any(st.session_state.get(keys.edit_key(f, item.id), base["values"][f]) != base["values"][f] for f in FIELDS)
    if base is None or (base["version"] != item.version and not typed):
        for field, value in current.items():
            st.session_state[keys.edit_key(field, item.id)] = value
        base = {"version": item.version, "values": current}
        st.session_state[_base_key(item.id)] = base
    return base


def _changed_fields(base: dict, item_id: int) -> dict:
    values = {f: st.session_state[keys.edit_key(f, item_id)] for f in FIELDS}
    changes = {f: values[f] for f in ("state", "owner_agency", "owner_person", "note", "evidence_url") if values[f] != base["values"][f]}
    due = datetime.combine(values["due_date"], values["due_time"], BANGKOK).astimezone(timezone.utc) if values["has_due"] else None
    old = base["values"]
    old_due = datetime.combine(old["due_date"], old["due_time"], BANGKOK).astimezone(timezone.utc) if old["has_due"] else None
    if due != old_due:
        changes["due_at"] = due
    return changes


def _show_conflict(item_id: int, lang: str) -> None:
    newer: store.ItemState | None = st.session_state.get(keys.conflict_key(item_id))
    if newer is None:
        return
    st.warning(t("checklists.conflict", lang, name=plain(newer.updated_by_name), time=format_datetime(newer.updated_at, lang, seconds=True)), icon="⚠️")
    owner = " / ".join(x for x in (newer.owner_agency, newer.owner_person) if x) or "–"
    st.text(t("checklists.conflict_state", lang, state=t(f"checklists.state.{newer.state}", lang), owner=owner))
    st.text(newer.note or "–")


def render_editor(item_id: int, engine: Engine, user: User | None, lang: str) -> None:
    """The update form; permission is checked again by ``store.checklists.update_item``."""
    item = store.get_item(engine, item_id)
    if not can(user, "checklist.update", district_code=item.district_code, agency=item.agency):
        st.info(t("checklists.read_only", lang))
        return
    if message := st.session_state.pop(keys.SAVED_MESSAGE, None):
        st.success(message)
    base = _prepare_widgets(item)
    _show_conflict(item_id, lang)
    with st.form(f"cl_form_{item_id}"):
        st.markdown(f"**{t('checklists.edit_heading', lang)}**")
        st.selectbox(t("checklists.field.state", lang), STATES, format_func=lambda s: t(f"checklists.state.{s}", lang), key=keys.edit_key("state", item_id))
        cols = st.columns(2)
        cols[0].text_input(t("checklists.field.owner_agency", lang), key=keys.edit_key("owner_agency", item_id), max_chars=200)
        cols[1].text_input(t("checklists.field.owner_person", lang), key=keys.edit_key("owner_person", item_id), max_chars=200)
        cols = st.columns(3)
        cols[0].checkbox(t("checklists.field.has_due", lang), key=keys.edit_key("has_due", item_id))
        cols[1].date_input(t("checklists.field.due_date", lang), key=keys.edit_key("due_date", item_id))
        cols[2].time_input(t("checklists.field.due_time", lang), key=keys.edit_key("due_time", item_id), step=1800)
        st.text_area(t("checklists.field.note", lang), key=keys.edit_key("note", item_id), max_chars=4000)
        st.text_input(t("checklists.field.evidence", lang), key=keys.edit_key("evidence_url", item_id))
        submitted = st.form_submit_button(t("checklists.save", lang), key=keys.edit_key("save", item_id))
    if not submitted:
        return
    try:
        changes = _changed_fields(base, item_id)
        # the version guard makes a retry safe: a write that did reach the database comes back as a StaleEdit
        saved = with_db_retry(lambda: store.update_item(engine, user, item_id, base["version"], **changes), attempts=3)
    except DatabaseUnavailable:
        st.error(t("error.db_unavailable_save", lang))
        return
    except store.StaleEdit as exc:
        # fields this officer did not touch take the new values; what they typed stays
        newer = _values_of(exc.current)
        untouched = {f: newer[f] for f in FIELDS if st.session_state[keys.edit_key(f, item_id)] == base["values"][f]}
        st.session_state[_pending_key(item_id)] = untouched
        st.session_state[keys.conflict_key(item_id)] = exc.current
        st.session_state[_base_key(item_id)] = {"version": exc.current.version, "values": newer}
        clear_caches()
        st.rerun()
    except PermissionDenied as exc:
        st.error(t("checklists.refused", lang, error=plain(exc)))
        return
    except (InvalidTransition, ValueError) as exc:
        st.error(t("checklists.invalid", lang, error=plain(exc)))
        return
    st.session_state.pop(keys.conflict_key(item_id), None)
    st.session_state[_base_key(item_id)] = {"version": saved.version, "values": _values_of(saved)}
    st.session_state[keys.SAVED_MESSAGE] = t("checklists.saved", lang, version=saved.version)
    clear_caches()
    st.rerun()


def render_admin_tools(engine: Engine, user: User | None, province_code: str, stale_after_s: float, lang: str, event_id: int | None) -> None:
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
                chosen = st.multiselect(t("checklists.admin.districts", lang), list(names), format_func=lambda c: f"{c} {names[c]}",
                                        key=keys.OPEN_EVENT_DISTRICTS)
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
            from store.water import latest_situation

            situation = latest_situation(engine, province_code, stale_after_s=stale_after_s)
            fired = store.apply_triggers(engine, event_id, situation, actor=user)
            clear_caches()
            st.info(t("checklists.admin.evaluated", lang, n=len(fired), fresh=int((~situation["stale"].fillna(True).astype(bool)).sum()) if len(situation) else 0))
