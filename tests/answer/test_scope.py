from datetime import date

import pytest

from bot.answer.scope import (
    asks_about_other_year, bodies_not_in, detect_scope, fold, glossed_bodies_not_in, relative_years, unknown_organizations,
)
from bot.corpus.store import organizations


def test_names_typed_in_kana_scope_the_question(bot):
    docs = bot.index.documents
    reading = bot.index.lexical.tokenizer.reading
    assert detect_scope("がいむしょうの ざいがいきんむって かならず あるの？", docs, organizations(), reading).doc_ids == {"mofa-tech"}
    assert "isa-it-2025" in detect_scope("あいてぃーじんざいの 給与", docs, organizations(), reading).doc_ids
    assert detect_scope("がいむしょうの ざいがいきんむって かならず あるの？", docs, organizations()).doc_ids == frozenset()
    assert detect_scope("休暇ってどんなのがある？", docs, organizations(), reading).doc_ids == frozenset()


def test_organizations_the_documents_never_mention(docs):
    corpus = fold("\n".join(d.text for d in docs))
    assert unknown_organizations("東京都庁の採用試験について教えて", corpus) == ["東京都庁"]
    assert unknown_organizations("大阪市役所の試験日は？", corpus) == ["大阪市役所"]
    assert unknown_organizations("外務省の在外勤務は？", corpus) == []
    assert unknown_organizations("入管庁っていつできたの？", corpus) == []
    assert unknown_organizations("反省点を教えて", corpus) == []
    assert unknown_organizations("4月入庁だと1年目の休暇は何日？", corpus) == []  # joining, not a body
    assert unknown_organizations("中央省庁と県庁の違いは？", corpus) == []
    assert unknown_organizations("防衛省の採用は？", corpus) == ["防衛省"]


def test_relative_years_are_counted_from_today_with_april_fiscal_years():
    november = date(2026, 11, 23)
    assert relative_years("来年のIT人材の募集っていつから？", november) == {2027}
    assert relative_years("来年度の採用予定数は？", november) == {2027}
    assert relative_years("来年度の採用予定数は？", date(2027, 2, 1)) == {2027}
    assert relative_years("今年度の試験は？", date(2027, 2, 1)) == {2026}
    assert relative_years("在外勤務は必ずある？", november) == set()
    assert relative_years("What is next year's quota?", november) == {2026 + 1}
    # 'the next year' counts from what was said before (unused leave carried into the next year), not from today.
    assert relative_years("Can unused leave be carried over into the next year?", november) == set()


def test_a_relative_year_outside_the_document_is_another_year(docs_by_id):
    doc = docs_by_id["isa-it-2025"]
    assert asks_about_other_year("来年のIT人材の募集は？", "受付期間：令和７年６月１０日", doc, date(2026, 11, 23))
    assert not asks_about_other_year("来年のIT人材の募集は？", "受付期間：令和７年６月１０日", doc, date(2024, 11, 23))


def test_a_passage_naming_years_speaks_of_those_not_of_its_documents_year(docs_by_id):
    guide = docs_by_id["isa-guide-2025"]  # the 2025 guide: its hiring table ends with 令和6年度
    table = "| 採用年度 |  | 令和2年度 | 令和3年度 | 令和4年度 | 令和5年度 | 令和6年度 |"
    assert asks_about_other_year("令和7年度は何人採用されたの？", table, guide)
    assert not asks_about_other_year("令和6年度は何人採用されたの？", table, guide)
    assert not asks_about_other_year("2025年の総合職の仕事は？", "総合職職員としては、企画・立案を担う", guide)


def test_unknown_organization_falls_back(ask):
    _, answer = ask("東京都庁の採用試験について教えて")
    assert answer.kind == "fallback"
    assert answer.citations == ()


@pytest.mark.parametrize("question, kind", [
    ("How do I apply for the Ministry of Economy, Trade and Industry career track?", "fallback"),
    ("Is there a National Police Agency exam?", "fallback"),  # 'exam' and 'age' are known words, not its name
    ("What does the Ministry of Foreign Affairs technical track do?", "answer"),
    ("Does the Immigration Services Agency hire IT specialists?", "answer"),
])
def test_an_english_question_naming_another_body_falls_back(ask, question, kind):
    assert ask(question)[1].kind == kind


def test_japanese_quoted_in_an_english_question_is_searched_as_written(ask):
    _, answer = ask("What test components are in the Foreign Service Specialist (外務省専門職員) exam?")
    assert any("外務省専門職員採用試験" in c.quote for c in answer.citations)


