"""Alerts (issue 19): everyone signed in sees and edits their own contact, subscriptions and
history; officers and admins propose the public summary, admins approve it (two when it raises
the level); only admins see the outbox (sent, failed and why, resend), defaults and supervisors."""

import streamlit as st

from auth import PermissionDenied, gate
from i18n import t
from services.public_summary import propose_public_summary
from ui import alerts as ui
from ui import context
from ui.alerts_public import render_public_list
from ui.auth import signed_in_user
from ui.briefing import current_snapshot

lang = context.lang()
settings = context.settings()
engine = context.engine()
user = signed_in_user()
st.title(t("alert_page.heading", lang))
parts = gate.alert_parts(user.role if user else None)
if user is None or not parts:  # a stranger (or the anonymous screen viewer) has no alerts: nothing to show
    st.info(t("alert_page.sign_in", lang), icon=":material/lock:")
    st.page_link("pages/account.py", label=t("auth.sign_in", lang), icon=":material/login:")
    st.stop()

ui.show_notice()
names = {"own": "alert_page.tab.own", "public": "alert_page.tab.public", "outbox": "alert_page.tab.outbox"}
names |= {"defaults": "alert_page.tab.defaults"}
labels = [t(names[p], lang) for p in parts]
tabs = dict(zip(parts, st.tabs(labels, key=ui.TABS, on_change="rerun"), strict=True))  # kept across reruns

with tabs["own"]:
    ui.render_contact(engine, user, lang)
    ui.render_subscriptions(engine, settings, user, lang)
    ui.render_history(engine, settings, user, lang)

if "public" in tabs:
    with tabs["public"]:
        st.caption(t("alert_page.public_rule", lang))
        if st.button(t("alert_page.propose", lang), key=ui.PUBLIC_PROPOSE, icon=":material/campaign:"):
            try:
                message_id = propose_public_summary(engine, settings, user, current_snapshot())
            except (ValueError, PermissionDenied, RuntimeError, OSError) as exc:
                ui.notice("error", ui.refusal(exc, lang))
            else:
                ui.notice("success", t("alert_page.proposed", lang, id=message_id))
        render_public_list(engine, user, lang)

if "outbox" in tabs:
    with tabs["outbox"]:
        ui.render_outbox(engine, settings, user, lang)

if "defaults" in tabs:
    with tabs["defaults"]:
        ui.render_defaults(engine, settings, user, lang)
