"""Request ids, JSON access logs, Prometheus `/metrics`, and `/readyz` (index loaded + store answers).

Pure ASGI (like SecurityMiddleware) so SSE streams pass through unbuffered. It is the outermost
middleware, so 413/429 refusals and 500s are counted and logged like every other response.
User text is never logged: only lengths, the answer kind and a short hash of the session id.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from starlette.responses import Response

from bot.channels.errors import error_response
from bot.logs import request_id_var
from bot.messages import say

log = logging.getLogger("bot.access")
disable_created_metrics()  # `*_created` series double the output and nobody here graphs them
router = APIRouter()

REQUEST_ID_HEADER = b"x-request-id"
_GOOD_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Bodies of these POST routes are small (see channels/limits.py), so a copy can be parsed for metrics.
_ANSWER_ROUTES = {"/api/chat": "api", "/api/chat/stream": "stream"}
_FEEDBACK_ROUTE = "/api/feedback"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """One registry per app, so several apps in one process (tests) never share counters."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("bot_http_requests", "HTTP requests by method, route template and status", ["method", "route", "status"], registry=r)
        self.latency = Histogram("bot_http_request_duration_seconds", "Time to the last response byte", ["route"], buckets=LATENCY_BUCKETS, registry=r)
        self.in_flight = Gauge("bot_http_requests_in_flight", "Requests being handled now", registry=r)
        self.answers = Counter("bot_answers", "Answers by kind (fallback rate = kind=fallback / all)", ["kind", "retrieval_mode", "channel"], registry=r)
        self.feedback = Counter("bot_feedback", "Feedback received by rating", ["rating"], registry=r)
        self.refused = Counter("bot_refused_requests", "Requests refused before the handler (rate limit, body size)", ["reason"], registry=r)
        self.cache_hits = Gauge("bot_query_cache_hits", "Query-embedding LRU hits since start", registry=r)
        self.cache_misses = Gauge("bot_query_cache_misses", "Query-embedding LRU misses since start", registry=r)
        self.cache_size = Gauge("bot_query_cache_entries", "Query vectors held in the LRU", registry=r)


def metrics_of(app) -> Metrics:
    metrics = getattr(app.state, "metrics", None)
    if metrics is None:
        metrics = app.state.metrics = Metrics()
    return metrics


