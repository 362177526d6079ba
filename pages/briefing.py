"""Briefing: the meeting-room screen (``?screen=1&rotate=20&lang=th``), or, on the normal
page, a preview of each view, saving the briefing, the deck and the public summary."""

import streamlit as st

from auth import PermissionDenied, can
from briefing.card import CardError, check_card_support, render_card
from briefing.deck import DeckError, build_deck
from briefing.figures import ChartsUnavailable, check_chart_support
from domain.summary import public_summary
from i18n import t
from store.briefings import save_briefing
from ui import briefing as ui
from ui import briefing_views, context
from ui.auth import current_user
from ui.empty import show_empty_state
from ui.text import plain

lang = context.lang()
if context.is_screen_mode():
    ui.render_screen(lang)
    st.stop()

settings = context.settings()
engine = context.engine()
st.title(t("briefing.heading", lang))
at = ui.replay_at_param()
snapshot = ui.current_snapshot(at)  # ?at= replays as the overview does
saved = ui.load_saved(engine, settings.database_url, None, settings.province_code)
views = ui.available_views(snapshot, saved)

rotate = ui.rotate_seconds()
st.caption(t("briefing.screen_hint", lang, seconds=rotate))
screen_url = f"briefing?screen=1&rotate={rotate}&lang={lang}" + (
    f"&at={st.query_params.get('at')}" if at else ""
)  # the wall replays the same time
st.markdown(f"[{screen_url}]({screen_url})")

if not views:
    show_empty_state(
        t("briefing.what.water", lang),
        t("briefing.no_views_why", lang),
        "python manage.py ingest --source thaiwater",
        lang,
    )
else:
    view = (
        st.segmented_control(
            t("briefing.view_select", lang),
            views,
            format_func=lambda v: t(f"briefing.view.{v}", lang),
            key=ui.VIEW_SELECT,
            default=views[0],
        )
        or views[0]
    )
    briefing_views.render_view(view, snapshot, saved, lang, height=560)

st.divider()
user = current_user()
if can(user, "briefing.save"):
    with st.form(ui.SAVE_BUTTON + "_form", clear_on_submit=True):
        title = st.text_input(t("briefing.save_title", lang), key=ui.SAVE_TITLE, max_chars=200)
        if st.form_submit_button(t("briefing.save", lang), key=ui.SAVE_BUTTON):
            try:
                briefing_id = save_briefing(engine, user, snapshot, title=title)
            except PermissionDenied as exc:
                st.error(t("briefing.save_denied", lang, reason=plain(exc)))
            else:
                ui.load_saved.clear()
                ui.load_briefing_list.clear()
                st.success(t("briefing.saved", lang, id=briefing_id))

left, right = st.columns(2)


def _deck_offer() -> None:
    """The deck's format and build button, or why it cannot be built on this server."""
    try:
        check_chart_support()
    except ChartsUnavailable:
        st.error(t("briefing.deck_no_browser", lang))
        return
    fmt = (
        st.segmented_control(t("briefing.build_deck", lang), ["pdf", "pptx"], key=ui.DECK_FORMAT, default="pdf")
        or "pdf"
    )
    if not st.button(t("briefing.build_deck", lang), key=ui.DECK_BUILD):
        return
    with st.spinner(t("briefing.build_deck", lang)):
        geojson = ui.load_geojson(settings, str(settings.data_dir), settings.province_code)
        try:
            data = build_deck(engine, settings, fmt, lang=lang, geojson=geojson, snapshot=snapshot)
        except (ChartsUnavailable, DeckError) as exc:
            st.error(t("briefing.deck_failed", lang, error=plain(exc)))
            return
    pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    mime = "application/pdf" if fmt == "pdf" else pptx
    st.download_button(
        t(f"briefing.download_{fmt}", lang),
        data,
        file_name=f"briefing-{settings.province_code}.{fmt}",
        mime=mime,
        key=ui.DECK_DOWNLOAD,
    )


with left:
    _deck_offer()
with right:
    st.markdown(f"#### {t('briefing.summary_heading', lang)}")
    st.code(public_summary(snapshot, lang), language=None, wrap_lines=True)
    try:
        check_card_support()
    except CardError as exc:
        st.error(plain(exc))
    else:  # the PNG is drawn only when the button is clicked (Streamlit runs the callable then)
        st.download_button(
            t("briefing.download_card", lang),
            lambda: render_card(snapshot, lang),
            file_name=f"summary-{lang}.png",
            mime="image/png",
            key=ui.CARD_DOWNLOAD,
        )
