"""Skips that turn into failures under CI=true: integration tests must not vanish."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REFERENCE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip locally; fail under CI=true, where nothing may be silently left out."""
    if in_ci():
        pytest.fail(f"required under CI=true but unavailable: {reason}")
    pytest.skip(reason)


def reference_path(*parts: str) -> Path:
    """A file under ../shared/reference/, skipping (failing in CI) when it is absent."""
    path = REFERENCE_DIR.joinpath(*parts)
    if not path.exists():
        skip_or_fail(f"reference file {path} is absent (the shared/ folder beside the checkout)")
    return path
