from bot.answer.exam_rows import ExamRows
from bot.rules.exams import find_exams, normalize
from tests.conftest import assert_answered_from

IPPAN_DAISOTSU = "国家公務員採用一般職試験（大卒程度試験）"


def test_an_exam_named_in_japanese_or_english_names_its_rows(bot):
    rows = bot.pipeline.exam_rows
    assert rows.named("一般職の大卒程度で技術系の区分って何がある？") == {IPPAN_DAISOTSU}
    assert rows.named("What are the age requirements for the general-track national exam at the university-graduate level?") == {
        IPPAN_DAISOTSU}
    # A family names all its members; two exams named are both kept.
    assert rows.named("一般職の試験科目は？") == {IPPAN_DAISOTSU, "国家公務員採用一般職試験（高卒程度試験）"}
    assert rows.named("国税専門官と法務省専門職員の違い") == {"国税専門官採用試験", "法務省専門職員（人間科学）採用試験"}
    # The IT selection is an exam the rules know, but the rule's tables have no rows of it.
    assert rows.named("IT人材の応募資格は？") == frozenset()
    assert rows.named("外務省の在外勤務は？") == frozenset()


def test_a_longer_exam_name_hides_the_shorter_one_inside_it(bot):
    rules = bot.pipeline.eligibility.rules
    assert [m.exam_id for m in find_exams(normalize("一般職の大卒程度の年齢制限"), rules)] == ["ippan_daisotsu"]


def test_only_the_rows_of_exams_not_named_are_left_out(bot):
    rows = bot.pipeline.exam_rows
    units = bot.pipeline.retriever.index.units
    others = rows.of_others("一般職大卒の年齢制限は？")
    left_out = {u.label for u in units if u.unit_id in others}
    assert IPPAN_DAISOTSU not in left_out and "国家公務員採用総合職試験（院卒者試験）" in left_out
    assert all(u.kind == "row" and u.doc_id == "npa-rule-8-18" for u in units if u.unit_id in others)
    assert rows.of_others("外務省の在外勤務は？") == frozenset()


def test_a_question_naming_an_exam_is_answered_by_its_row(ask):
    _, answer = ask("What are the age requirements for the general-track national exam at the university-graduate level?")
    assert answer.kind == "answer"
    assert answer.citations[0].quote.startswith(f"| {IPPAN_DAISOTSU} | 全ての区分試験 | 次に掲げる者")


def test_units_without_exam_rows_leave_nothing_out(bot):
    rows = ExamRows(bot.pipeline.eligibility.rules, [u for u in bot.pipeline.retriever.index.units if u.kind != "row"])
    assert rows.named("一般職大卒の年齢制限は？") == frozenset() and rows.of_others("一般職大卒の年齢制限は？") == frozenset()


def test_an_exam_no_document_in_scope_prints_brings_in_the_rule_holding_its_rows(bot, ask):
    # The MOFA guide describes 一般職 only; 外務省専門職員 is set by the rule, so its scope takes in the rule.
    question = "Can someone with dual nationality take the MOFA specialist exam?"
    assert "npa-rule-8-18" in {h.unit.doc_id for h in bot.pipeline.retrieve(question).hits}
    _, answer = ask(question)
    assert answer.kind == "answer" and answer.citations[0].doc_id == "npa-rule-8-18"


def test_an_exam_the_document_in_scope_prints_keeps_the_scope(bot):
    hits = bot.pipeline.retrieve("外務省の一般職の試験科目は？").hits
    assert hits and {h.unit.doc_id for h in hits} == {"mofa-tech"}


def test_a_selection_notice_does_not_answer_for_another_exam_named(bot, ask):
    rows = bot.pipeline.exam_rows
    assert rows.names_only_others("一般職大卒の基礎能力試験は何問？", "npa-disability-2019")
    assert not rows.names_only_others("障害者選考の基礎能力試験は何問？", "npa-disability-2019")
    assert not rows.names_only_others("一般職試験に合格しないとIT人材になれない？", "isa-it-2025")
    assert not rows.names_only_others("総合職の基礎能力試験は何問？", "npa-rule-8-18")  # the rule is no one exam's notice
    # The disability selection's 30題 is not the 一般職's number of questions.
    assert ask("一般職試験（大卒程度試験）の基礎能力試験は、何問出題されますか。")[1].kind == "fallback"
    assert_answered_from(ask("障害者選考の基礎能力試験は何問？")[1], "解答題数 30題")
