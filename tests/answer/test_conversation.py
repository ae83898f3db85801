"""Multi-turn conversations over the real corpus and index: follow-ups, clarification, freshness,
suggestions, English, and sessions that survive a restart and expire."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest

from bot.answer import followup
from bot.answer.freshness import closed_on, is_stale
from bot.answer.guard import numbers_supported
from bot.answer.pipeline import Pipeline
from bot.sessions import SessionStore
from tests.conftest import TODAY, assert_answered_from

ISA, MOFA = "出入国在留管理庁", "外務省"


@pytest.fixture
def chat(bot):
    """One conversation: each call continues the same session."""

    class Chat:
        session: str | None = None

        def __call__(self, message: str, today: date = TODAY):
            self.session, answer = bot.pipeline.ask(message, self.session, today)
            return answer

        def state(self) -> dict:
            return bot.sessions.load(self.session)

    return Chat()


def orgs(answer) -> set[str]:
    return {c.organization for c in answer.citations}


def units(answer) -> set[str]:
    return {c.unit_id for c in answer.citations}


def quotes_verbatim(answer, docs_by_id) -> bool:
    return all(docs_by_id[c.doc_id].text[c.start : c.end] == c.quote for c in answer.citations)


# --- follow-ups ---------------------------------------------------------------------------------------

def test_organization_follow_up_keeps_the_topic(chat, docs_by_id):
    first = chat("海外勤務はありますか")
    assert first.kind in ("answer", "clarify") and first.citations
    mofa = chat("外務省の場合は？")
    assert mofa.kind == "answer" and orgs(mofa) == {MOFA}
    assert "在外" in mofa.text or "海外" in mofa.text  # still about working abroad
    isa = chat("入管は？")
    assert isa.kind == "answer" and orgs(isa) == {ISA}
    assert "在外" in isa.text or "海外" in isa.text
    assert quotes_verbatim(mofa, docs_by_id) and quotes_verbatim(isa, docs_by_id)


def test_pronoun_follow_up_asks_about_the_last_topic_in_the_same_organization(chat):
    first = chat("外務省の在外勤務について教えて")
    assert first.kind == "answer" and orgs(first) == {MOFA}
    follow = chat("それって何年目？")
    assert follow.kind == "answer" and orgs(follow) == {MOFA}
    assert not units(follow) <= units(first)  # something the first answer did not already quote
    assert "在外" in follow.text  # the topic carried over, not a random passage about 年目


def test_others_gives_the_next_best_passages_not_yet_shown(chat, docs_by_id):
    first = chat("地方転勤はありますか")
    assert first.kind == "answer"
    seen = units(first)
    answered = 0
    for _ in range(12):
        more = chat("他には？")
        if more.kind == "fallback":
            break
        answered += 1
        assert more.kind == "answer" and more.citations
        assert not units(more) & seen, "a passage already shown came back"
        assert quotes_verbatim(more, docs_by_id)
        seen |= units(more)
    assert answered >= 2
    # The topic runs out after the ranks a first answer would consider: then it says so, with contacts.
    assert more.kind == "fallback" and "これ以上の記載" in more.text
    assert answered < 12


def test_others_stays_within_the_named_organization(chat):
    chat("外務省の研修制度は？")
    for _ in range(3):
        more = chat("他には？")
        assert more.kind in ("answer", "fallback")
        if more.kind == "answer":
            assert orgs(more) == {MOFA}


def test_more_detail_continues_in_the_same_document(chat):
    first = chat("外務省の本省勤務と在外勤務のサイクルは？")
    assert first.kind == "answer"
    detail = chat("もっと詳しく")
    assert detail.kind == "answer"
    assert {c.doc_id for c in detail.citations} <= {c.doc_id for c in first.citations}
    assert not units(detail) & units(first)


def test_english_please_repeats_the_last_answer_in_english_framing(chat):
    first = chat("外務省の語学研修は？")
    assert first.kind == "answer"
    english = chat("英語では？")
    assert english.kind == "answer"
    assert english.text.startswith("According to")
    assert [c.unit_id for c in english.citations] == [c.unit_id for c in first.citations]
    assert english.citations[0].quote in first.citations[0].quote or first.citations[0].quote in english.citations[0].quote


def test_a_new_explicit_topic_replaces_topic_and_organization(chat):
    chat("外務省の在外勤務について教えて")
    it = chat("IT人材の選考の受付期間はいつまで？")
    assert it.kind == "answer" and {c.doc_id for c in it.citations} == {"isa-it-2025"}
    more = chat("他には？")
    assert more.kind == "answer" and {c.doc_id for c in more.citations} == {"isa-it-2025"}  # follows the new topic
    memory = followup.Memory.of(chat.state())
    assert memory.query == "IT人材の選考の受付期間はいつまで？" and memory.named == ("isa-it-2025",)


@pytest.mark.parametrize("first, second, doc_id", [
    ("IT人材の給与は？", "ボーナス以外の手当は？", "isa-it-2025"),
    ("外務省の技術職って出張ある？", "海外だとどんな用事？", "mofa-tech"),
    ("外務省で初めての在外勤務はどのあたりの国が多いですか。", "希望は聞いてもらえますか。", "mofa-tech"),
])
def test_a_question_naming_no_organization_stays_with_the_one_named_before(chat, first, second, doc_id):
    assert {c.doc_id for c in chat(first).citations} == {doc_id}
    follow = chat(second)
    assert follow.kind == "answer" and {c.doc_id for c in follow.citations} == {doc_id}


def test_a_follow_up_too_short_to_stand_alone_is_asked_about_the_last_topic(chat):
    chat("IT人材の一次選考って何で判断されるの？")
    follow = chat("結果はいつ頃わかる？")
    assert follow.kind == "answer" and any("一次選考合格発表日" in c.quote for c in follow.citations)


def test_a_follow_up_answered_on_its_own_is_read_with_the_topic_when_that_is_clearly_surer(chat):
    chat("外務省の技術職って出張はある？")
    follow = chat("海外だとどういう用事なの？")  # alone, it finds 在外での暮らし; with the topic, Q8's 海外出張
    assert follow.kind == "answer" and any("海外出張の場合は" in c.quote for c in follow.citations)


def test_a_follow_up_asking_for_other_things_is_not_read_with_the_topic():
    assert followup.asks_for_others("他にはどんな子育ての制度がある？")
    assert followup.asks_for_others("What other leave is there?")
    assert not followup.asks_for_others("海外だとどういう用事なの？")


def test_the_carried_organization_gives_way_when_it_has_little_on_the_new_topic(chat, bot):
    assert orgs(chat("外務省の宿舎は？")) == {MOFA}
    follow = chat("残業は多いですか")
    assert follow.kind in ("answer", "clarify") and ISA in orgs(follow)
    # Asked with the 外務省 scope forced, the best passage is far less certain: that is why it gave way.
    scoped = bot.retriever.search("残業は多いですか", 8, doc_ids=frozenset({"mofa-tech"}))
    assert bot.pipeline.confidence(scoped) + followup.CARRY_MARGIN <= follow.confidence


def test_follow_up_without_a_topic_is_not_guessed(ask):
    for message in ("他には？", "もっと詳しく", "英語では？"):
        _, answer = ask(message)
        assert answer.kind == "clarify" and not answer.citations, message
        assert "どの話題" in answer.text
    _, answer = ask("外務省の場合は？")
    assert answer.kind != "answer" or orgs(answer) == {MOFA}


# --- clarification ------------------------------------------------------------------------------------

# Topics both guides speak of, in applicants' words; most are answered differently by each organization.
SHARED_TOPICS = ["転勤はありますか", "在外勤務はありますか", "海外勤務はありますか", "研修制度はありますか", "語学研修はありますか",
                 "育休は取れますか", "残業は多いですか", "英語が苦手でも大丈夫？", "職場の雰囲気はどうですか", "宿舎はありますか"]


def test_ambiguous_topics_ask_which_organization_and_a_choice_answers_for_it(bot):
    clarified = 0
    for topic in SHARED_TOPICS:
        for pick in (0, 1):
            session, first = bot.pipeline.ask(topic, None, TODAY)
            if first.kind != "clarify":
                break
            clarified += pick == 0
            assert orgs(first) == {ISA, MOFA}, topic
            assert len(first.suggestions) == 2 and len(first.citations) == 2
            offered = first.citations[pick]
            # Tapping the suggestion sends its text exactly; the answer is the passage offered for that organization.
            _, chosen = bot.pipeline.ask(first.suggestions[pick], session, TODAY)
            assert chosen.kind == "answer", (topic, first.suggestions[pick])
            assert [c.unit_id for c in chosen.citations] == [offered.unit_id], topic
            assert orgs(chosen) == {offered.organization}
    assert clarified >= 4  # the check above must not pass by nothing clarifying


@pytest.mark.parametrize("named, org", [("外務省", MOFA), ("入管", ISA), ("入管庁", ISA), ("出入国在留管理庁", ISA)])
def test_an_organization_named_in_the_first_question_never_triggers_clarify(ask, named, org):
    answered = 0
    for topic in SHARED_TOPICS:
        _, answer = ask(f"{named}の{topic}")
        assert answer.kind != "clarify", (named, topic)
        if answer.kind == "answer":
            answered += 1
            assert orgs(answer) == {org}, (named, topic)
    assert answered >= len(SHARED_TOPICS) - 2


def test_naming_an_organization_in_words_after_a_clarify(chat):
    first = chat("英語が苦手でも大丈夫？")
    assert first.kind == "clarify"
    offered = {c.organization: c.unit_id for c in first.citations}
    answer = chat("外務省はどうですか？")
    assert answer.kind == "answer" and [c.unit_id for c in answer.citations] == [offered[MOFA]]
    answer = chat("what about ISA?")
    assert answer.kind == "answer" and orgs(answer) == {ISA}



# --- freshness ----------------------------------------------------------------------------------------

IT_QUESTION = "IT人材の選考の受付期間はいつまで？"
DISABILITY_QUESTION = "障害者選考で関東甲信越の採用予定数は何人？"


@pytest.mark.parametrize("question, doc_id, before, after, contact_part", [
    (IT_QUESTION, "isa-it-2025", date(2025, 7, 18), date(2025, 7, 19), "045―370―9755"),
    (DISABILITY_QUESTION, "npa-disability-2019", date(2019, 6, 26), date(2019, 6, 27), "人事院人材局試験課"),
])
def test_closed_recruitment_is_flagged_only_after_it_closed(ask_on, question, doc_id, before, after, contact_part):
    _, open_answer = ask_on(question, before)
    assert open_answer.kind == "answer" and doc_id in {c.doc_id for c in open_answer.citations}
    assert "受付期間が終了" not in open_answer.text
    _, closed = ask_on(question, after)
    assert closed.kind == "answer"
    assert "受付期間が終了" in closed.text and contact_part in closed.text  # says where to find current information
    assert numbers_supported(closed.text.split("※")[0], [c.quote for c in closed.citations])


def test_follow_ups_on_a_closed_recruitment_keep_the_note(chat):
    assert "受付期間が終了" in chat(IT_QUESTION).text
    more = chat("他には？")
    assert more.kind == "answer" and "受付期間が終了" in more.text
    english = chat("英語では？")
    assert english.text.startswith("According to") and "closed on 2025-07-18" in english.text


def test_a_fallback_about_a_closed_recruitment_by_name_still_says_it_closed(ask_on):
    for question, closed_on_day in (("IT人材の選考の倍率は？", date(2025, 7, 18)), ("障害者選考の倍率は？", date(2019, 6, 26))):
        _, answer = ask_on(question, TODAY)
        assert answer.kind == "fallback" and not answer.citations, question
        assert "受付期間が終了" in answer.text, question
        _, before = ask_on(question, closed_on_day)
        assert before.kind == "fallback" and "受付期間が終了" not in before.text, question
    _, guide = ask_on("外務省の倍率は？", TODAY)
    assert guide.kind == "fallback" and "受付期間が終了" not in guide.text


def test_answers_from_guides_carry_no_closing_note(ask):
    _, answer = ask("地方転勤はありますか")
    assert answer.kind == "answer" and "受付期間が終了" not in answer.text


def test_a_notice_without_a_deadline_is_stale_after_its_fiscal_year(docs_by_id):
    doc = replace(docs_by_id["npa-disability-2019"], deadline=None)  # only 「2019（令和元）年度」 to go by
    assert closed_on(doc) == date(2020, 3, 31)
    assert not is_stale(doc, date(2020, 3, 31)) and is_stale(doc, date(2020, 4, 1))
    assert closed_on(docs_by_id["isa-guide-2025"]) is None  # a guide describes no single recruitment


@pytest.fixture
def ask_on(bot):
    def _ask(message: str, today: date, session_id: str | None = None):
        return bot.pipeline.ask(message, session_id, today)

    return _ask


# --- suggestions --------------------------------------------------------------------------------------

SAMPLE = ["地方転勤はありますか", "外務省の在外勤務について教えて", "残業は多いですか", "外務省の語学研修は？", "IT人材の給与は？",
          "障害者選考の試験時間は？", "宿舎はありますか", "入管庁の研修制度は？", "ボーナスは年何か月分？"]


def test_every_suggestion_gets_an_answer_in_the_conversation(bot):
    offered = 0
    for question in SAMPLE:
        session, answer = bot.pipeline.ask(question, None, TODAY)
        if answer.kind != "answer":
            continue
        assert len(answer.suggestions) <= 3
        assert len(set(answer.suggestions)) == len(answer.suggestions)
        assert all(followup.fold(s) != followup.fold(question) for s in answer.suggestions)
        state = bot.sessions.load(session)
        for suggestion in answer.suggestions:
            bot.sessions.save(session, state)  # each suggestion is tried as the next turn of the same conversation
            _, next_answer = bot.pipeline.ask(suggestion, session, TODAY)
            assert next_answer.kind in ("answer", "clarify"), (question, suggestion)
            assert not units(next_answer) <= units(answer), (question, suggestion)  # it adds something
            offered += 1
    assert offered >= 2 * len(SAMPLE)  # not passing by offering nothing


def test_clarify_suggestions_are_the_choices(ask):
    _, answer = ask("育休は取れますか")
    assert answer.kind == "clarify"
    assert set(answer.suggestions) == {"入管庁の場合", "外務省の場合"}


# --- English --------------------------------------------------------------------------------------------

def test_english_conversation_with_organization_follow_up(chat, docs_by_id):
    first = chat("Do I have to work overseas at MOFA?")
    assert first.kind == "answer" and first.text.startswith("According to") and orgs(first) == {MOFA}
    quote = first.citations[0].quote
    assert quote[len(quote) // 2 : len(quote) // 2 + 8] in first.text  # the Japanese passage, quoted
    assert quotes_verbatim(first, docs_by_id)
    isa = chat("What about ISA?")
    assert isa.kind == "answer" and isa.text.startswith("According to") and orgs(isa) == {ISA}
    more = chat("anything else?")
    assert more.kind in ("answer", "fallback")
    if more.kind == "answer":
        assert more.text.startswith("According to") and not units(more) & units(isa)


def test_english_eligibility_uses_english_facts(ask):
    question = ("I was born on 2 April 2000 and graduated from university in March 2023. "
                "Can I take the general service exam for university graduates?")
    _, answer = ask(question)
    assert answer.kind == "eligibility"
    assert answer.eligibility.verdict == "eligible"
    assert answer.text.startswith("From what you have told me")
    assert all(c.doc_id == "npa-rule-8-18" for c in answer.citations)


# --- sessions -------------------------------------------------------------------------------------------

def test_conversation_continues_after_a_restart_on_the_same_sqlite_file(bot, tmp_path):
    path = tmp_path / "sessions.sqlite3"

    def fresh_pipeline(store: SessionStore) -> Pipeline:
        p = bot.pipeline
        return Pipeline(bot.retriever, store, eligibility=p.eligibility, thresholds=p.thresholds, top_k=p.top_k)

    store = SessionStore(path, ttl_seconds=3600)
    session, first = fresh_pipeline(store).ask("海外勤務はありますか", None, TODAY)
    assert first.citations
    store.close()

    store = SessionStore(path, ttl_seconds=3600)  # a new process: new store, new pipeline, same file
    _, follow = fresh_pipeline(store).ask("外務省の場合は？", session, TODAY)
    assert follow.kind == "answer" and orgs(follow) == {MOFA}
    assert followup.Memory.of(store.load(session)).query == "海外勤務はありますか"
    store.close()


def test_an_expired_session_forgets_the_topic(bot, tmp_path):
    p = bot.pipeline
    store = SessionStore(tmp_path / "sessions.sqlite3", ttl_seconds=0.5)
    pipeline = Pipeline(bot.retriever, store, eligibility=p.eligibility, thresholds=p.thresholds, top_k=p.top_k)
    session, first = pipeline.ask("地方転勤はありますか", None, TODAY)
    assert first.kind == "answer" and store.load(session)
    time.sleep(0.7)
    assert store.load(session) == {}
    _, follow = pipeline.ask("他には？", session, TODAY)
    assert follow.kind == "clarify" and not follow.citations  # no topic to follow up on: it asks
    assert store.purge_expired() >= 0
    store.close()


def test_english_clarify_choices_can_be_tapped(bot):
    for pick in (0, 1):
        session, first = bot.pipeline.ask("Can I work from home?", None, TODAY)
        assert first.kind == "clarify" and len(first.suggestions) == 2
        assert all(s.startswith("For ") for s in first.suggestions)
        _, chosen = bot.pipeline.ask(first.suggestions[pick], session, TODAY)
        assert chosen.kind == "answer" and chosen.text.startswith("According to")
        assert [c.unit_id for c in chosen.citations] == [first.citations[pick].unit_id]


def test_a_question_rebuilt_from_the_last_topic_leaves_out_the_names_it_carries(ask):
    # 「ボーナスは？」 becomes 「IT人材のボーナスってどれくらい？」: IT人材 sets the scope, the words search ボーナス.
    session, _ = ask("IT人材の給料ってどれくらい？")
    _, answer = ask("ボーナスは？", session)
    assert_answered_from(answer, "勤勉手当（ボーナス）")