def test_names_that_set_the_scope_are_left_out_of_the_search(bot):
    scope = detect_scope("IT人材のつうきんてあて 上限いくら？", bot.index.documents, organizations())
    assert scope.without_names("IT人材のつうきんてあて 上限いくら？") == "のつうきんてあて 上限いくら?"
    assert scope.without_names("IT人材") == "IT人材"  # nothing else left: keep the question


def test_the_particles_around_a_removed_name_stay_apart_in_the_word_search(bot):
    # Spaced, 「入管のIT人材って」 became 「の って」, which Sudachi reads as 乗る.
    scope = detect_scope("入管のIT人材って何するの？", bot.index.documents, organizations())
    assert scope.without_names("入管のIT人材って何するの？", "、") == "の、って何するの?"
    assert "乗る" not in bot.pipeline.retrieve("入管のIT人材って、入ったら実際どんな仕事するの？").query_tokens


def test_a_document_name_printed_in_the_organizations_other_documents_keeps_them_in_scope(bot):
    """「システム管理室」 names the IT post, but the 総合職 guide interviews someone from that office too."""
    scope = detect_scope("入管庁の情報システム管理室ではどんな業務をしてる？", bot.index.documents, organizations())
    assert {"isa-it-2025", "isa-guide-2025"} <= scope.doc_ids
    assert "mofa-tech" not in scope.doc_ids


def test_a_document_named_by_several_of_its_names_is_printed_elsewhere_only_if_all_are(bot):
    # 「人事院規則八―一八」 is 人事院規則 and 規則八―一八; the disability notice prints only 人事院規則10―4, another rule.
    scope = detect_scope("人事院規則八―一八では、日本国籍を持たない人は採用試験を受けられますか。", bot.index.documents, organizations())
    assert scope.doc_ids == {"npa-rule-8-18"}
    assert "npa-disability-2019" in detect_scope("人事院規則って何？", bot.index.documents, organizations()).doc_ids


def test_a_field_named_with_the_organizations_names_stays_whole_in_the_search(bot):
    # 出入国 and 入国管理 are names of 入管庁, but 「出入国管理」 is one of its fields (出入国管理課): not 「出」+「管理」.
    scope = detect_scope("入管の出入国管理の部署で総合職って何するの？", bot.index.documents, organizations())
    assert "出入国管理" in scope.without_names("入管の出入国管理の部署で総合職って何するの？")
    assert "出入国在留管理庁" not in detect_scope("出入国在留管理庁の職員数は？", bot.index.documents,
                                            organizations()).without_names("出入国在留管理庁の職員数は？")


def test_a_document_name_another_organization_prints_as_often_keeps_both_in_scope(bot):
    # 「総合職」 names the 入管庁 guide, and the rule prints it more often (総合職試験): both may answer.
    scope = detect_scope("総合職の教養区分ってどんな試験？", bot.index.documents, organizations())
    assert {"isa-guide-2025", "npa-rule-8-18"} <= scope.doc_ids
    # 「外務省」 the rule prints too (外務省専門職員採用試験), but far less often than the ministry's guide.
    assert detect_scope("外務省の在外勤務は？", bot.index.documents, organizations()).doc_ids == {"mofa-tech"}


def test_a_compound_around_an_organization_name_that_a_document_prints_brings_it_into_scope(bot):
    # 「外務省専門職員」 is an exam the rule sets, not the ministry's technical guide.
    scope = detect_scope("外務省専門職員の採用試験ってどんな科目があるの？", bot.index.documents, organizations())
    assert "npa-rule-8-18" in scope.doc_ids
    assert "外務省" in scope.without_names("外務省専門職員の採用試験")  # the name is part of the exam's: it stays in the search
    # The organization's own full name around one of its aliases (出入国 in 出入国在留管理庁) brings in nothing,
    # nor does a compound holding a document's own name (人事院規則八 holds 人事院規則).
    assert "人事院" not in detect_scope("人事院規則八―一八はいつから施行？", bot.index.documents, organizations()).topics
    scope = detect_scope("出入国在留管理庁のIT人材の休暇は？", bot.index.documents, organizations())
    assert scope.doc_ids == {"isa-it-2025"}


