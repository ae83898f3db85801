"""create_app(): the FastAPI application with every router; the bot is loaded once at start-up."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from bot.channels import api, feedback, stream, web
from bot.channels.limits import BodyLimitMiddleware
from bot.channels.observability import ObservabilityMiddleware, metrics_of
from bot.channels.observability import router as ops_router
from bot.channels.ratelimit import RateLimitMiddleware
from bot.channels.security import SecurityMiddleware
from bot.channels.errors import error_response, install_error_handlers
from bot.messages import say
from bot.service import Bot, build_bot
from bot.settings import ROOT, Settings
from bot.store import StoreUnavailable
from bot.store.retention import purge_expired, purge_periodically

log = logging.getLogger("bot.http")


def create_app(settings: Settings | None = None, bot: Bot | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Loading refuses a missing, corrupt or stale index by raising: the server does not start.
        app.state.bot = bot or build_bot(settings)
        # Expired session facts and old rows go at start-up, then periodically (every instance may do it: deletes are idempotent).
        await asyncio.to_thread(purge_expired, app.state.bot.store, settings)
        purger = asyncio.create_task(purge_periodically(app.state.bot.store, settings))
        yield
        purger.cancel()
        if bot is None:
            app.state.bot.store.close()

    app = FastAPI(title="採用Q&Aボット", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    metrics_of(app)
    install_error_handlers(app)
    app.add_exception_handler(StoreUnavailable, _store_unavailable)
    app.include_router(api.router)
    app.include_router(web.router)
    app.include_router(__import__("bot.channels.line", fromlist=["router"]).router)
    app.include_router(__import__("bot.channels.slack", fromlist=["router"]).router)
    app.include_router(stream.router)
    app.include_router(feedback.router)
    app.include_router(ops_router)  # /metrics, /readyz
    # Added innermost first: Observability > Security > BodyLimit > RateLimit > app, so refusals get
    # security headers and are counted, and the rate limiter only ever reads a bounded body.
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(SecurityMiddleware)
    app.add_middleware(ObservabilityMiddleware)
    app.mount("/static", StaticFiles(directory=str(ROOT / "web" / "static")), name="static")
    return app


async def _store_unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
    # The database is down or locked past every retry: a temporary condition, so 503 and when to come back.
    log.warning("store unavailable on %s: %s", request.url.path, exc)
    return error_response(503, "store_unavailable", say("error.not_ready", detail="データベースに接続できません"),
                          headers={"Retry-After": "5"})
