"""POST /api/chat/stream: the /api/chat answer as Server-Sent Events (delta chunks, then the final body)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from bot.channels.schema import ChatRequest, ErrorResponse, to_response

router = APIRouter()

# Answers are extractive, so the text exists in full before the first byte; sentence-sized chunks give
# the reader the same progressive display a generative model would, without a second code path.
_SENTENCE = re.compile(r".+?(?:[。！？!?]+[」』）)]*|\n|$)", re.S)


def chunks(text: str) -> list[str]:
    """Sentence-sized pieces whose concatenation is exactly `text`."""
    parts = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]
    return parts if "".join(parts) == text else [text]


def sse(event: str, data: dict) -> str:
    # One JSON line per event: newlines inside the answer can never break the SSE framing.
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def events(body: dict) -> Iterator[str]:
    for piece in chunks(body["answer"]):
        yield sse("delta", {"text": piece})
    yield sse("final", body)


@router.post(
    "/api/chat/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, 422: {"model": ErrorResponse}},
)
def chat_stream(body: ChatRequest, request: Request) -> StreamingResponse:
    # Validation (422) and the answer itself happen before streaming starts, so errors stay plain JSON.
    bot = request.app.state.bot
    session_id, answer = bot.pipeline.ask(body.message, body.session_id, bot.settings.current_date())
    return StreamingResponse(
        events(to_response(session_id, answer)),
        media_type="text/event-stream; charset=utf-8",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