def test_a_name_typed_in_kana_is_left_out_of_the_search_like_the_written_one(bot):
    reading = bot.index.lexical.tokenizer.reading
    scope = detect_scope("あいてぃーじんざいで ふくぎょうできる？", bot.index.documents, organizations(), reading)
    assert "isa-it-2025" in scope.doc_ids
    assert scope.without_names("あいてぃーじんざいで ふくぎょうできる？") == "で ふくぎょうできる?"


def test_a_word_naming_part_of_a_document_sets_the_scope_but_stays_in_the_search(bot):
    scope = detect_scope("障害者選考で点字の場合、試験時間は延長される？", bot.index.documents, organizations())
    assert scope.doc_ids == {"npa-disability-2019"}
    assert "点字" in scope.topics and "点字" not in scope.names
    assert scope.without_names("障害者選考で点字の場合、試験時間は延長される？") == "で点字の場合、試験時間は延長される?"


def test_a_part_of_another_document_does_not_widen_a_scope_set_by_name(bot, ask):
    docs = bot.index.documents
    # 受験資格 is a part of the rule: alone it sets the scope, beside a document's name it asks about that document's own.
    assert "npa-rule-8-18" in detect_scope("受験資格って何歳まで？", docs, organizations()).doc_ids
    scope = detect_scope("障害者選考の受験資格は？", docs, organizations())
    assert scope.doc_ids == {"npa-disability-2019"}
    assert "受験" in scope.without_names("障害者選考の受験資格は？")
    _, answer = ask("障害者選考の受験資格は？")
    assert answer.kind == "answer" and {c.doc_id for c in answer.citations} == {"npa-disability-2019"}


def test_latin_names_match_whole_words_only(bot):
    # 'ISA' names the immigration agency; the letters inside 'disability' do not.
    scope = detect_scope("How many people passed the disability selection exam?", bot.index.documents, organizations())
    assert "npa-disability-2019" in scope.doc_ids
    assert not {"isa-guide-2025", "isa-it-2025"} & scope.doc_ids
    assert "isa-it-2025" in detect_scope("What does ISA pay IT staff?", bot.index.documents, organizations()).doc_ids


def test_a_body_the_passage_does_not_mention_is_not_answered_for(ask):
    # The ISA's hiring table is no answer about 財務省, nor the overall quota about 法務省's share.
    own = frozenset({fold(n) for o in organizations().values() for n in o.names})
    assert bodies_not_in("財務省の総合職って毎年何人採用してる？", "採用者数 男性：4名 女性：5名", own) == ["財務省"]
    assert bodies_not_in("外務省の在外勤務は？", "在外公館での勤務があります", own) == []  # a document's own organization
    assert bodies_not_in("デジタル庁に出向できる？", "デジタル庁や内閣官房への出向", own) == []  # the passage names it
    assert bodies_not_in("各府省の採用は？", "採用", own) == []  # a kind of body, not one
    # A kanji word before the name runs into it (「昔厚生労働省に」): the name at its end is the body named.
    assert bodies_not_in("昔厚生労働省に出向してた？", "厚生労働省職業安定局", own) == []
    assert bodies_not_in("昔財務省に出向してた？", "厚生労働省職業安定局", own) == ["昔財務省"]
    _, answer = ask("2019年度障害者選考試験における法務省の採用予定数は何名でしたか。")
    assert answer.kind == "fallback"


def test_a_body_an_english_question_names_through_the_glossary_must_be_in_the_passage(ask):
    own = frozenset({fold(n) for o in organizations().values() for n in o.names})
    assert glossed_bodies_not_in([("財務省", "関税局")], "財務省関税局第一参事官室", own) == []
    assert glossed_bodies_not_in([("財務省", "関税局")], "関税局での経験を入管庁に", own) == []  # any of its terms
    assert glossed_bodies_not_in([("財務省", "関税局")], "採用者数 男性：4名", own) == ["財務省"]
    assert glossed_bodies_not_in([("外務省",), ("在外公館",)], "採用者数", own) == []  # its own organization; no body
    _, answer = ask("How many people did the Ministry of Finance hire through the 2019 disability exam?")
    assert answer.kind == "fallback"


def test_a_body_a_staff_caption_names_is_named_by_the_profile_below_it(ask):
    # Her Mission text never writes 財務省; her caption (「財務省関税局…係長」) above it does.
    _, answer = ask("入管庁から財務省に出向してる人ってなにしてるの？")
    assert answer.kind == "answer" and "財務省" not in answer.citations[0].quote
