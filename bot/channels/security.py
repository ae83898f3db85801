"""Security headers on every response, and CORS for /api/* limited to configured origins.

Pure ASGI (not BaseHTTPMiddleware) so the SSE stream passes through unbuffered.
Configuration is read from `app.state.settings` attributes when present:
  cors_origins: list[str] | comma-separated str — extra origins allowed to call /api/* (default: none)
  frame_ancestors: str — CSP frame-ancestors sources (default: 'self')
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from bot.messages import say

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def allowed_origins(settings) -> set[str]:
    raw = getattr(settings, "cors_origins", None) or []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    origins = {o.strip().rstrip("/") for o in items if o and o.strip()}
    public = _origin_of(getattr(settings, "public_base_url", "") or "")
    return origins | ({public} if public else set())


class SecurityMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        settings = scope["app"].state.settings
        extra: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"content-security-policy", CSP.format(frame_ancestors=getattr(settings, "frame_ancestors", None) or "'self'").encode()),
        ]
        origin = headers.get("origin")
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
        if scope["path"].startswith("/api/") and origin and origin != own:
            allowed = allowed_origins(settings)
            if origin in allowed or "*" in allowed:
                extra += [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"Origin")]
                if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
                    return await _plain(send, 204, b"", extra + [
                        (b"access-control-allow-methods", b"GET, POST"),
                        (b"access-control-allow-headers", b"Content-Type"),
                        (b"access-control-max-age", b"600"),
                    ])
            elif scope["method"] != "GET":
                # Refuse rather than merely hide the response: a "simple" cross-site POST would still run.
                body = json.dumps({"error": {"code": "origin_not_allowed", "message": say("error.validation", detail="このサイトからの利用は許可されていません")}}, ensure_ascii=False)
                return await _plain(send, 403, body.encode(), extra + [(b"content-type", b"application/json")])

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers + [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
