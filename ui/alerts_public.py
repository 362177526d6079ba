"""The Alerts page's public channel (issue 19): every public message with who proposed and who
approved it, and the admin's approval of a waiting one with its text and card shown first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from auth import User
from i18n import t
from i18n.timefmt import format_datetime
from store import public_messages
from ui.alerts import notice, refusal

PUBLIC_APPROVE = "al_public_approve"
PUBLIC_PICK = "al_public_pick"


def public_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """Every public message with who proposed and who approved it, and when."""
    return pd.DataFrame(
        {
            t("alert_page.col.id", lang): [r["id"] for r in rows],
            t("alert_page.col.created", lang): [format_datetime(r["proposed_at"], lang) for r in rows],
            t("alert_page.col.proposed_by", lang): [r["proposed_by"] for r in rows],
            t("alert_page.col.level", lang): [t(f"water.class.{r['level'] or 'unknown'}", lang) for r in rows],
            t("alert_page.col.raises", lang): [
                t("alert_page.yes" if r["raises_level"] else "alert_page.no", lang) for r in rows
            ],
            t("alert_page.col.state", lang): [t(f"alert_page.public_state.{r['state']}", lang) for r in rows],
            t("alert_page.col.approved_by", lang): [
                ", ".join(f"{who} ({format_datetime(at, lang)})" for who, at in r["approvals"]) or "–" for r in rows
            ],
            t("alert_page.col.text", lang): [r["text"] for r in rows],
        }
    )


def show_waiting(row: dict, lang: str) -> None:
    """What the admin approves: the text and the card exactly as they will go out."""
    with st.container(border=True):
        st.caption(t("alert_page.preview", lang, id=row["id"]))
        st.text(row["text"])
        card = Path(row["card_path"]) if row.get("card_path") else None
        if card is not None and card.is_file():
            st.image(str(card), width=420)


def render_public_list(engine: Engine, user: User, lang: str) -> None:
    rows = public_messages.list_public_messages(engine)
    if not rows:
        st.info(t("alert_page.no_public", lang), icon=":material/campaign:")
        return
    st.dataframe(public_table(rows, lang), hide_index=True, width="stretch")
    waiting = [r["id"] for r in rows if r["state"] == "proposed"]
    if waiting and user.role == "admin":
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        pick = left.selectbox(t("alert_page.approve_pick", lang), waiting, key=PUBLIC_PICK)
        show_waiting(next(r for r in rows if r["id"] == pick), lang)
        if right.button(t("alert_page.approve", lang), key=PUBLIC_APPROVE):
            try:
                done = public_messages.approve_public_message(engine, user, int(pick))
            except ValueError as exc:
                notice("error", refusal(exc, lang))
            else:
                notice("success", t("alert_page.approved_sent" if done else "alert_page.approved_wait", lang))
