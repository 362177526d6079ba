"""The Alerts page's parts (issue 19): a person's own contact, subscriptions and history; for
admins the outbox (sent, failed and why, resend), the defaults and supervisors; the public
channel (propose, approve: two admins when it raises the level)."""

from __future__ import annotations

from datetime import time

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from auth import ROLES, User
from config import Settings
from domain.alert_events import KINDS
from domain.stations import key_station_map
from geo.gazetteer import province_districts
from i18n import CATALOGUE, t
from i18n.timefmt import format_datetime
from notify.text import render_alert
from store import alerts as store_alerts
from store import outbox
from ui.text import plain

# widget keys (one place)
CONTACT_FORM = "al_contact_form"
EMAIL = "al_email"
LINE_TO = "al_line_to"
WEBHOOK = "al_webhook"
TABS = "al_tabs"  # the page part shown, kept when a button reruns the page
LANGUAGE = "al_language"
QUIET_ON = "al_quiet_on"
QUIET_FROM = "al_quiet_from"
QUIET_TO = "al_quiet_to"
SUB_FORM = "al_sub_form"
SUB_CHANNEL = "al_sub_channel"
SUB_KIND = "al_sub_kind"
SUB_STATION = "al_sub_station"
SUB_DISTRICT = "al_sub_district"
SUB_REMOVE = "al_sub_remove"
OUTBOX_STATE = "al_outbox_state"
RESEND_ID = "al_resend_id"
RESEND = "al_resend"
DEF_FORM = "al_default_form"
DEF_ROLE = "al_def_role"
DEF_DISTRICT = "al_def_district"
DEF_CHANNEL = "al_def_channel"
DEF_KIND = "al_def_kind"
SUP_FORM = "al_sup_form"
SUP_DISTRICT = "al_sup_district"
SUP_USER = "al_sup_user"
PUBLIC_PROPOSE = "al_public_propose"
NOTICE = "al_notice"  # (kind, text) shown once after a rerun


def refusal(exc: Exception, lang: str) -> str:
    """A refused save in the reader's language: the catalogue's words for its code, else its reason."""
    code = getattr(exc, "code", None)
    key = f"alerts.refused.{code}"
    if code and key in CATALOGUE:
        try:
            return t(key, lang, **{k: plain(v) for k, v in getattr(exc, "params", {}).items()})
        except (KeyError, IndexError):
            pass
    return plain(str(exc))


def notice(kind: str, text: str) -> None:
    st.session_state[NOTICE] = (kind, text)
    st.rerun()


