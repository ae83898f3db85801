"""Optional phrasing by a LangChain chat model, from the cited passages only.

The model sees the question and the numbered passages, nothing else (no session, no other documents).
Its reply is used only if it passes `generated_text_supported`; any error, timeout or doubt returns None
and the caller keeps the extractive answer. Eligibility verdicts never come here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from bot.answer.guard import generated_text_supported
from bot.settings import Settings
from bot.types import Citation

log = logging.getLogger(__name__)

# Instructions to the model, not user-facing text (hence not in the message catalog).
SYSTEM = {
    "ja": (
        "あなたは採用担当者です。質問に、与えられた資料の抜粋だけを根拠に、丁寧な日本語で簡潔に答えてください。"
        "抜粋にない数字・日付・名称は書かないでください。根拠とした抜粋の番号を文末に [1] のように付けてください。"
    ),
    "en": (
        "You are a recruitment officer. Answer the question concisely in English using only the numbered excerpts. "
        "Do not state any number, date or name that is not in the excerpts. Mark each sentence with the excerpt number it "
        "rests on, like [1]."
    ),
}


class GeneratorError(Exception):
    """The generator is configured inconsistently (e.g. no model name)."""


class Generator:
    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def prompt(self, question: str, citations: Sequence[Citation]) -> str:
        excerpts = "\n".join(f"[{c.n}] {c.quote}" for c in citations)
        return f"{excerpts}\n\n{question}"

    def phrase(self, question: str, citations: Sequence[Citation], lang: str) -> str | None:
        """The model's answer if it is faithful to the citations, else None (the caller stays extractive)."""
        if not citations:
            return None
        prompt = self.prompt(question, citations)
        try:
            reply = self.model.invoke([SystemMessage(SYSTEM.get(lang, SYSTEM["ja"])), HumanMessage(prompt)])
        except Exception as exc:  # timeouts, HTTP errors, refused connections: the extractive answer stands
            log.warning("generator failed, answering extractively: %s", type(exc).__name__)
            return None
        text = reply.content if isinstance(reply.content, str) else ""
        text = text.strip()
        quotes = [c.quote for c in citations]
        labels = [c.title for c in citations] + [c.organization for c in citations]
        if not text or not generated_text_supported(text, quotes, labels, lang):
            log.info("generated answer rejected by the guard; answering extractively")
            return None
        return text


def make_generator(settings: Settings) -> Generator | None:
    """The configured chat model, or None when BOT_GENERATOR=none (the default)."""
    if settings.generator == "none":
        return None
    if not settings.generator_model:
        raise GeneratorError("BOT_GENERATOR_MODEL を設定してください（例: gpt-4o-mini, llama3.1）。")
    if settings.generator == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.generator_api_key.get_secret_value() if settings.generator_api_key else "unused"
        model = ChatOpenAI(
            model=settings.generator_model,
            base_url=settings.generator_url or None,
            api_key=key,
            timeout=settings.generator_timeout,
            max_retries=0,  # a retry would double the wait; the extractive answer is always ready
            temperature=0,
        )
    else:
        from langchain_ollama import ChatOllama

        model = ChatOllama(
            model=settings.generator_model,
            base_url=settings.generator_url or None,
            temperature=0,
            client_kwargs={"timeout": settings.generator_timeout},
        )
    return Generator(model)
