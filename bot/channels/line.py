"""LINE Messaging API webhook: verify, acknowledge at once, answer in the background with the web's pipeline."""

from __future__ import annotations

import logging
import threading
import uuid

from fastapi import APIRouter, BackgroundTasks, FastAPI, Request
from fastapi.responses import JSONResponse
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessageAction,
    MessagingApi,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)
from linebot.v3.webhooks import MessageEvent, TextMessageContent

from bot.channels.dedupe import event_store
from bot.channels.errors import error_response
from bot.channels.formatting import line_texts, quick_reply_items
from bot.ingest.normalize import is_mostly_english
from bot.messages import say
from bot.types import Answer
from bot.settings import Settings

log = logging.getLogger("bot.channels.line")
router = APIRouter()

LOADING_AFTER = 1.0  # seconds: quick answers arrive before the animation would even be noticed
LOADING_SECONDS = 20  # LINE accepts 5–60 in steps of 5; the answer message ends it earlier
MAX_QUESTION = 2000  # the same bound as /api/chat


def disabled(name: str) -> JSONResponse:
    return error_response(404, "integration_disabled", say("channels.disabled", name=name))


@router.post("/integrations/line/webhook")
async def line_webhook(request: Request, background: BackgroundTasks) -> JSONResponse:
    integrations: Settings = request.app.state.settings
    if not integrations.line_enabled:
        return disabled("LINE")
    body = (await request.body()).decode("utf-8", errors="replace")
    parser = WebhookParser(integrations.line_channel_secret.get_secret_value())
    try:
        # parse() checks X-Line-Signature (HMAC-SHA256 of the raw body) before it reads any JSON.
        events = parser.parse(body, request.headers.get("X-Line-Signature", ""))
    except InvalidSignatureError:
        log.warning("LINE webhook with an invalid signature rejected")
        return error_response(400, "invalid_signature", say("channels.bad_signature"))
    except ValueError:
        return error_response(400, "invalid_json", say("error.invalid_json"))
    store = event_store(request.app)
    fresh = [e for e in events if _wanted(e) and store.claim("line", e.webhook_event_id)]
    if fresh:
        # Sent after the 200 goes out: LINE wants the acknowledgement quickly and retries otherwise.
        background.add_task(_handle_events, request.app, integrations, integrations.public_base_url.rstrip("/"), fresh)
    return JSONResponse({})


def _wanted(event) -> bool:
    # Standby-mode events belong to another channel module; only message events get an answer.
    return isinstance(event, MessageEvent) and getattr(event, "mode", "active") != "standby" and bool(event.webhook_event_id)


def _handle_events(app: FastAPI, integrations: Settings, base_url: str, events: list[MessageEvent]) -> None:
    config = Configuration(host=integrations.line_api_base_url.rstrip("/"),
                           access_token=integrations.line_channel_access_token.get_secret_value())
    with ApiClient(config) as client:
        api = MessagingApi(client)
        for event in events:
            try:
                _handle_event(app, api, base_url, event)
            except Exception:  # one bad event must not drop the others
                log.exception("LINE event %s failed", event.webhook_event_id)


def _handle_event(app: FastAPI, api: MessagingApi, base_url: str, event: MessageEvent) -> None:
    source = event.source
    user_id = getattr(source, "user_id", None) or "unknown"
    to = getattr(source, "group_id", None) or getattr(source, "room_id", None) or user_id
    if not isinstance(event.message, TextMessageContent):
        _send(api, event, to, [TextMessage(text=say("channels.non_text"))])
        return
    question = (event.message.text or "").strip()[:MAX_QUESTION]
    lang = "en" if question and is_mostly_english(question) else "ja"
    if not question:
        _send(api, event, to, [TextMessage(text=say("channels.empty_question", lang))])
        return
    # The loading animation exists only in one-to-one chats, and only slow answers need it.
    timer = None
    if getattr(source, "type", "") == "user" and user_id != "unknown":
        timer = threading.Timer(LOADING_AFTER, _show_loading, (api, user_id))
        timer.daemon = True
        timer.start()
    try:
        answer = _ask(app, question, f"line:{user_id}")
    except Exception:
        log.exception("pipeline failed for LINE event %s", event.webhook_event_id)
        answer = Answer("fallback", say("error.internal", lang))
    finally:
        if timer is not None:
            timer.cancel()
    _send(api, event, to, to_line_messages(answer, base_url, lang))


def _ask(app: FastAPI, question: str, session_id: str) -> Answer:
    bot = app.state.bot
    _, answer = bot.pipeline.ask(question, session_id, bot.settings.current_date())
    return answer


def to_line_messages(answer: Answer, base_url: str, lang: str) -> list[TextMessage]:
    texts = line_texts(answer, base_url, lang)
    items = quick_reply_items(answer)
    messages = [TextMessage(text=t) for t in texts]
    if items:
        # Quick replies show only under the last message of a batch.
        messages[-1] = TextMessage(text=texts[-1], quick_reply=QuickReply(
            items=[QuickReplyItem(action=MessageAction(label=label, text=text)) for label, text in items]))
    return messages


def _show_loading(api: MessagingApi, user_id: str) -> None:
    try:
        api.show_loading_animation(ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=LOADING_SECONDS))
    except Exception as exc:  # cosmetic: never let it stop the answer
        log.info("LINE loading animation not shown: %s", type(exc).__name__)


def _send(api: MessagingApi, event: MessageEvent, to: str, messages: list[TextMessage]) -> None:
    """Reply with the token; push only when LINE says the token is invalid or expired."""
    try:
        api.reply_message(ReplyMessageRequest(reply_token=event.reply_token, messages=messages))
        return
    except ApiException as exc:
        if not _token_expired(exc):
            raise
        log.info("LINE reply token unusable for event %s; pushing instead", event.webhook_event_id)
    # A retry key derived from the event makes LINE drop a duplicate push if this one is retried.
    retry_key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"line-event:{event.webhook_event_id}"))
    api.push_message(PushMessageRequest(to=to, messages=messages), x_line_retry_key=retry_key)


def _token_expired(exc: ApiException) -> bool:
    text = f"{exc.body or ''} {exc.reason or ''}".lower()
    return exc.status == 400 and ("reply token" in text or "expired" in text)
