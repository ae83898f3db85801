import pytest

from bot.answer.search import ScopedSearch


def test_a_search_returning_nothing_is_refused_when_built(bot):
    p = bot.pipeline
    with pytest.raises(ValueError):
        ScopedSearch(p.retriever, p.reader, p.english, p.exam_rows, {}, p.thresholds, top_k=0)


def test_an_english_question_counts_its_documents_names_as_written_in_every_passage(bot):
    search = bot.pipeline.search
    ideas = search.english.ideas("Does the Immigration Services Agency offer telework?")
    unit = next(u for u in bot.pipeline.retriever.index.units
                if u.doc_id == "isa-guide-2025" and "テレワーク" in u.search_text and "出入国在留管理庁" not in u.search_text)
    assert search.idea_coverage(ideas, unit) == 1.0


def test_a_question_asking_what_a_term_means_gets_the_defining_passage_first(bot):
    retrieval = bot.pipeline.retrieve("規則によく出てくる『試験年度』ってどういう意味？いつからいつまで？")
    assert "以下「試験年度」という" in retrieval.hits[0].unit.text


def test_a_question_about_the_organization_itself_searches_its_name(bot):
    # Inside the scope its names tell nothing apart, but left out here they leave only 「いつ」.
    for question in ("出入国在留管理庁っていつできたんですか", "しゅつにゅうこくざいりゅうかんりちょうって いつ できたんですか"):
        assert "平成31年4月に法務省入国管理局から改組" in bot.pipeline.retrieve(question).hits[0].unit.text
