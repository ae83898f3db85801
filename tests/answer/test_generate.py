"""The optional generator against a real OpenAI-compatible (and Ollama) HTTP server on 127.0.0.1.

The server's replies are scripted; the bot's guard decides whether a reply may replace the extractive answer.
"""

from __future__ import annotations

import time

import pytest

from bot.answer.generate import GeneratorError, make_generator
from bot.answer.guard import generated_text_supported
from bot.answer.pipeline import Pipeline
from bot.settings import Settings
from tests.conftest import TODAY
from tests.fake_llm import FakeLLM, Reply

QUESTION = "地方転勤はありますか"
# Faithful: every number, name and katakana word below is in the 入管庁 guide's passage on 地方官署.
FAITHFUL = "はい、あります。若手のうちは2年目のジョブローテーションの一環として地方官署で働くこととなり、大阪や名古屋等の大規模官署で1年間働くことがあります[1]。"


@pytest.fixture(scope="module")
def llm():
    with FakeLLM() as server:
        yield server


def _pipeline(bot, settings: Settings) -> Pipeline:
    p = bot.pipeline
    return Pipeline(bot.retriever, bot.sessions, eligibility=p.eligibility, thresholds=p.thresholds,
                    base_url=p.base_url, top_k=p.top_k, generator=make_generator(settings))


@pytest.fixture(scope="module")
def generating(bot, llm):
    settings = Settings(generator="openai", generator_url=f"{llm.url}/v1", generator_model="fake-model",
                        generator_timeout=1.0, generator_api_key="sk-test-not-a-secret")
    return _pipeline(bot, settings)


@pytest.fixture(scope="module")
def extractive(bot):
    answer = bot.pipeline.ask(QUESTION, None, TODAY)[1]
    assert answer.kind == "answer" and not answer.generated
    return answer


