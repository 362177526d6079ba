"""Imports the dashboard's heavy modules before Streamlit starts serving.

Streamlit imports an app's modules on the first script run, so the first visitor after a
restart waited for pandas, geopandas, plotly, SQLAlchemy and the store (about 2 s on the 2-core
server, the "cold server" line of ``bench/bench_pages.py --only browser``; issue 9).
``cli.serve.streamlit_command`` has ``ui.serving.serve_prelude`` run this before Streamlit's own command line.

Only modules that do not import streamlit are listed: a ``st.cache_data`` decorated before the
server's runtime exists would be given a plain memory cache instead of the runtime's. A test
checks that preloading leaves streamlit unimported.

``ui.serving.serve_prelude()``, what the server runs before Streamlit's command line, starts
with this preload.
"""

from __future__ import annotations

import importlib

MODULES = (
    "numpy",
    "pandas",
    "pyarrow",
    "shapely",
    "pyproj",
    "geopandas",
    "geothai",
    "sqlalchemy",
    "plotly.graph_objects",
    "plotly.express",
    "config",
    "store.db",
    "store.water",
    "store.water_situation",
    "store.rain",
    "store.impact",
    "store.checklists",
    "store.checklist_items",
    "store.health",
    "store.briefings",
    "store.users",
    "domain.situation",
    "domain.impact",
    "domain.impact_validation",
    "domain.shelters",
    "domain.class_breaks",
    "domain.checklists",
    "domain.checklist_templates",
    "domain.freshness",
    "geo.outlines",
    "geo.display",
    "briefing.snapshot",
    "ops.exports",
)


def preload() -> None:
    """Import every module of ``MODULES`` (an ImportError names the module)."""
    for name in MODULES:
        importlib.import_module(name)
