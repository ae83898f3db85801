"""Waiting for a server under test to answer /healthz: one loop for in-thread and subprocess servers."""

from __future__ import annotations

import time
from typing import Callable

import httpx


def wait_healthy(url: str, timeout: float, exited: Callable[[], str | None] = lambda: None, interval: float = 0.1) -> None:
    """Poll `url`/healthz until 200. `exited` returns why the server is gone (its output), or None while it runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        gone = exited()
        if gone is not None:
            raise AssertionError(f"server exited early:\n{gone}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    raise AssertionError(f"server at {url} did not become healthy within {timeout:.0f} s")
