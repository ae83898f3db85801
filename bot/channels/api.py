"""POST /api/chat and GET /healthz."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.channels.schema import ChatRequest, ChatResponse, ErrorResponse, to_response

router = APIRouter()


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def chat(body: ChatRequest, request: Request) -> dict:
    bot = request.app.state.bot
    session_id, answer = bot.pipeline.ask(body.message, body.session_id, bot.settings.current_date())
    return to_response(session_id, answer)


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    bot = getattr(request.app.state, "bot", None)
    if bot is None:
        return JSONResponse({"status": "loading"}, status_code=503)
    manifest = bot.index.manifest
    return JSONResponse({"status": "ok", "units": manifest["units"], "embedder": manifest["embedder"]})
