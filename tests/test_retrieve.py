from dataclasses import replace

import pytest
from langchain_core.retrievers import BaseRetriever

from bot.index.store import anticipated_questions
from bot.ingest.profiles import staff_profiles
from bot.retrieve import MODES, BotRetriever


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_finds_the_faq(bot, mode):
    result = bot.retriever.search("必ず在外公館で勤務しなければならない？", k=5, mode=mode)
    assert any(h.unit.label == "Q4" and h.unit.doc_id == "mofa-tech" for h in result.hits)


def test_half_width_kana_and_hiragana_still_retrieve(bot):
    for question in ("ｻﾞﾝｷﾞｮｳ 多い？", "ざんぎょう多い？"):
        top = bot.retriever.search(question, k=3).hits[0].unit
        assert top.question == "正直、残業は多い？", question
    assert bot.retriever.search("ｴｲｺﾞ力はどの程度必要？", k=1).hits[0].unit.question == "英語力はどの程度必要ですか？"


def test_doc_filter(bot):
    result = bot.retriever.search("研修", k=5, doc_ids=frozenset({"mofa-tech"}))
    assert {h.unit.doc_id for h in result.hits} == {"mofa-tech"}


def test_excluded_units_are_no_candidates(bot):
    retriever = bot.pipeline.retriever
    first = retriever.search("年次休暇は何日？", k=3)
    left_out = frozenset({first.hits[0].unit.unit_id})
    again = retriever.search("年次休暇は何日？", k=3, exclude=left_out)
    assert again.hits[0].unit.unit_id == first.hits[1].unit.unit_id
    assert not left_out & {h.unit.unit_id for h in retriever.search("年次休暇は何日？", k=len(retriever.index.units), exclude=left_out).hits}


def test_unknown_mode_is_rejected(bot):
    from bot.retrieve import Retriever

    with pytest.raises(ValueError):
        Retriever(bot.index, bot.embedder, mode="magic")


