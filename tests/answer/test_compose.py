from bot.answer.compose import Passage, display_text, pointed_list, select_passage, with_lead_in
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


def test_a_quote_pointing_ahead_finds_its_list_in_the_units_after_it(bot):
    unit = _unit_starting(bot, "出入国在留管理庁の所掌事務のうち、以下の業務を担当する")
    after = Neighbours(bot.index.units).next_in_document(unit.unit_id, 3)
    listed = pointed_list(Passage(unit, unit.text, unit.start, unit.end), after)
    assert listed is not None and "・ システムの開発・運用に係る各種事務" in listed.text
    assert pointed_list(Passage(unit, unit.text, unit.start, unit.end), after[:2]) is None  # the list is the third


def test_a_list_of_other_markers_is_found_too(bot):
    unit = next(u for u in bot.index.units if "手当は、代表的なものとして以下のものがあり" in u.text)
    listed = pointed_list(Passage(unit, unit.text, unit.start, unit.end), Neighbours(bot.index.units).next_in_document(unit.unit_id, 3))
    assert listed is not None and "○ 期末手当・勤勉手当" in listed.text


def test_a_quote_pointing_nowhere_gets_no_list(bot):
    unit = _unit_starting(bot, "⑴ 日本の国籍を有しない者")
    assert pointed_list(Passage(unit, unit.text, unit.start, unit.end), Neighbours(bot.index.units).next_in_document(unit.unit_id, 3)) is None


def test_what_the_it_specialists_do_is_answered_with_the_list_of_duties(ask):
    _, answer = ask("入管のIT係長の募集って、入ったら実際どんな仕事するの？")
    assert "調達仕様書作成" in answer.text


def test_a_table_row_is_shown_with_its_column_headers(bot, ask):
    row = next(u for u in bot.index.units if u.kind == "row" and u.text.startswith("| 近畿 | 794人"))
    assert display_text(Passage(row, row.text, row.start, row.end)) == "近畿　申込者数：794人　第1次選考通過者数：105人　合格者数：26人"
    _, answer = ask("障害者選考（2019年度）の近畿区分、申込者数は何人でしたか")
    assert "申込者数：794人" in answer.text
    assert answer.citations[0].quote == row.text  # the quote stays the row, verbatim


def test_a_row_of_a_table_without_a_header_row_is_shown_bare(bot):
    """A career table's first line was taken as its header: 「平成20年 4月」 labels no column."""
    row = next(u for u in bot.index.units if u.kind == "row" and u.text.startswith("| 平成25年 4月 | 厚生労働省"))
    assert display_text(Passage(row, row.text, row.start, row.end)) == (
        "平成25年 4月　厚生労働省職業安定局派遣・有期労働対策部 外国人雇用対策課調整係長")
