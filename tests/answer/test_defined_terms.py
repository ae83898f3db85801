import pytest

from bot.answer.defined_terms import DefinedTerms
from tests.conftest import assert_answered_from


@pytest.fixture(scope="module")
def terms(bot):
    return DefinedTerms(bot.pipeline.retriever.index.units)


def test_the_terms_the_documents_define(terms):
    assert {"試験年度", "採用試験", "区分試験", "地域試験", "試験種目", "国益"} <= set(terms.defining)
    assert "（以下「試験年度」という。）" in terms.defining["試験年度"].text


@pytest.mark.parametrize(("question", "term"), [("『試験年度』ってどういう意味？", "試験年度"), ("試験年度とは？", "試験年度"),
                                              ("区分試験って何？", "区分試験"), ("採用試験の定義を教えて", "採用試験"),
                                              ("「地域試験」は、具体的に何を指すのですか", "地域試験"), ("試験種目ってどの範囲を指すの？", "試験種目")])
def test_asking_what_a_defined_term_means(terms, question, term):
    unit = terms.asked(question)
    assert unit is not None and f"以下「{term}」という" in unit.text


@pytest.mark.parametrize("question", ["試験年度の4月1日に30歳なら受けられる？", "IT人材の採用試験って何があるの？", "区分試験はいくつある？",
                                      "区分試験は、具体的にどんな科目がありますか"])
def test_a_term_named_without_asking_its_meaning(terms, question):
    assert terms.asked(question) is None


def test_the_definition_answers_however_the_rest_of_the_question_ranks(ask):
    # The definition sits in the first row of 別表第三, among words about 院卒者試験 that the question does not use.
    _, answer = ask("規則によく出てくる『試験年度』ってどういう意味？いつからいつまで？")
    assert_answered_from(answer, "四月一日から翌年の三月三十一日までをいう")


@pytest.mark.parametrize(("question", "term"), [("試験年度って何月から何月まで？", "試験年度"), ("試験種目って何？", "試験種目"),
                                              ("地域試験とは？", "地域試験"), ("採用試験とは何ですか", "採用試験")])
def test_each_defined_term_is_answered_from_its_definition(ask, question, term):
    _, answer = ask(question)
    assert_answered_from(answer, f"以下「{term}」という")
