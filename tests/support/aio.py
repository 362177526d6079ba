"""Run a coroutine to completion from a test, whatever the test session's thread holds.

An earlier test of the same worker can leave an event loop running in the main thread (so a
plain ``asyncio.run`` fails with "cannot be called from a running event loop"); a thread of
its own always has none."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_to_end(coroutine: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
