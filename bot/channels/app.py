"""create_app(): the FastAPI application with every router; the bot is loaded once at start-up."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot.channels import api, feedback, stream, web
from bot.channels.security import SecurityMiddleware
from bot.channels.errors import install_error_handlers
from bot.service import Bot, build_bot
from bot.settings import ROOT, Settings


def create_app(settings: Settings | None = None, bot: Bot | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Loading refuses a missing, corrupt or stale index by raising: the server does not start.
        app.state.bot = bot or build_bot(settings)
        yield
        if bot is None:
            app.state.bot.sessions.close()

    app = FastAPI(title="採用Q&Aボット", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(web.router)
    app.include_router(__import__("bot.channels.line", fromlist=["router"]).router)
    app.include_router(__import__("bot.channels.slack", fromlist=["router"]).router)
    app.include_router(stream.router)
    app.include_router(feedback.router)
    app.add_middleware(SecurityMiddleware)
    app.mount("/static", StaticFiles(directory=str(ROOT / "web" / "static")), name="static")
    return app
