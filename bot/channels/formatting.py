"""Pure functions shaping an Answer for LINE and Slack: splitting, quick replies, source lists, Block Kit."""

from __future__ import annotations

import re

from bot.messages import say
from bot.types import Answer, Citation

LINE_MAX_MESSAGES = 5  # per reply / push request
LINE_MAX_TEXT = 5000  # UTF-16 code units per text message
LINE_MAX_QUICK_REPLIES = 13
LINE_MAX_LABEL = 20
LINE_MAX_ACTION_TEXT = 300
SLACK_MAX_SECTION = 3000  # characters per section block text
SLACK_MAX_CONTEXT_ELEMENTS = 10
SLACK_MAX_BLOCKS = 50

SENTENCE = re.compile(r"[^。！？\n]*(?:[。！？]+[」』）)]*|\n+|$)")


def utf16_len(text: str) -> int:
    # LINE counts UTF-16 code units: characters outside the BMP (𠮷, emoji) count twice.
    return len(text.encode("utf-16-le")) // 2


def _hard_split(text: str, limit: int, measure) -> list[str]:
    out, current, size = [], [], 0
    for ch in text:
        width = measure(ch)
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    if current:
        out.append("".join(current))
    return out


def split_text(text: str, limit: int = LINE_MAX_TEXT, measure=utf16_len) -> list[str]:
    """Chunks of at most `limit` units, broken after 。！？ or a newline; "".join(result) == text."""
    pieces = [m.group() for m in SENTENCE.finditer(text) if m.group()]
    chunks: list[str] = []
    current, size = "", 0
    for piece in pieces:
        width = measure(piece)
        if width > limit:  # one sentence longer than a message: cut it where it must be cut
            if current:
                chunks.append(current)
            parts = _hard_split(piece, limit, measure)
            chunks.extend(parts[:-1])
            current, size = parts[-1], measure(parts[-1])
            continue
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += piece
        size += width
    if current:
        chunks.append(current)
    return chunks


def link_for(citation: Citation, base_url: str) -> str | None:
    """An https link to the cited passage, or None: links go out only when the public origin is known."""
    url = citation.url
    if url.startswith("/") and base_url:
        url = base_url.rstrip("/") + url
    return url if url.startswith("https://") else None


def sources_text(citations: tuple[Citation, ...], base_url: str, lang: str = "ja") -> str:
    lines = [say("channels.sources_header", lang)]
    for c in citations:
        lines.append(f"[{c.n}] {c.title}（{c.organization}）")
        link = link_for(c, base_url)
        if link:
            lines.append(link)
    return "\n".join(lines)


def line_texts(answer: Answer, base_url: str, lang: str = "ja") -> list[str]:
    """At most five text messages: the answer split at sentence ends, then the source list."""
    tail = [sources_text(answer.citations, base_url, lang)] if answer.citations else []
    body = [c.strip() for c in split_text(answer.text.strip()) if c.strip()] or [answer.text.strip() or "…"]
    room = LINE_MAX_MESSAGES - len(tail)
    if len(body) > room:
        note = "\n" + say("channels.truncated", lang)
        body = body[:room]
        last = split_text(body[-1], LINE_MAX_TEXT - utf16_len(note))[0]
        body[-1] = last + note
    return [*body, *tail]


def _label(text: str) -> str:
    return text if len(text) <= LINE_MAX_LABEL else text[: LINE_MAX_LABEL - 1] + "…"


def quick_reply_items(answer: Answer) -> list[tuple[str, str]]:
    """(label, text to send) pairs for LINE quick-reply buttons: suggestions and clarify choices."""
    out: list[tuple[str, str]] = []
    seen = set()
    for suggestion in answer.suggestions:
        text = suggestion.strip()[:LINE_MAX_ACTION_TEXT]
        if text and text not in seen:
            seen.add(text)
            out.append((_label(text), text))
    return out[:LINE_MAX_QUICK_REPLIES]


def slack_escape(text: str) -> str:
    # Slack mrkdwn treats &, < and > as control characters.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(answer: Answer, base_url: str, lang: str = "ja") -> tuple[str, list[dict]]:
    """(notification text, blocks): the answer in sections, citations and suggestions in context blocks."""
    body = answer.text.strip() or "…"
    blocks: list[dict] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(chunk)}}
        # Measured after escaping, since &amp; and &lt; count against Slack's limit too.
        for chunk in split_text(body, SLACK_MAX_SECTION, measure=lambda s: len(slack_escape(s))) if chunk.strip()
    ]
    if answer.citations:
        elements = [{"type": "mrkdwn", "text": say("channels.sources_header", lang)}]
        for c in answer.citations[: SLACK_MAX_CONTEXT_ELEMENTS - 1]:
            title = slack_escape(f"{c.title}（{c.organization}）")
            link = link_for(c, base_url)
            elements.append({"type": "mrkdwn", "text": f"[{c.n}] <{link}|{title}>" if link else f"[{c.n}] {title}"})
        blocks.append({"type": "context", "elements": elements})
    if answer.suggestions:
        listed = " / ".join(slack_escape(s) for s in answer.suggestions)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"{say('channels.suggestions_header', lang)} {listed}"}]})
    return body[:SLACK_MAX_SECTION], blocks[:SLACK_MAX_BLOCKS]
