import pytest
from langchain_core.retrievers import BaseRetriever

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
