"""The numbers check on answers: full-width, kanji and 和暦 spellings of numbers and dates."""

import pytest

from bot.answer.guard import fold_numbers, kanji_to_int, numbers_in, numbers_supported

QUOTE = "年２回（６月、１２月）、年間４．６か月分。採用予定数は百二十七人。受付期間：令和７年６月１０日（火）から同年７月１８日まで。月額１５０,０００円を限度"


@pytest.mark.parametrize("numeral, value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("百二十七", 127), ("三千", 3000),
                                            ("一万二千", 12000), ("二〇一九", 2019), ("三十万", 300000)])
def test_kanji_numerals(numeral, value):
    assert kanji_to_int(numeral) == value


def test_kanji_counts_only_as_quantities():
    assert numbers_in("一般職の一部") == []  # words, not numbers
    assert numbers_in("二年目に三か月間") == ["2", "3"]
    assert numbers_in("第八条") == ["8"]


def test_era_years_fold_to_western_years():
    assert fold_numbers("令和元年") == "2019年"
    assert fold_numbers("令和７年") == "2025年"
    assert fold_numbers("平成三十一年") == "2019年"


@pytest.mark.parametrize("answer", [
    "年2回[1]", "年二回[1]", "年２回、年間4.6か月分[1]", "採用予定数は127人[1]", "採用予定数は１２７人[1]",
    "2025年7月18日まで[1]", "令和七年七月十八日まで[1]", "月額150,000円まで[1]", "月額150000円まで[1]",
])
def test_supported_spellings(answer):
    assert numbers_supported(answer, [QUOTE])


@pytest.mark.parametrize("answer", [
    "年3回[1]", "年三回[1]", "年３回[1]", "採用予定数は百三十人[1]", "2026年7月18日まで[1]", "令和8年7月18日まで[1]",
    "7月19日まで[1]", "七月十九日まで[1]", "年間4.7か月分[1]", "月額200,000円まで[1]",
])
def test_unsupported_numbers_and_dates(answer):
    assert not numbers_supported(answer, [QUOTE])


def test_citation_markers_are_not_numbers():
    assert numbers_supported("年２回です[1][2]", [QUOTE])
