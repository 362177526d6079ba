"""One logging set-up for both processes: ``manage.py`` (``cli.main``) and the Streamlit server
(``ui.serving.serve_prelude``). Loggers are named by ``__name__``, so ``PROJECT_PACKAGES`` are
the roots a handler attaches to (``cli.core.route_logs_to_file``)."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"
PROJECT_PACKAGES = (
    "auth",
    "briefing",
    "cli",
    "config",
    "data_sources",
    "domain",
    "geo",
    "i18n",
    "ingest",
    "notify",
    "ops",
    "services",
    "store",
    "ui",
)


def configure_logging(verbose: bool = False) -> None:
    """Root handler on stderr with ``FORMAT``: INFO when ``verbose``, else WARNING. A no-op when
    the root logger already has a handler (a second call, or a host that set its own)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format=FORMAT)
