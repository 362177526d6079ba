"""One checklist item on screen: picking it (its id kept in the URL), its header (title, state,
owner, due time, trigger) and its history, each change worded in the page's language.
User-written text is shown as plain text."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from i18n import actor_name, t
from i18n.timefmt import format_datetime
from ui import checklists_state as keys
from ui.checklists import district_name, first_known, load_history, trigger_text
from ui.layout import table_or_cards
from ui.text import plain


def pick_item(items: pd.DataFrame, province_code: str, lang: str) -> pd.Series | None:
    """The item chosen for details (its id is kept in the URL as ``item``)."""
    if items.empty:
        return None
    ids = [int(i) for i in items["id"]]
    titles = items["title_th" if lang == "th" else "title_en"]
    labels = {
        i: f"#{i} {title} · {district_name(d, province_code, lang)}"
        for i, title, d in zip(ids, titles, items["district_code"], strict=False)
    }
    wanted = st.query_params.get("item")
    if keys.HISTORY_ITEM not in st.session_state or st.session_state[keys.HISTORY_ITEM] not in ids:
        st.session_state[keys.HISTORY_ITEM] = first_known(ids, wanted, st.session_state.get(keys.LAST_ITEM))
    chosen = st.selectbox(t("checklists.item_select", lang), ids, format_func=labels.get, key=keys.HISTORY_ITEM)
    st.query_params["item"] = str(chosen)
    st.session_state[keys.LAST_ITEM] = chosen
    return items[items["id"] == chosen].iloc[0]


def render_item_header(row: pd.Series, province_code: str, lang: str) -> None:
    """What the item is: title, agency, district, state, networks and why it fired."""
    st.markdown(f"#### {plain(row['title_th' if lang == 'th' else 'title_en'])}")
    st.text(
        f"{row['agency_th' if lang == 'th' else 'agency_en']} · "
        f"{district_name(row['district_code'], province_code, lang)} · "
        f"{t(f'checklists.state.{row.state}', lang)}"
    )
    networks = ", ".join(t(f"checklists.network.{n}", lang) for n in str(row["networks"]).split(",") if n)
    st.caption(t("checklists.networks", lang, networks=networks))
    if isinstance(row["trigger_reason"], dict):
        reason = row["trigger_reason"]
        st.warning(
            t(
                "checklists.triggered",
                lang,
                time=format_datetime(row["triggered_at"], lang),
                why=plain(trigger_text(row, lang)),
                observed=format_datetime(datetime.fromisoformat(reason["observed_at"]), lang),
            ),
            icon="🌊",
        )
    elif row["trigger"] is not None:
        st.caption(plain(trigger_text(row, lang)))


def render_item_history(row: pd.Series, engine: Engine, database_url: str, lang: str) -> None:
    """The item's current note (plain text), evidence link and its whole history."""
    if isinstance(row["note"], str) and row["note"]:
        st.text(row["note"])
    if isinstance(row["evidence_url"], str) and row["evidence_url"]:
        st.link_button(t("checklists.evidence", lang), row["evidence_url"])
    st.markdown(f"**{t('checklists.history_heading', lang)}**")
    history = load_history(engine, database_url, int(row["id"]), int(row["version"]))
    c = lambda key: t(f"checklists.col.{key}", lang)  # noqa: E731
    table_or_cards(
        pd.DataFrame(
            {
                c("version"): history["version"],
                c("when"): [format_datetime(w, lang, seconds=True) for w in history["at"]],
                c("who"): [actor_name(n, lang) for n in history["by_name"]],
                c("change"): [
                    state_change_text(a, b, k, lang)
                    for a, b, k in zip(history["from_state"], history["to_state"], history["kind"], strict=True)
                ],
                c("changes"): [changed_fields_text(ch, lang) for ch in history["changes"]],
                c("note"): history["note"].fillna(""),
            }
        ),
        f"history_{int(row['id'])}",
        lang,
        title_columns=3,
    )


# the label of each field a history row can name (store.checklist_items.update_item's keys)
_CHANGED_LABELS = {
    "state": "checklists.field.state",
    "owner_agency": "checklists.field.owner_agency",
    "owner_person": "checklists.field.owner_person",
    "due_at": "checklists.changed.due_at",
    "note": "checklists.field.note",
    "evidence_url": "checklists.field.evidence",
}


def state_change_text(before, after, kind: str, lang: str) -> str:
    """ "from → to (kind)" when the state changed or the item was created; only "(kind)" when it
    did not (a note-only save is not "in progress → in progress")."""
    how = f"({t(f'checklists.kind.{kind}', lang)})"
    if isinstance(before, str) and before == after:
        return how
    return (
        f"{t(f'checklists.state.{before}', lang) if isinstance(before, str) else '–'} → "
        f"{t(f'checklists.state.{after}', lang)} {how}"
    )


def changed_fields_text(changes: dict, lang: str) -> str:
    """The translated names of the fields a history row changed, in the form's order."""
    return ", ".join(t(label, lang) for field, label in _CHANGED_LABELS.items() if field in changes)