def incoming_request_id(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's X-Request-ID when it is a sane token (so ids join across hops), else a new one."""
    for key, value in headers:
        if key.lower() == REQUEST_ID_HEADER:
            text = value.decode("latin-1")
            if _GOOD_REQUEST_ID.match(text):
                return text
    return uuid.uuid4().hex


def _route_label(scope) -> str:
    route = getattr(scope.get("route"), "path", None)
    if route is None and scope.get("app") is not None and hasattr(scope["app"], "openapi"):
        # Refused before routing (413/429): name it by its literal path when that is a documented route.
        path = scope["path"]
        route = path if path in scope["app"].openapi().get("paths", {}) else None
    # Unmatched paths share one label so that scanners cannot blow up the metric's cardinality.
    return route or "unmatched"


def _session_hash(session_id) -> str | None:
    if not isinstance(session_id, str) or not session_id:
        return None
    return hashlib.sha256(session_id.encode()).hexdigest()[:12]


def _final_answer(route: str, body: bytes) -> dict | None:
    """The /api/chat body, or the `final` event of the stream."""
    try:
        if route == "/api/chat":
            return json.loads(body)
        text = body.decode("utf-8")
        marker = text.rfind("event: final\ndata: ")
        if marker < 0:
            return None
        return json.loads(text[marker + len("event: final\ndata: "):].split("\n", 1)[0])
    except (ValueError, UnicodeDecodeError):
        return None


def _request_json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


class ObservabilityMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        app = scope["app"]
        metrics = metrics_of(app)
        request_id = incoming_request_id(scope.get("headers", []))
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        path, method = scope["path"], scope["method"]
        keep_request = method == "POST" and (path in _ANSWER_ROUTES or path == _FEEDBACK_ROUTE)
        keep_response = method == "POST" and path in _ANSWER_ROUTES
        request_body, response_body = bytearray(), bytearray()
        status = 500
        started = time.perf_counter()

        async def tee_receive():
            message = await receive()
            if keep_request and message["type"] == "http.request":
                request_body.extend(message.get("body", b""))
            return message

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() != REQUEST_ID_HEADER]
                message["headers"].append((REQUEST_ID_HEADER, request_id.encode()))
            elif message["type"] == "http.response.body" and keep_response and status == 200:
                response_body.extend(message.get("body", b""))
            await send(message)

        metrics.in_flight.inc()
        try:
            await self.app(scope, tee_receive, send_with_id)
        except Exception:
            status = 500
            raise
        finally:
            elapsed = time.perf_counter() - started
            metrics.in_flight.dec()
            route = _route_label(scope)
            metrics.requests.labels(method, route, str(status)).inc()
            metrics.latency.labels(route).observe(elapsed)
            fields = {"method": method, "route": route, "status": status, "duration_ms": round(elapsed * 1000, 1)}
            if keep_request:
                fields.update(self._facts(app, metrics, path, status, bytes(request_body), bytes(response_body)))
            log.info("request", extra={"fields": fields})
            request_id_var.reset(token)

    @staticmethod
    def _facts(app, metrics: Metrics, path: str, status: int, request_body: bytes, response_body: bytes) -> dict:
        """Metrics and log fields from the bodies: lengths and kinds only, never the text."""
        sent = _request_json(request_body)
        fields: dict[str, object] = {"body_bytes": len(request_body)}
        if isinstance(sent.get("message"), str):
            fields["message_chars"] = len(sent["message"])
        if path == _FEEDBACK_ROUTE:
            if status == 201 and sent.get("rating") in ("up", "down"):
                metrics.feedback.labels(sent["rating"]).inc()
                fields["rating"] = sent["rating"]
            return fields
        answer = _final_answer(path, response_body) if status == 200 else None
        if answer is not None:
            bot = getattr(app.state, "bot", None)
            mode = getattr(getattr(bot, "retriever", None), "mode", "unknown")
            kind = str(answer.get("kind", "unknown"))
            metrics.answers.labels(kind, mode, _ANSWER_ROUTES[path]).inc()
            fields.update(kind=kind, citations=len(answer.get("citations") or []), session=_session_hash(answer.get("session_id")))
        return fields


def _update_cache_gauges(app, metrics: Metrics) -> None:
    embedder = getattr(getattr(app.state, "bot", None), "embedder", None)
    stats = getattr(embedder, "cache_stats", None)
    if callable(stats):
        hits, misses, size = stats()
        metrics.cache_hits.set(hits)
        metrics.cache_misses.set(misses)
        metrics.cache_size.set(size)


@router.get("/metrics", include_in_schema=False)
def metrics_endpoint(request: Request) -> Response:
    metrics = metrics_of(request.app)
    _update_cache_gauges(request.app, metrics)
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


class StoreNotReady(Exception):
    """The store did not answer its ping."""


def ping_store(bot) -> None:
    """Raise if the store cannot answer a trivial query now (Store.ping() returns False then)."""
    store = getattr(bot, "store", None)
    if store is not None:
        if store.ping() is False:
            raise StoreNotReady
    else:
        bot.sessions.load("readyz-probe")  # older bots without the store layer: a real SELECT


@router.get("/readyz", include_in_schema=False)
def readyz(request: Request) -> JSONResponse:
    bot = getattr(request.app.state, "bot", None)
    if bot is None:
        return error_response(503, "not_ready", say("error.not_ready", detail="索引を読み込み中です"))
    try:
        ping_store(bot)
    except Exception as exc:  # any failure means "do not route traffic here"; the reason goes to the log
        log.warning("store not ready", extra={"fields": {"error": type(exc).__name__}})
        return error_response(503, "store_unavailable", say("error.not_ready", detail="データベースに接続できません"))
    return JSONResponse({"status": "ready", "index": {"units": bot.index.manifest["units"]}, "store": "ok"})
