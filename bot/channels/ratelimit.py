"""Per-IP and per-session token buckets on the routes that run the bot (429 + Retry-After).

A bucket holds up to `per_minute` tokens and refills continuously at per_minute/60 a second, so a
burst of `per_minute` requests passes and then one per (60/per_minute) s. Limits are per process:
with N workers behind a load balancer a client gets at most N times the budget, which still caps a
flood. LINE/Slack webhooks are not limited here: their platforms sign and retry deliveries themselves.
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.messages import say

LIMITED_ROUTES = ("/api/chat", "/api/chat/stream", "/api/feedback")
MAX_KEYS = 100_000  # oldest buckets are forgotten first, so random session ids cannot exhaust memory


class TokenBuckets:
    """Token buckets by key; `take(key)` returns 0 when allowed, else the seconds until a token."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, updated)

    def take(self, key: str) -> float:
        now = self._clock()
        tokens, updated = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - updated) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        return 0.0 if allowed else (1.0 - tokens) / self.rate


def client_ip(scope) -> str:
    # uvicorn has already replaced the peer by X-Forwarded-For when (and only when) the peer is a trusted
    # proxy (Settings.forwarded_allow_ips), so a client cannot pick its own bucket by inventing addresses.
    client = scope.get("client")
    return client[0] if client else "unknown"


def session_of(body: bytes) -> str | None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    session_id = data.get("session_id") if isinstance(data, dict) else None
    return session_id if isinstance(session_id, str) and 0 < len(session_id) <= 128 else None


async def send_error(send, status: int, code: str, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """The edge's JSON error shape (see channels/errors.py), for middleware that answers by itself."""
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())] + (headers or []),
    })
    await send({"type": "http.response.body", "body": body})


async def read_body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class RateLimitMiddleware:
    """Sits inside BodyLimitMiddleware, so the body it reads for the session id is already bounded."""

    def __init__(self, app) -> None:
        self.app = app
        self._by_ip: TokenBuckets | None = None
        self._by_session: TokenBuckets | None = None
        self._configured = False

    def _configure(self, settings) -> None:
        if not self._configured:
            self._configured = True
            if settings.rate_limit_ip_per_minute:
                self._by_ip = TokenBuckets(settings.rate_limit_ip_per_minute)
            if settings.rate_limit_session_per_minute:
                self._by_session = TokenBuckets(settings.rate_limit_session_per_minute)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in LIMITED_ROUTES:
            return await self.app(scope, receive, send)
        settings = scope["app"].state.settings
        self._configure(settings)
        if self._by_ip is not None:
            wait = self._by_ip.take(client_ip(scope))
            if wait:
                return await self._refuse(scope, send, wait, "rate_limit_ip")
        if self._by_session is None:
            return await self.app(scope, receive, send)
        body = await read_body(receive)
        session_id = session_of(body)
        if session_id is not None:
            wait = self._by_session.take(session_id)
            if wait:
                return await self._refuse(scope, send, wait, "rate_limit_session")
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect as usual

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(scope, send, wait: float, reason: str) -> None:
        from bot.channels.observability import metrics_of

        metrics_of(scope["app"]).refused.labels(reason).inc()
        seconds = max(1, math.ceil(wait))
        await send_error(send, 429, "rate_limited", say("error.rate_limited", seconds=seconds), [(b"retry-after", str(seconds).encode())])