def test_langchain_retriever(bot):
    retriever = BotRetriever(retriever=bot.retriever, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("地方転勤はありますか")
    assert len(docs) == 3
    assert docs[0].metadata["doc_id"] == "isa-guide-2025"
    assert "地方官署" in docs[0].page_content


def test_reading_channel_finds_words_typed_in_hiragana(bot):
    it = frozenset({"isa-it-2025"})
    top = bot.retriever.search("しょうきゅうはありますか？", k=1, mode="reading", doc_ids=it).hits
    assert "昇給" in top[0].unit.text
    words_only = bot.retriever.search("しょうきゅうはありますか？", k=3, mode="bm25", doc_ids=it).hits
    assert not any("昇給" in h.unit.text for h in words_only)


def test_reading_is_katakana_with_folded_small_kana(bot):
    tokenizer = bot.index.lexical.tokenizer
    assert tokenizer.reading("昇給") == tokenizer.reading("しょうきゅう") == "シヨウキユウ"
    assert tokenizer.reading("ｼﾒｷﾘ") == "シメキリ"
    assert tokenizer.reading_grams("昇給") == ["シヨ", "ヨウ", "ウキ", "キユ", "ユウ", "シヨウ", "ヨウキ", "ウキユ", "キユウ"]


def test_hybrid_scales_scores_within_the_document_filter(bot):
    """Scores inside a filter span 0–1 on their own, so one document's spread is not squashed by others."""
    scoped = bot.retriever.search("通勤手当の上限", k=50, mode="hybrid", doc_ids=frozenset({"isa-it-2025"})).hits
    assert scoped[0].score > 0.9
    assert min(h.score for h in scoped) < 0.5


def test_kana_typed_questions_are_covered_by_reading(bot):
    kana = bot.retriever.search("つうきんてあての 上限いくら？", k=1, doc_ids=frozenset({"isa-it-2025"}))
    assert "通勤手当" in kana.hits[0].unit.text
    assert kana.lexical_coverage > 0.3
    weather = bot.retriever.search("今日の天気は？", k=1)
    assert weather.lexical_coverage < 0.3


def test_kana_typed_questions_lean_on_the_reading_channel(bot):
    it = frozenset({"isa-it-2025"})
    top = bot.retriever.search("つうきんてあての じょうげん", k=1, doc_ids=it).hits
    assert "通勤手当" in top[0].unit.text
    words_only = bot.retriever.search("つうきんてあての じょうげん", k=3, mode="bm25", doc_ids=it).hits
    assert not any("通勤手当" in h.unit.text for h in words_only)


def test_agreement_counts_the_channels_that_rank_the_top_hit_high(bot):
    it = frozenset({"isa-it-2025"})
    # Written out, vectors, words and readings all find 通勤手当; gibberish leaves at most one channel agreeing.
    assert bot.retriever.search("IT人材の通勤手当の上限", k=1, doc_ids=it).agreement == 3
    assert bot.retriever.search("asdfghjkl", k=1).agreement <= 1


def test_agreeing_channels_raise_confidence(bot):
    it = frozenset({"isa-it-2025"})
    retrieval = bot.retriever.search("しょうきゅうは年なんかい？", k=1, doc_ids=it)
    alone = bot.pipeline.confidence(replace(retrieval, agreement=1))
    agreed = bot.pipeline.confidence(replace(retrieval, agreement=3))
    assert agreed == pytest.approx(alone + 2 * bot.pipeline.thresholds.agreement_bonus)


def test_topic_share_weighs_rare_words_more(bot):
    tokens = tuple(bot.index.lexical.analyze("補完的保護の制度"))
    full = next(u for u in bot.index.units if "補完的保護対象者認定制度" in u.text)
    common = next(u for u in bot.index.units if "制度" in u.text and "補完" not in u.search_text)
    assert bot.retriever.topic_share(tokens, full) == 1.0
    assert 0.0 < bot.retriever.topic_share(tokens, common) < 0.3  # 制度 is everywhere; 補完的保護 is the question


def test_anticipated_questions_find_their_passage(bot):
    """Asked as written, an anticipated question finds the passage holding its anchor (nearly always first)."""
    docs = list(bot.index.documents.values())
    rows, questions = anticipated_questions(docs, bot.index.units)
    sample = range(0, len(questions), 25)
    first = sum(bot.retriever.search(questions[i], k=1).hits[0].unit == bot.index.units[rows[i]] for i in sample)
    assert first >= 0.8 * len(sample)


def test_anticipated_questions_rank_but_do_not_vouch(bot):
    """They find a passage the question shares no word with; the evidence that it answers is the passage's own."""
    question = "外国籍だと国家公務員の試験って受けられないの？"
    top = bot.retriever.search(question, k=1).hits[0].unit
    assert top.doc_id == "npa-rule-8-18" and "日本の国籍を有しない者" in top.text
    asked = next(q for d in bot.index.documents.values() for a in d.anticipated for q in a.questions)
    vector = bot.embedder.queries([asked])
    own = max(bot.retriever._dense_scores(vector).max(), bot.retriever._faq_scores(vector).max())
    assert bot.retriever._asked_scores(vector).max() > own + 0.01  # the question itself is anticipated …
    assert bot.retriever.search(asked, k=1).dense_top == pytest.approx(float(own))  # … yet confidence reads passages


def test_a_question_nearly_anticipated_for_a_passage_is_covered_by_its_words(ask):
    # 外務省's Q3 says 語学力に自信がありません; applicants say 英語が苦手. Its anticipated questions bridge the words.
    _, answer = ask("外務省って英語が苦手でも大丈夫？")
    assert answer.kind == "answer" and answer.citations[0].quote.startswith("A 3：心配はありません")
    # A question merely resembling some anticipated question still finds no cover.
    assert ask("入管の内定者の出身大学はどこが多い？")[1].kind == "fallback"


def test_english_questions_are_matched_to_the_english_questions_anticipated_for_a_passage(bot):
    # The glossary has no idea for 'fixed-term contract'; the IT notice's passage was anticipated to be asked it.
    question = "Is the ISA IT job a fixed-term contract?"
    top = bot.retriever.search(question, k=1, doc_ids=frozenset({"isa-it-2025"})).hits[0].unit
    assert "任期の定めのない常勤の国家公務員" in top.text
    without = replace(bot.index, asked_english=None)
    plain = type(bot.retriever)(without, bot.embedder)
    assert "任期の定めのない" not in plain.search(question, k=1, doc_ids=frozenset({"isa-it-2025"})).hits[0].unit.text


def test_a_question_naming_a_staff_caption_is_answered_within_that_profile(bot):
    retriever = bot.pipeline.retriever
    # 「総領事館」 is written by one caption only (在ニューヨーク日本国総領事館領事 堀内 亜紀); 「コース」 is an everyday word.
    assert retriever.profiles.named_by(["総領事館"]) is not None and retriever.profiles.named_by(["コース"]) is None
    assert retriever.profiles.named_by(["総領事館", "財務省"]) is None  # two profiles named: neither
    found = retriever.search("ニューヨーク総領事館で勤務している領事は、留学先の大学院でどのような手法を学びましたか。", 3)
    assert found.profile_doc == "isa-guide-2025"
    # Her caption's words match her first passage (査証審査 at the consulate); the rest of the question finds the answer.
    assert "統計学" in found.hits[0].unit.text
    assert retriever.search("在外公館での勤務はありますか", 3).profile_doc == ""


def test_a_question_about_one_staff_member_is_not_a_choice_between_organizations(ask):
    _, answer = ask("ニューヨーク総領事館で勤務している領事は、留学先の大学院でどのような手法を学びましたか。")
    assert answer.kind == "answer" and "統計学" in answer.citations[0].quote


def test_the_named_profile_passages_come_before_other_documents_passages(bot):
    guide = bot.index.documents["isa-guide-2025"]
    tashiro = next(p for p in staff_profiles(guide.text) if "田代" in p.caption)
    hits = bot.pipeline.retriever.search("財務省関税局へ出向中の職員は、入庁1年目にどのような業務に携わっていましたか。", 3).hits
    # Without the profile's lead, MOFA's 「～入省1年目の場合～」 is among the first three.
    assert all(h.unit.doc_id == guide.doc_id and tashiro.start <= h.unit.start < tashiro.end for h in hits)
    assert "審査請求" in hits[0].unit.text


@pytest.mark.parametrize("question", ["地方転勤はありますか", "ｻﾞﾝｷﾞｮｳ ｯﾃ ｵｵｲﾉ?", "ざんぎょうってどのくらい？", "Can I work from home?"])
def test_questions_in_the_documents_words_or_readings_are_recognized(bot, question):
    assert bot.pipeline.retriever.recognizes(question)


@pytest.mark.parametrize("question", ["あｓｄｆ ほげほげ ぴよぴよ？？", "Hello", "jfkdls;a fjdksl", "ｗｗｗｗｗ"])
def test_keyboard_mashing_and_greetings_are_not(bot, question):
    assert not bot.pipeline.retriever.recognizes(question)
