"""Reading a message against the session's last topic (no retrieval: the classification alone)."""

import pytest

from bot.answer import followup
from bot.answer.scope import detect_scope
from bot.corpus.store import organizations
from bot.types import Answer, Citation

ORGS = organizations()
STATE = {followup.KEY: {"query": "在外勤務はありますか", "named": [], "answered": ["mofa-tech"], "shown": ["u1"], "last_unit": "u1"}}


def resolve(message, docs_by_id, state=STATE):
    scope = detect_scope(message, docs_by_id, ORGS)
    return followup.resolve(message, scope.doc_ids, scope.matched, state, ORGS)


@pytest.mark.parametrize("message, intent", [
    ("他には？", "more"), ("ほかには", "more"), ("他にありますか？", "more"), ("他にも何かある？", "more"), ("それ以外は？", "more"),
    ("anything else?", "more"), ("What else?", "more"),
    ("もっと詳しく", "detail"), ("詳しく教えて", "detail"), ("もう少し詳しく教えてください", "detail"), ("more details", "detail"),
    ("Tell me more", "detail"),
    ("英語では？", "english"), ("英語でお願いします", "english"), ("in English?", "english"),
    ("それって何年目？", "refine"), ("その期間は？", "refine"), ("How long is that?", "refine"),
    ("外務省の場合は？", "organization"), ("入管は？", "organization"), ("入管庁の場合", "organization"),
    ("What about MOFA?", "organization"), ("外務省はどうですか？", "organization"), ("入管の総合職の話です", "organization"),
    ("外務省の場合です", "organization"), ("外務省のことなんですが", "organization"),
    ("語学研修は？", "swap"), ("じゃあ近畿は？", "swap"), ("外務省で働くにはどうすればいい？", "new"),
    ("Is there overtime at the Immigration Services Agency, and how much of it is there usually?", "new"),
])
def test_intents(docs_by_id, message, intent):
    assert resolve(message, docs_by_id).intent == intent


def test_follow_up_phrases_without_a_topic_are_not_guessed(docs_by_id):
    for message in ("他には？", "もっと詳しく", "英語では？"):
        assert resolve(message, docs_by_id, state={}).intent == "no_topic"
    assert resolve("外務省の場合は？", docs_by_id, state={}).intent == "new"


def test_organization_follow_up_keeps_the_query_and_changes_the_documents(docs_by_id):
    turn = resolve("外務省の場合は？", docs_by_id)
    assert turn.query == "在外勤務はありますか" and turn.doc_ids == {"mofa-tech"}


def test_refine_joins_the_topic_without_its_question(docs_by_id):
    turn = resolve("それって何年目？", docs_by_id)
    assert turn.query == "在外勤務 何年目？" and turn.topic == "在外勤務"
    assert turn.doc_ids == {"mofa-tech"} and turn.exclude == {"u1"}


def _answer(kind, *units):
    cites = tuple(Citation(n, "mofa-tech", "t", "外務省", "q", "u", unit, 0, 1) for n, unit in enumerate(units, 1))
    return Answer(kind, "text", cites)


def test_memory_accumulates_shown_passages_within_a_topic_and_resets_on_a_new_one(docs_by_id):
    state = followup.remember({}, resolve("在外勤務はありますか", docs_by_id, {}), _answer("answer", "a"), "ja")
    state = followup.remember(state, resolve("他には？", docs_by_id, state), _answer("answer", "b"), "ja")
    assert followup.Memory.of(state).shown == ("a", "b")
    state = followup.remember(state, resolve("研修制度は？", docs_by_id, state), _answer("answer", "c"), "ja")
    memory = followup.Memory.of(state)
    assert memory.shown == ("c",) and memory.query == "研修制度は？"


def test_a_fallback_on_a_new_topic_leaves_nothing_to_follow_up(docs_by_id):
    state = followup.remember({}, resolve("在外勤務はありますか", docs_by_id, {}), _answer("answer", "a"), "ja")
    state = followup.remember(state, resolve("今日の天気は？", docs_by_id, state), _answer("fallback"), "ja")
    assert followup.Memory.of(state).query == ""


def test_eligibility_turns_do_not_change_the_topic(docs_by_id):
    state = followup.remember({}, resolve("在外勤務はありますか", docs_by_id, {}), _answer("answer", "a"), "ja")
    after = followup.remember(state, resolve("1998年生まれです", docs_by_id, state), _answer("eligibility", "r"), "ja")
    assert after == state


def test_a_new_question_keeps_the_organization_named_before(docs_by_id):
    state = {followup.KEY: {"query": "IT人材の給与は？", "named": ["isa-it-2025"], "answered": ["isa-it-2025"], "shown": []}}
    turn = resolve("ボーナス以外の手当について教えてほしいです", docs_by_id, state)
    assert turn.intent == "new" and turn.carried and turn.doc_ids == {"isa-it-2025"}
    turn = resolve("ボーナス以外の手当は？", docs_by_id, state)  # a bare noun: possibly the last question again
    assert turn.intent == "swap" and turn.carried and turn.doc_ids == {"isa-it-2025"} and turn.topic == "IT人材の給与は？"
    turn = resolve("外務省の手当は？", docs_by_id, state)
    assert not turn.carried and turn.doc_ids == {"mofa-tech"}


def test_a_message_read_after_the_last_topic_drops_its_question_frame():
    state = {followup.KEY: {"query": "IT人材の選考について教えてください"}}
    assert followup.with_last_topic("結果はいつ？", state) == "IT人材の選考 結果はいつ？"
    assert followup.with_last_topic("結果はいつ？", {}) == "結果はいつ？"