def test_faithful_reply_is_used_and_the_prompt_holds_only_passages_and_question(generating, llm, extractive):
    session, first = generating.ask("残業は多い？", None, TODAY)
    llm.reply(Reply(FAITHFUL))
    _, answer = generating.ask(QUESTION, session, TODAY)
    assert answer.generated and answer.kind == "answer"
    assert answer.text == FAITHFUL
    assert answer.citations == extractive.citations  # the same verbatim quotes back the phrasing
    assert len(llm.requests) == 1
    request = llm.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "fake-model"
    system, user = request["body"]["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    expected = "\n".join(f"[{c.n}] {c.quote}" for c in answer.citations) + "\n\n" + QUESTION
    assert user["content"] == expected
    # Nothing from the session (the earlier turn) and no other document reaches the model.
    assert "残業" not in user["content"] and all("残業" not in m["content"] for m in request["body"]["messages"])


@pytest.mark.parametrize("reply, why", [
    (FAITHFUL.replace("2年目", "3年目"), "a number not in the passage"),
    (FAITHFUL.replace("1年間", "五年間"), "a kanji number not in the passage"),
    (FAITHFUL.replace("大阪", "福岡入国管理局"), "an institution not in the passage"),
    (FAITHFUL.replace("ジョブローテーション", "テレワーク"), "a katakana word not in the passage"),
    (FAITHFUL.replace("[1]", "[2]"), "a marker with no citation"),
    (FAITHFUL.replace("[1]", ""), "no marker at all"),
    (FAITHFUL.replace("はい、あります。", "はい、2026年4月から全員が対象です。"), "an invented date"),
], ids=["number", "kanji-number", "institution", "katakana", "marker", "no-marker", "date"])
def test_unfaithful_reply_is_replaced_by_the_extractive_answer(generating, llm, extractive, reply, why):
    llm.reply(Reply(reply))
    _, answer = generating.ask(QUESTION, None, TODAY)
    assert len(llm.requests) == 1, why
    assert not answer.generated, why
    assert answer.text == extractive.text, why


def test_slow_reply_beyond_the_timeout_falls_back_to_extractive(generating, llm, extractive):
    llm.reply(Reply(FAITHFUL, delay=3.0))
    started = time.monotonic()
    _, answer = generating.ask(QUESTION, None, TODAY)
    elapsed = time.monotonic() - started
    assert not answer.generated and answer.text == extractive.text
    assert elapsed < 2.5  # the 1 s timeout cut the wait; no retry doubled it


def test_server_error_falls_back_to_extractive(generating, llm, extractive):
    llm.reply(Reply(status=500))
    _, answer = generating.ask(QUESTION, None, TODAY)
    assert len(llm.requests) == 1  # max_retries=0: one attempt only
    assert not answer.generated and answer.text == extractive.text


def test_unreachable_server_falls_back_to_extractive(bot, extractive):
    from tests.conftest import free_port

    settings = Settings(generator="openai", generator_url=f"http://127.0.0.1:{free_port()}/v1", generator_model="m",
                        generator_timeout=1.0)
    _, answer = _pipeline(bot, settings).ask(QUESTION, None, TODAY)
    assert not answer.generated and answer.text == extractive.text


def test_eligibility_verdicts_and_fallbacks_never_reach_the_model(generating, llm):
    llm.reply(Reply(FAITHFUL), Reply(FAITHFUL))
    _, verdict = generating.ask("2000年4月2日生まれで大学を2023年3月に卒業しました。国家公務員総合職の大卒程度試験を受けられますか？", None, TODAY)
    assert verdict.kind in ("eligibility", "clarify") and not verdict.generated
    _, fallback = generating.ask("おすすめのラーメン屋は？", None, TODAY)
    assert fallback.kind == "fallback" and not fallback.generated
    assert llm.requests == []


def test_stale_note_is_kept_after_a_generated_answer(generating, llm):
    question = "IT人材の選考の受付期間はいつまで？"
    _, plain = generating.ask(question, None, TODAY)  # nothing scripted: the server answers 500
    quote = plain.citations[0].quote
    assert "７月１８日" in quote or "7月18日" in quote
    llm.reply(Reply("受付期間は令和7年6月10日から7月18日までです[1]。"))
    _, answer = generating.ask(question, None, TODAY)
    assert answer.generated
    assert answer.text.startswith("受付期間は令和7年6月10日から7月18日までです[1]。")
    assert "受付期間が終了" in answer.text  # the freshness note is added after the model's text


def test_ollama_generator_uses_the_same_guard(bot, llm, extractive):
    settings = Settings(generator="ollama", generator_url=llm.url, generator_model="llama-fake", generator_timeout=2.0)
    pipeline = _pipeline(bot, settings)
    llm.reply(Reply(FAITHFUL))
    _, answer = pipeline.ask(QUESTION, None, TODAY)
    assert answer.generated and answer.text == FAITHFUL
    assert llm.requests[0]["path"] == "/api/chat"
    llm.reply(Reply(FAITHFUL.replace("2年目", "5年目")))
    _, answer = pipeline.ask(QUESTION, None, TODAY)
    assert not answer.generated and answer.text == extractive.text


def test_generator_is_off_by_default_and_needs_a_model():
    assert make_generator(Settings()) is None
    with pytest.raises(GeneratorError):
        make_generator(Settings(generator="openai"))


def test_api_key_is_secret():
    settings = Settings(generator="openai", generator_model="m", generator_api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(settings)


def test_guard_on_generated_text():
    quotes = ["採用予定数は１２７人です。令和７年７月１８日まで受付。TOEICを受験します。"]
    labels = ["人事院 障害者選考試験", "人事院"]
    assert generated_text_supported("採用予定数は127人です[1]。", quotes, labels, "ja")
    assert generated_text_supported("受付は2025年7月18日までです[1]。", quotes, labels, "ja")  # 和暦 = 西暦
    assert generated_text_supported("人事院によると、TOEICを受験します[1]。", quotes, labels, "ja")
    assert not generated_text_supported("採用予定数は百三十人です[1]。", quotes, labels, "ja")
    assert not generated_text_supported("受付は2026年7月18日までです[1]。", quotes, labels, "ja")
    assert not generated_text_supported("TOEFLを受験します[1]。", quotes, labels, "ja")
    assert not generated_text_supported("採用予定数は127人です。", quotes, labels, "ja")
    assert generated_text_supported("The planned intake is 127 people [1].", quotes, labels, "en")
    assert not generated_text_supported("The Cabinet Office plans 127 hires [1].", quotes, labels, "en")
