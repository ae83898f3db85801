"""Request body size limit, enforced before the body is read: by Content-Length, and while streaming a
chunked body (so a client that omits or lies about Content-Length still cannot make us buffer megabytes).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException

from bot.channels.ratelimit import send_error
from bot.messages import say

CHAT_ROUTES = ("/api/chat", "/api/chat/stream")


class BodyTooLarge(HTTPException):
    """The request body grew past the limit while being read."""

    def __init__(self) -> None:
        # An HTTPException, so FastAPI's body reader re-raises it instead of turning it into a 400.
        super().__init__(413)


def limit_for(path: str, settings) -> int:
    return settings.max_chat_body_bytes if path in CHAT_ROUTES else settings.max_body_bytes


def declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for key, value in headers:
        if key.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        limit = limit_for(scope["path"], scope["app"].state.settings)
        declared = declared_length(scope.get("headers", []))
        if declared is not None and declared > limit:
            return await self._refuse(scope, send, limit)
        received = 0
        exceeded = started = False

        async def counting_receive():
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def replacing_send(message) -> None:
            # Whatever the app answered to the interrupted read (its own 413, a 400 or 422), say one thing.
            nonlocal started
            if exceeded:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._refuse(scope, send, limit)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, replacing_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send, limit)
            # else: the 413 was already sent in place of the app's answer

    @staticmethod
    async def _refuse(scope, send, limit: int) -> None:
        from bot.channels.observability import metrics_of  # import here: observability imports errors, not us

        metrics_of(scope["app"]).refused.labels("body_too_large").inc()
        # Connection: close, because the rest of an oversized body is never read from the socket.
        await send_error(send, 413, "body_too_large", say("error.body_too_large", limit=limit), [(b"connection", b"close")])
