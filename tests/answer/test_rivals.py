import pytest

from bot.answer.answer_type import expected_type
from bot.answer.rivals import Rivals
from bot.answer.thresholds import Thresholds


def test_rival_share_must_be_a_share(bot):
    with pytest.raises(ValueError):
        Rivals(bot.retriever, bot.index.documents, Thresholds(rival_share=1.5))


def test_each_organizations_guides_are_known(bot):
    assert bot.pipeline.rivals.guides == {"出入国在留管理庁": {"isa-guide-2025"}, "外務省": {"mofa-tech"}}


def _competing(bot, question):
    pipeline = bot.pipeline
    retrieval = pipeline.retrieve(question)
    return retrieval, pipeline.rivals.competing(question, expected_type(question), retrieval, None)


def test_another_guide_answering_the_same_question_is_a_rival(bot):
    retrieval, rival = _competing(bot, "英語が苦手でも大丈夫？")
    assert rival is not None
    orgs = {bot.index.documents[h.unit.doc_id].organization for h in (retrieval.hits[0], rival)}
    assert orgs == {"出入国在留管理庁", "外務省"}


def test_a_passage_about_something_else_is_no_rival(bot):
    assert _competing(bot, "補完的保護ってなに？")[1] is None


def test_an_english_question_is_about_its_glossary_terms(bot, ask):
    """Its English words read as Japanese are no topic: every passage held 'all' of them, so every one was a rival."""
    retrieval = bot.pipeline.retrieve("Tell me about complementary protection.")
    assert "補完" in retrieval.searched_tokens
    assert ask("Tell me about complementary protection.")[1].kind == "answer"


def test_a_division_only_one_guide_names_has_no_rival(bot):
    rivals = bot.pipeline.rivals
    assert rivals._names_only_of("出入国在留管理庁", "在留管理課の業務内容を詳しく教えて") == ("在留管理課",)
    assert rivals._names_only_of("外務省", "情報通信課の人って何してる？") == ("情報通信課",)
    assert rivals._names_only_of("外務省", "海外勤務ってどのくらいある？") == ()  # an everyday compound, not a name
    assert _competing(bot, "在留管理課の業務内容について、具体的にご教示いただけますか。")[1] is None


def test_a_name_only_one_guide_sets_in_brackets_has_no_rival(bot):
    rivals = bot.pipeline.rivals
    # 「補完的保護対象者認定制度」 is bracketed in 入管庁's guide only; 「制度」 alone is too short a part to name it.
    assert rivals._names_only_of("出入国在留管理庁", "補完的保護っていつからある制度？") == ("補完的保護",)
    assert rivals._names_only_of("外務省", "補完的保護っていつからある制度？") == ()
    assert _competing(bot, "補完的保護っていつからある制度なの？")[1] is None


def test_the_words_a_request_is_put_in_are_no_topic(bot):
    retrieval = bot.pipeline.retrieve("具体的にご教示いただけますか")
    assert bot.retriever.topic_share(retrieval.query_tokens, retrieval.hits[0].unit) == 0.0


def test_a_shared_interrogative_makes_no_rival(bot):
    """外務省's 「いつでも、どこでも業務が行える」 shares only the question's 「どこ」: it is about something else."""
    assert _competing(bot, "在留カードってどこで受け取るの？")[1] is None


def test_an_faq_answer_stands_alone(bot):
    hits = bot.pipeline.retrieve("必ず在外公館で勤務しなければならないの？外務省").hits
    assert hits[0].unit.kind == "faq"
    assert bot.pipeline.rivals.supporting(hits) is None


@pytest.mark.parametrize("question, offered", [
    ("地方転勤はありますか", ("外務省",)),  # 外務省's guide speaks of moving between posts too
    ("宿舎はありますか", ()),  # only 外務省's guide speaks of housing
])
def test_only_organizations_whose_guides_speak_of_it_are_offered(bot, question, offered):
    retrieval = bot.pipeline.retrieve(question)
    assert bot.pipeline.rivals.speaking_of(question, retrieval, None) == offered


def test_an_answer_says_whose_it_is_even_when_no_other_organization_is_offered(bot):
    answer = bot.pipeline.ask("宿舎はありますか", None, None)[1]
    assert answer.kind == "answer" and not any(s.endswith("の場合") for s in answer.suggestions)
    assert answer.text.rstrip().endswith("※ 外務省の資料による回答です。")


def test_a_shared_year_makes_no_rival(bot):
    """外務省's 「世界153カ国（2024年1月現在）」 shares only the question's year: it is about something else."""
    assert _competing(bot, "2024年の外国人の入国者数ってどれくらいだった？")[1] is None


def test_an_faq_asked_word_for_word_still_has_a_rival_that_answers_it_in_meaning(bot):
    """「転勤ってある？」 is 入管庁's FAQ almost verbatim; 外務省's Q4 (在外公館での勤務) answers it in other words."""
    retrieval, rival = _competing(bot, "転勤ってある？")
    assert bot.index.documents[retrieval.hits[0].unit.doc_id].organization == "出入国在留管理庁"
    assert rival is not None and bot.index.documents[rival.unit.doc_id].organization == "外務省"
