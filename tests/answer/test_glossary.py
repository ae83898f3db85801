from pathlib import Path

import pytest

from bot.answer.glossary import ENGLISH, EVERYDAY, Glossary, GlossaryError
from bot.answer.scope import fold
from tests.conftest import assert_answered_from


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load(ENGLISH)


def test_ideas_are_found_once_longest_phrase_first(glossary):
    ideas = glossary.ideas("How many days of paid leave a year would I get? Paid leave matters to me.")
    japanese = [e.written[0] for e in ideas]
    assert japanese.count("休暇") == 1
    assert "給与" not in japanese  # 'paid' is part of 'paid leave', not a question about pay


def test_plurals_and_case(glossary):
    assert "在外公館" in glossary.search_terms(glossary.ideas("Do officers work at EMBASSIES abroad?"))


def test_hyphenated_phrases_are_the_phrase(glossary):
    assert "一般職" in glossary.search_terms(glossary.ideas("the general-track exam"))


def test_a_question_word_is_no_idea(glossary, ask):
    # 'when' asks for a date (the answer type checks one is stated); a passage need not write 日程 to answer it.
    assert glossary.ideas("When was it founded?") == []
    assert_answered_from(ask("When was the Immigration Services Agency established?")[1], "平成31年4月に法務省入国管理局から改組")


def test_an_engineer_is_a_kind_of_staff_not_a_field(glossary):
    # 情報通信 is a field of study: searched for 'engineer' it favoured 外務省's Q1 (情報通信系の教養) over the question asked.
    assert glossary.search_terms(glossary.ideas("MOFA engineers")).split() == ["外務省", "技術系", "技官"]


def test_support_is_not_an_exam_accommodation(glossary):
    # 'support' is said of childcare, housing and language as much as of braille and extra time.
    assert "点字" not in glossary.search_terms(glossary.ideas("What support is there for raising children?"))
    assert "点字" in glossary.search_terms(glossary.ideas("Is there braille for the exam?"))


def test_the_it_job_names_the_it_selection(glossary):
    assert "IT人材" in glossary.search_terms(glossary.ideas("Does the IT job pay a housing allowance?"))


def test_caring_for_a_parent_is_nursing_care(glossary):
    assert "介護" in glossary.search_terms(glossary.ideas("And what about taking time off to care for an elderly parent?"))


def test_no_ideas_in_unrelated_text(glossary):
    assert glossary.ideas("asdfghjkl") == []


def test_coverage_counts_ideas_not_terms(glossary):
    ideas = glossary.ideas("bonus and commuting allowance")
    assert Glossary.coverage(ideas, "期末・勤勉手当 年間4.6か月分") == pytest.approx(2 / 3)  # bonus, allowance
    assert Glossary.coverage(ideas, "期末・勤勉手当、通勤手当（月額150,000円を限度）") == 1.0


def test_a_malformed_glossary_is_refused(tmp_path: Path):
    bad = tmp_path / "g.yaml"
    bad.write_text("- said: [bonus]\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        Glossary.load(bad)


def test_english_question_is_answered_from_the_japanese_passage(ask):
    _, answer = ask("Where do I send my application for the ISA IT specialist job?")
    assert answer.kind == "answer"
    assert any("recruit-immi@i.moj.go.jp" in c.quote for c in answer.citations)
    assert answer.text.startswith("According to")



def test_each_region_is_its_own_idea(glossary):
    """'Okinawa' must search 沖縄, not every region: the quota and results tables have a row per region."""
    terms = glossary.search_terms(glossary.ideas("How many hires are planned for the Okinawa region?")).split()
    assert "沖縄" in terms
    assert not {"北海道", "近畿", "九州"} & set(terms)


def test_english_region_question_cites_its_row(ask):
    _, answer = ask("Disability selection: what was the hiring quota in Okinawa?")
    assert answer.kind == "answer"
    assert any(c.quote.startswith("| 沖縄 |") for c in answer.citations)


def test_everyday_words_the_documents_never_write_are_respelt_as_theirs(bot):
    everyday = Glossary.load(EVERYDAY)
    written = fold("\n".join(d.text for d in bot.index.documents.values()))
    assert everyday.respell("1年目の有給って何日？", written) == "1年目の年次休暇って何日?"
    assert everyday.respell("有給休暇は何日？", written) == "年次休暇は何日?"  # the longer phrase is one word
    assert everyday.respell("副業してもいい？", written) == "兼業してもいい?"
    assert everyday.respell("在外で住む場所はどうなる？", written) == "在外で住居はどうなる?"
    assert everyday.respell("残業は多い？", written) == "残業は多い？"  # the documents write 残業 themselves
    assert everyday.respell("在外勤務は必ずある？", written) == "在外勤務は必ずある？"
    assert everyday.respell("入国警備官ってﾌｨｼﾞｶﾙ系のﾃｽﾄもある？", written) == "入国警備官って体力検査系のテストもある?"
    assert everyday.respell("IT人材の応募条件は？", written) == "IT人材の応募資格は?"


def test_a_physical_test_is_the_rules_fitness_test(ask):
    for question in ("入国警備官の試験って体力テストある？", "Does the immigration control officer exam have a fitness test?"):
        _, answer = ask(question)
        assert answer.kind == "answer" and "体力検査" in answer.citations[0].quote, question


def test_an_everyday_word_finds_the_documents_term(ask):
    _, answer = ask("IT人材は副業OK？")
    assert_answered_from(answer, "兼業制限")


def test_an_everyday_word_is_respelt_only_where_the_documents_in_scope_never_write_it(ask):
    # The disability notice says 面接; the IT selection says 人物試験 for its interview.
    session, _ = ask("IT人材の勤務地はどこ？")
    _, answer = ask("面接はどこでやるの？", session)
    assert_answered_from(answer, "二次選考は、出入国在留管理庁本庁")
    _, answer = ask("障害者選考の面接って何日から？")
    assert "面接" in answer.citations[0].quote


@pytest.mark.parametrize("path", [ENGLISH, EVERYDAY], ids=lambda p: p.name)
def test_every_term_a_glossary_gives_is_written_in_the_documents(path, docs):
    # A term the documents never write finds nothing and covers nothing (期末・勤勉手当: they write 期末手当・勤勉手当).
    written = fold("\n".join(d.text for d in docs))
    missing = [t for entry in Glossary.load(path).entries for t in entry.written if fold(t) not in written]
    assert missing == []


def test_a_short_name_of_a_body_is_the_name_the_documents_write(ask):
    """「厚労省」 is 厚生労働省, which a career table writes: no unknown body to fall back on."""
    _, answer = ask("厚労省の外国人雇用対策課に出向していた入管の職員は？")
    assert answer.kind == "answer"
    assert "厚生労働省" in answer.citations[0].quote
