"""Imports every model module so ``Base.metadata`` holds the whole schema."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import store
from store.base import Base

_NOT_MODELS = {"base", "db", "schema", "migrations"}


def load_models() -> MetaData:
    """Import all model modules of the ``store`` package; returns the metadata."""
    for module in pkgutil.iter_modules(store.__path__):
        if module.name not in _NOT_MODELS:
            importlib.import_module(f"store.{module.name}")
    return Base.metadata
