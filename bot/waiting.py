"""Waiting for a started server to answer its health (or readiness) probe: used by the tests and `bench/load.py`."""

from __future__ import annotations

import time
from typing import Callable

import httpx


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer its probe in time."""


def wait_ready(url: str, timeout: float, exited: Callable[[], str | None] = lambda: None, interval: float = 0.1,
               probe: str = "/healthz") -> None:
    """Poll `url` + `probe` until 200. `exited` returns why the server is gone (its output), or None while it runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        gone = exited()
        if gone is not None:
            raise ServerNotReady(f"server exited early:\n{gone}")
        try:
            if httpx.get(url + probe, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    raise ServerNotReady(f"server at {url} did not answer {probe} within {timeout:.0f} s")
