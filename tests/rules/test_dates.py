from __future__ import annotations

from datetime import date

import pytest

from bot.rules.dates import (
    PartialDate, age_on, born_on_or_after_for_age_under, find_dates, fiscal_year_of, wareki_to_year,
)
from bot.rules.exams import normalize

TODAY = date(2026, 5, 10)


@pytest.mark.parametrize(
    ("era", "year", "western"),
    [("令和", "元", 2019), ("令和", 7, 2025), ("平成", "元", 1989), ("平成", 31, 2019), ("平成", 10, 1998),
     ("昭和", 64, 1989), ("昭和", 38, 1963), ("H", 10, 1998), ("s", 60, 1985), ("R", 8, 2026)],
)
def test_wareki_to_year(era, year, western):
    assert wareki_to_year(era, year) == western


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        # Reached at the end of the day before the birthday: 4月2日生まれ is still 29 on 4月1日.
        (date(1996, 4, 2), date(2026, 4, 1), 29),
        (date(1996, 4, 1), date(2026, 4, 1), 30),
        (date(1996, 3, 31), date(2026, 4, 1), 30),
        (date(2000, 2, 29), date(2021, 2, 28), 20),
        (date(2000, 2, 29), date(2021, 3, 1), 21),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
    ],
)
def test_age_on_follows_the_age_calculation_act(birth, on, age):
    assert age_on(birth, on) == age


def test_under_30_on_april_first_means_born_on_or_after_april_second():
    assert born_on_or_after_for_age_under(30, date(2026, 4, 1)) == date(1996, 4, 2)


def test_fiscal_year():
    assert fiscal_year_of(date(2026, 3, 31)) == 2025
    assert fiscal_year_of(date(2026, 4, 1)) == 2026


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1998/6/3生まれ", PartialDate(1998, 6, 3)),
        ("1998年6月3日生まれ", PartialDate(1998, 6, 3)),
        ("１９９８年６月３日", PartialDate(1998, 6, 3)),
        ("H10.6.3", PartialDate(1998, 6, 3)),
        ("平成10年6月3日", PartialDate(1998, 6, 3)),
        ("令和元年5月1日", PartialDate(2019, 5, 1)),
        ("昭和63年12月", PartialDate(1988, 12)),
        ("1998年6月生まれ", PartialDate(1998, 6)),
        ("1996年生まれ", PartialDate(1996)),
        ("born June 3 1998", PartialDate(1998, 6, 3)),
        ("born 3 June 1998", PartialDate(1998, 6, 3)),
        ("born on June 3rd, 1998", PartialDate(1998, 6, 3)),
        ("graduating March 2027", PartialDate(2027, 3)),
        ("来年3月卒業予定", PartialDate(2027, 3)),
        ("1998-06-03", PartialDate(1998, 6, 3)),
        ("96年5月生まれ", PartialDate(1996, 5)),
        ("05年生まれです", PartialDate(2005)),
        ("99年12月3日生まれ", PartialDate(1999, 12, 3)),
    ],
)
def test_find_dates(text, expected):
    found = find_dates(normalize(text), TODAY)
    assert [m.value for m in found] == [expected]


def test_a_two_digit_year_is_a_year_only_before_生まれ():
    assert find_dates(normalize("96年の資料"), TODAY) == []
    assert find_dates(normalize("勤続10年で転職"), TODAY) == []
    assert find_dates(normalize("10年生存"), TODAY) == []  # 生 followed by a kanji is another word


def test_impossible_dates_are_ignored():
    assert find_dates(normalize("1998年2月30日"), TODAY) == []
    assert find_dates(normalize("平成35年"), TODAY) == []


def test_a_number_after_year_month_is_not_a_day_without_its_日():
    found = find_dates(normalize("2021年3月4年間勤務"), TODAY)
    assert found[0].value == PartialDate(2021, 3)


def test_partial_date_range():
    assert PartialDate(1996, 2).latest() == date(1996, 2, 29)
    assert PartialDate(1996).earliest() == date(1996, 1, 1)
