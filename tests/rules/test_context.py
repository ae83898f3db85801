from datetime import date

from bot.rules.context import Context
from bot.rules.dates import PartialDate
from bot.rules.facts import Facts


def test_the_context_speaks_dates_in_the_askers_language():
    ja = Context(Facts(), 2027, date(2026, 11, 23), "ja")
    assert ja.april_first == date(2027, 4, 1) and ja.march_end == date(2028, 3, 31)
    assert ja.partial(PartialDate(1998, 6)) == "1998年6月"
    assert ja.partial(PartialDate(1998, 6, 3)) == "1998年6月3日"
    en = Context(Facts(), 2027, date(2026, 11, 23), "en")
    assert en.day(date(1998, 6, 3)) == "1998-06-03"
