"""Turning bad input and unexpected failures into clear Japanese JSON errors (never a stack trace)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.channels.schema import MAX_MESSAGE
from bot.messages import say

log = logging.getLogger("bot.http")


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def describe_validation(exc: RequestValidationError) -> tuple[str, str]:
    for err in exc.errors():
        kind = err.get("type", "")
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        field = loc[0] if loc else ""
        if kind in ("json_invalid", "json_decode"):
            return "invalid_json", say("error.invalid_json")
        if field == "message" and kind in ("string_too_short", "missing"):
            return "message_empty", say("error.message_empty")
        if field == "message" and kind == "string_too_long":
            return "message_too_long", say("error.message_too_long")
        if not loc and kind in ("model_attributes_type", "dict_type", "missing"):
            return "invalid_body", say("error.validation", detail="JSONオブジェクト {\"message\": \"質問\"} を送ってください")
    first = exc.errors()[0] if exc.errors() else {}
    field = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    return "invalid_request", say("error.validation", detail=f"{field} の形式が正しくありません（message は1〜{MAX_MESSAGE}文字の文字列、session_id は文字列か null）")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        code, message = describe_validation(exc)
        return error_response(422, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI's answer to a body it cannot decode
            return error_response(422, "invalid_json", say("error.invalid_json"))
        if exc.status_code == 404:
            return error_response(404, "not_found", say("error.not_found"))
        if exc.status_code == 405:
            return error_response(405, "method_not_allowed", say("error.validation", detail="このURLではそのメソッドは使えません"))
        return error_response(exc.status_code, "http_error", str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(500, "internal_error", say("error.internal"))