def show_notice() -> None:
    kind, text = st.session_state.pop(NOTICE, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check:")
    elif kind == "error":
        st.error(text, icon=":material/error:")


def _minutes(value: time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


def _clock(minutes: int | None, default: int) -> time:
    m = default if minutes is None else minutes
    return time(m // 60, m % 60)


def render_contact(engine: Engine, user: User, lang: str) -> None:
    """E-mail, LINE id, language and quiet hours; an invalid address is refused with its reason."""
    contact = store_alerts.get_contact(engine, user.username)
    st.markdown(f"#### {t('alert_page.contact', lang)}")
    with st.form(CONTACT_FORM):
        email = st.text_input(t("alert_page.email", lang), value=(contact.email if contact else "") or "", key=EMAIL)
        line_to = st.text_input(
            t("alert_page.line_to", lang), value=(contact.line_to if contact else "") or "", key=LINE_TO
        )
        webhook_url = st.text_input(
            t("alert_page.webhook_url", lang), value=(contact.webhook_url if contact else "") or "", key=WEBHOOK
        )
        languages = list(store_alerts.LANGUAGES)
        language = st.radio(
            t("alert_page.language", lang),
            languages,
            index=languages.index(contact.language if contact else "th"),
            format_func=lambda code: t(f"alert_page.language.{code}", lang),
            horizontal=True,
            key=LANGUAGE,
        )
        quiet = st.checkbox(
            t("alert_page.quiet", lang), value=bool(contact and contact.quiet_from_min is not None), key=QUIET_ON
        )
        left, right = st.columns(2)
        start = left.time_input(
            t("alert_page.quiet_from", lang),
            _clock(contact.quiet_from_min if contact else None, 22 * 60),
            key=QUIET_FROM,
        )
        end = right.time_input(
            t("alert_page.quiet_to", lang), _clock(contact.quiet_to_min if contact else None, 6 * 60), key=QUIET_TO
        )
        st.caption(t("alert_page.quiet_hint", lang))
        if st.form_submit_button(t("alert_page.save", lang), key=CONTACT_FORM + "_save"):
            try:
                store_alerts.set_contact(
                    engine,
                    user,
                    user.username,
                    email=email,
                    line_to=line_to,
                    webhook_url=webhook_url,
                    language=language,
                    quiet_from_min=_minutes(start) if quiet else None,
                    quiet_to_min=_minutes(end) if quiet else None,
                )
            except ValueError as exc:
                st.error(refusal(exc, lang), icon=":material/error:")
            else:
                notice("success", t("alert_page.saved", lang))


def kind_label(kind: str, lang: str) -> str:
    return t(f"alert_events.kind.{kind}", lang) if f"alert_events.kind.{kind}" in CATALOGUE else kind


def district_label(code: str, lang: str, names: dict[str, str]) -> str:
    return names.get(code, code) if code else t("alert_page.any", lang)


def district_names(province_code: str, lang: str) -> dict[str, str]:
    frame = province_districts(province_code)
    return dict(zip(frame["district_code"], frame["name_th" if lang == "th" else "name_en"], strict=True))


def _channel_and_kind(channel_col, kind_col, lang: str, channel_key: str, kind_key: str) -> tuple[str, str]:
    """The channel and kind pickers of a subscription or a default (the same two choices)."""
    channel = channel_col.selectbox(
        t("alert_page.col.channel", lang),
        ["email", "line"],
        format_func=lambda c: t(f"alert_page.channel.{c}", lang),
        key=channel_key,
    )
    kind = kind_col.selectbox(
        t("alert_page.col.kind", lang), ["*", *KINDS], format_func=lambda k: kind_label(k, lang), key=kind_key
    )
    return channel, kind


def render_subscriptions(engine: Engine, settings: Settings, user: User, lang: str) -> None:
    """The person's subscriptions (remove one) and the form to add one."""
    st.markdown(f"#### {t('alert_page.subscriptions', lang)}")
    st.caption(t("alert_page.targeted_hint", lang))
    names = district_names(settings.province_code, lang)
    rows = store_alerts.list_subscriptions(engine, user.username)
    if rows:
        table = pd.DataFrame(
            {
                t("alert_page.col.channel", lang): [t(f"alert_page.channel.{r['channel']}", lang) for r in rows],
                t("alert_page.col.kind", lang): [kind_label(r["kind"], lang) for r in rows],
                t("alert_page.col.station", lang): [r["station_code"] or t("alert_page.any", lang) for r in rows],
                t("alert_page.col.district", lang): [district_label(r["district_code"], lang, names) for r in rows],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
        labels = {r["id"]: " · ".join(str(v) for v in table.iloc[i].tolist()) for i, r in enumerate(rows)}
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        pick = left.selectbox(t("alert_page.remove_pick", lang), list(labels), format_func=labels.get, key=SUB_REMOVE)
        if right.button(t("alert_page.remove", lang), key=SUB_REMOVE + "_go"):
            store_alerts.unsubscribe(engine, user, user.username, int(pick))
            notice("success", t("alert_page.removed", lang))
    else:
        st.info(t("alert_page.no_subscriptions", lang), icon=":material/notifications_off:")
    with st.form(SUB_FORM):
        cols = st.columns(4)
        channel, kind = _channel_and_kind(cols[0], cols[1], lang, SUB_CHANNEL, SUB_KIND)
        stations = ["", *key_station_map(settings.province_code)]
        station = cols[2].selectbox(
            t("alert_page.col.station", lang),
            stations,
            format_func=lambda s: s or t("alert_page.any", lang),
            key=SUB_STATION,
        )
        district = cols[3].selectbox(
            t("alert_page.col.district", lang),
            ["", *names],
            format_func=lambda d: district_label(d, lang, names),
            key=SUB_DISTRICT,
        )
        if st.form_submit_button(t("alert_page.subscribe", lang), key=SUB_FORM + "_add"):
            try:
                store_alerts.subscribe(
                    engine, user, user.username, channel, kind, station_code=station, district_code=district
                )
            except ValueError as exc:
                st.error(refusal(exc, lang), icon=":material/error:")
            else:
                notice("success", t("alert_page.subscribed", lang))


def _text(row: dict, lang: str, base_url: str) -> str:
    """The words as sent (the recipient's language; LINE's plain text), with the link line."""
    try:
        return render_alert(row["kind"], row["payload"] or {}, lang, "line", text=row.get("text"), base_url=base_url)[1]
    except (KeyError, IndexError, ValueError):  # a payload older than its kind's words: its key says what it was
        return str(row["event_key"])


def outbox_table(rows: list[dict], lang: str, base_url: str, with_recipient: bool) -> pd.DataFrame:
    """Outbox rows for a table: when queued, to whom (admins), channel, state, attempts, sent, why it failed, text."""
    data: dict[str, list] = {t("alert_page.col.created", lang): [format_datetime(r["created_at"], lang) for r in rows]}
    if with_recipient:
        data[t("alert_page.col.recipient", lang)] = [r.get("recipient") or t("alert_page.public", lang) for r in rows]
        data[t("alert_page.col.id", lang)] = [r["id"] for r in rows]
    data[t("alert_page.col.channel", lang)] = [
        t(f"alert_page.channel.{r['channel']}", lang)
        if f"alert_page.channel.{r['channel']}" in CATALOGUE
        else r["channel"]
        for r in rows
    ]
    data[t("alert_page.col.state", lang)] = [t(f"alert_page.state.{r['state']}", lang) for r in rows]
    data[t("alert_page.col.attempts", lang)] = [int(r["attempts"]) for r in rows]
    data[t("alert_page.col.sent", lang)] = [format_datetime(r["sent_at"], lang) if r["sent_at"] else "–" for r in rows]
    data[t("alert_page.col.error", lang)] = [r.get("last_error") or "–" for r in rows]
    data[t("alert_page.col.text", lang)] = [_text(r, r.get("lang") or lang, base_url) for r in rows]
    return pd.DataFrame(data)


def _wide_text(lang: str) -> dict:
    return {t("alert_page.col.text", lang): st.column_config.TextColumn(width="large")}


def render_history(engine: Engine, settings: Settings, user: User, lang: str) -> None:
    st.markdown(f"#### {t('alert_page.history', lang)}")
    rows = outbox.list_outbox(engine, recipient=user.username, limit=100)
    if not rows:
        st.info(t("alert_page.no_history", lang), icon=":material/inbox:")
        return
    st.dataframe(
        outbox_table(rows, lang, settings.alerts_base_url, False),
        hide_index=True,
        width="stretch",
        column_config=_wide_text(lang),
    )


def render_outbox(engine: Engine, settings: Settings, user: User, lang: str) -> None:
    """Counts by state, the rows of one state (what was sent to whom and when, what failed and why), resend."""
    counts = outbox.outbox_counts(engine)
    cols = st.columns(len(outbox.STATES))
    for col, state in zip(cols, outbox.STATES, strict=True):
        col.metric(t(f"alert_page.state.{state}", lang), f"{counts.get(state, 0):,}")
    state = st.segmented_control(
        t("alert_page.col.state", lang),
        list(outbox.STATES),
        format_func=lambda s: t(f"alert_page.state.{s}", lang),
        key=OUTBOX_STATE,
    )
    rows = outbox.list_outbox(engine, state=state, limit=200)
    if not rows:
        st.info(t("alert_page.outbox_empty", lang), icon=":material/inbox:")
        return
    st.dataframe(
        outbox_table(rows, lang, settings.alerts_base_url, True),
        hide_index=True,
        width="stretch",
        column_config=_wide_text(lang),
    )
    again = [r["id"] for r in rows if r["state"] in ("failed", "dead")]
    if again:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        pick = left.selectbox(t("alert_page.resend_pick", lang), again, key=RESEND_ID)
        if right.button(t("alert_page.resend", lang), key=RESEND):
            done = outbox.resend(engine, user, int(pick))
            notice("success" if done else "error", t("alert_page.resent" if done else "alert_page.not_resent", lang))


def render_defaults(engine: Engine, settings: Settings, user: User, lang: str) -> None:
    """An admin's defaults per role and district, and the district supervisors (escalations)."""
    names = district_names(settings.province_code, lang)
    st.markdown(f"#### {t('alert_page.defaults', lang)}")
    rows = store_alerts.list_defaults(engine)
    if rows:
        st.dataframe(
            pd.DataFrame(
                {
                    t("alert_page.col.role", lang): [
                        t(f"auth.role.{r['role']}", lang) if r["role"] else t("alert_page.any", lang) for r in rows
                    ],
                    t("alert_page.col.district", lang): [district_label(r["district_code"], lang, names) for r in rows],
                    t("alert_page.col.channel", lang): [t(f"alert_page.channel.{r['channel']}", lang) for r in rows],
                    t("alert_page.col.kind", lang): [kind_label(r["kind"], lang) for r in rows],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    with st.form(DEF_FORM):
        cols = st.columns(4)
        role = cols[0].selectbox(
            t("alert_page.col.role", lang),
            ["", *ROLES],
            format_func=lambda r: t(f"auth.role.{r}", lang) if r else t("alert_page.any", lang),
            key=DEF_ROLE,
        )
        district = cols[1].selectbox(
            t("alert_page.col.district", lang),
            ["", *names],
            format_func=lambda d: district_label(d, lang, names),
            key=DEF_DISTRICT,
        )
        channel, kind = _channel_and_kind(cols[2], cols[3], lang, DEF_CHANNEL, DEF_KIND)
        if st.form_submit_button(t("alert_page.add_default", lang), key=DEF_FORM + "_add"):
            try:
                store_alerts.set_default(engine, user, channel, kind, role=role, district_code=district)
            except ValueError as exc:
                st.error(refusal(exc, lang), icon=":material/error:")
            else:
                notice("success", t("alert_page.saved", lang))
    st.markdown(f"#### {t('alert_page.supervisors', lang)}")
    with st.form(SUP_FORM):
        left, right = st.columns(2)
        district = left.selectbox(
            t("alert_page.col.district", lang),
            ["", *names],
            format_func=lambda d: district_label(d, lang, names),
            key=SUP_DISTRICT,
        )
        who = right.text_input(t("alert_page.col.recipient", lang), key=SUP_USER, max_chars=80)
        if st.form_submit_button(t("alert_page.add_supervisor", lang), key=SUP_FORM + "_add") and who.strip():
            try:
                store_alerts.set_supervisor(engine, user, district, who.strip())
            except ValueError as exc:
                st.error(refusal(exc, lang), icon=":material/error:")
            else:
                notice("success", t("alert_page.saved", lang))
