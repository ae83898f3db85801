"""Slack Events API via slack-bolt: signed requests only, answers in the thread, one answer per event."""

from __future__ import annotations

import logging
import re

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient

from bot.channels.dedupe import event_store
from bot.channels.errors import error_response
from bot.channels.formatting import slack_message
from bot.ingest.normalize import is_mostly_english
from bot.messages import say
from bot.types import Answer
from bot.settings import Settings

log = logging.getLogger("bot.channels.slack")
router = APIRouter()

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
MAX_QUESTION = 2000  # the same bound as /api/chat


@router.post("/integrations/slack/events")
async def slack_events(request: Request):
    integrations: Settings = request.app.state.settings
    if not integrations.slack_enabled:
        return error_response(404, "integration_disabled", say("channels.disabled", name="Slack"))
    handler = _handler(request.app, integrations, integrations.public_base_url.rstrip("/"))
    body = await request.body()
    # SlackRequestHandler.handle() would run the synchronous dispatch (signature check, the first auth.test)
    # on the event loop; the same adapter conversions in a worker thread keep the server responsive.
    response = await run_in_threadpool(handler.app.dispatch, to_bolt_request(request, body))
    return to_starlette_response(response)


def _handler(app: FastAPI, integrations: Settings, base_url: str) -> SlackRequestHandler:
    handler = getattr(app.state, "slack_handler", None)
    if handler is None or getattr(app.state, "slack_handler_for", None) is not integrations:
        handler = SlackRequestHandler(build_bolt_app(app, integrations, base_url))
        app.state.slack_handler, app.state.slack_handler_for = handler, integrations
    return handler


def build_bolt_app(app: FastAPI, integrations: Settings, base_url: str) -> App:
    client = WebClient(token=integrations.slack_bot_token.get_secret_value(), base_url=integrations.slack_api_base_url)
    # process_before_response=False (the default): bolt acknowledges, then runs listeners in its executor,
    # so Slack gets its 200 well within 3 s however long the answer takes.
    bolt = App(
        signing_secret=integrations.slack_signing_secret.get_secret_value(),
        client=client,
        token_verification_enabled=False,  # no network call at start-up; auth.test runs on the first event
        raise_error_for_unhandled_request=False,
    )
    store = event_store(app)

    @bolt.middleware
    def once_per_event(body, next, logger):  # noqa: A002 - bolt passes it by this name
        # Runs after bolt's signature check. Slack retries (X-Slack-Retry-Num) reuse the event_id.
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if body.get("type") == "event_callback" and event_id and not store.claim("slack", event_id):
            return BoltResponse(status=200, body="")
        return next()

    @bolt.event("app_mention")
    def on_mention(body, event, client):
        thread = event.get("thread_ts") or event["ts"]
        _answer(app, client, body, event, base_url, thread_ts=thread, key=thread)

    @bolt.event("message")
    def on_message(body, event, client):
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # channel messages arrive as app_mention; edits and bot posts are not questions
        # In a DM the conversation is the user's, so the session follows the user unless inside a thread.
        _answer(app, client, body, event, base_url, thread_ts=event.get("thread_ts"),
                key=event.get("thread_ts") or event.get("user", "unknown"))

    return bolt


def _answer(app: FastAPI, client: WebClient, body: dict, event: dict, base_url: str, thread_ts: str | None, key: str) -> None:
    if event.get("bot_id") or event.get("subtype"):
        return
    team = body.get("team_id") or event.get("team") or "T"
    channel = event["channel"]
    question = MENTION.sub("", event.get("text") or "").strip()[:MAX_QUESTION]
    lang = "en" if question and is_mostly_english(question) else "ja"
    if not question:
        answer = Answer("clarify", say("channels.empty_question", lang))
    else:
        try:
            bot = app.state.bot
            _, answer = bot.pipeline.ask(question, f"slack:{team}:{channel}:{key}", bot.settings.current_date())
        except Exception:
            log.exception("pipeline failed for Slack event %s", body.get("event_id"))
            answer = Answer("fallback", say("error.internal", lang))
    text, blocks = slack_message(answer, base_url, lang)
    kwargs = {"thread_ts": thread_ts} if thread_ts else {}
    client.chat_postMessage(channel=channel, text=text, blocks=blocks, unfurl_links=False, unfurl_media=False, **kwargs)
