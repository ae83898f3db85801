from bot.answer.compose import Passage, select_passage, with_lead_in
from bot.answer.suggest import Neighbours


def _unit_starting(bot, text):
    return next(u for u in bot.index.units if u.text.startswith(text))


def test_a_list_is_quoted_with_the_sentence_announcing_it(bot):
    unit = _unit_starting(bot, "⑴ 日本の国籍を有しない者")
    document = bot.index.documents[unit.doc_id].text
    passage = with_lead_in(select_passage(unit, set(), bot.index.lexical.tokenizer), Neighbours(bot.index.units).preceding(unit.unit_id), document)
    assert passage.text.startswith("※ 次のいずれかに該当する者は応募できません。")
    assert passage.text == document[passage.start:passage.end]  # still one verbatim run
    assert passage.text.endswith(unit.text)


def test_a_passage_not_opening_a_list_is_left_as_it_is(bot):
    unit = _unit_starting(bot, "出入国在留管理庁の所掌事務のうち")
    passage = Passage(unit, unit.text, unit.start, unit.end)
    assert with_lead_in(passage, Neighbours(bot.index.units).preceding(unit.unit_id), bot.index.documents[unit.doc_id].text) == passage


def test_the_answer_says_who_may_not_apply(ask):
    _, answer = ask("IT人材って外国籍の人も応募できる？")
    assert "応募できません" in answer.text
