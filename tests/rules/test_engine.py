"""Every exam of 別表第三 (and the two selections) at its boundaries, for 試験年度 2026."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.engine import evaluate, evaluate_best, question_for
from bot.rules.facts import Facts

TODAY = date(2026, 5, 10)
Y = 2026  # 試験年度: 4月1日 is 2026-04-01, 「試験年度の三月」 is 2027-03


def born(y: int, m: int | None = None, d: int | None = None, **more) -> Facts:
    return Facts(birth_year=y, birth_month=m, birth_day=d, exam_year=Y, **more)


MASTER = {"education_level": "master", "education_status": "graduated"}
UNI_EXPECTED = {"education_level": "university", "education_status": "expected", "graduation_year": 2027, "graduation_month": 3}
UNI_LATE = {"education_level": "university", "education_status": "expected", "graduation_year": 2027, "graduation_month": 9}
JC_EXPECTED = {"education_level": "junior_college", "education_status": "expected", "graduation_year": 2027, "graduation_month": 3}
HS = {"education_level": "highschool"}


def hs(y: int, m: int | None = 3, d: int | None = None, **more) -> Facts:
    return Facts(hs_graduation_year=y, hs_graduation_month=m, hs_graduation_day=d, exam_year=Y, **more)


CASES = [
    # 総合職 院卒者: 30歳未満 on 4月1日 + 修士（見込み）
    ("sogo_insotsu", born(1996, 4, 2, **MASTER), "eligible"),
    ("sogo_insotsu", born(1996, 4, 1, **MASTER), "ineligible"),
    ("sogo_insotsu", born(2000, 1, 1, education_level="master", education_status="expected", graduation_year=2027, graduation_month=3), "eligible"),
    ("sogo_insotsu", born(2000, 1, 1, education_level="master", education_status="expected", graduation_year=2027, graduation_month=9), "ineligible"),
    ("sogo_insotsu", born(2000, 1, 1, education_level="university", education_status="graduated"), "ineligible"),
    ("sogo_insotsu", born(2000, 1, 1, education_level="doctor", education_status="expected"), "eligible"),
    # 法務: 法科大学院修了 + 司法試験合格
    ("sogo_insotsu_homu", born(1996, 4, 2, education_level="law_school", education_status="graduated", bar_exam_passed=True), "eligible"),
    ("sogo_insotsu_homu", born(1996, 4, 1, education_level="law_school", education_status="graduated", bar_exam_passed=True), "ineligible"),
    ("sogo_insotsu_homu", born(1998, 1, 1, education_level="law_school", education_status="graduated", bar_exam_passed=False), "ineligible"),
    ("sogo_insotsu_homu", born(1998, 1, 1, education_level="law_school", education_status="expected", bar_exam_passed=True), "ineligible"),
    ("sogo_insotsu_homu", born(1998, 1, 1, **MASTER, bar_exam_passed=True), "ineligible"),
    # 総合職 大卒程度: 21以上30未満, or 21未満 with 大学卒業（見込み）; 教養 adds 20歳
    ("sogo_daisotsu", born(2005, 4, 1), "eligible"),
    ("sogo_daisotsu", born(1996, 4, 2), "eligible"),
    ("sogo_daisotsu", born(1996, 4, 1), "ineligible"),
    ("sogo_daisotsu", born(2005, 4, 2, **UNI_EXPECTED), "eligible"),
    ("sogo_daisotsu", born(2005, 4, 2, **UNI_LATE), "ineligible"),
    ("sogo_daisotsu", born(2005, 4, 2, **JC_EXPECTED), "ineligible"),
    ("sogo_daisotsu", born(2005, 4, 2), "need_info"),
    ("sogo_daisotsu_kyoyo", born(2005, 4, 2, **HS), "eligible"),
    ("sogo_daisotsu_kyoyo", born(2006, 4, 1, **HS), "eligible"),
    ("sogo_daisotsu_kyoyo", born(2006, 4, 2, **HS), "ineligible"),
    ("sogo_daisotsu_kyoyo", born(2006, 4, 2, **UNI_EXPECTED), "eligible"),
    # 一般職 大卒程度: 短大・高専 also count for those under 21
    ("ippan_daisotsu", born(2005, 4, 2, **JC_EXPECTED), "eligible"),
    ("ippan_daisotsu", born(2005, 4, 2, **HS), "ineligible"),
    ("ippan_daisotsu", born(1996, 4, 2), "eligible"),
    ("ippan_daisotsu", born(1996, 4, 1), "ineligible"),
    # 一般職 高卒程度: 卒業の翌日から2年 ⇔ graduated on or after 2024-04-01, or expected by 2027-03
    ("ippan_kosotsu", hs(2024, 4, 1), "eligible"),
    ("ippan_kosotsu", hs(2024, 3, 31), "ineligible"),
    ("ippan_kosotsu", hs(2024, 3), "ineligible"),
    ("ippan_kosotsu", hs(2026, 3), "eligible"),
    ("ippan_kosotsu", Facts(education_level="highschool", education_status="expected", graduation_year=2027, graduation_month=3, exam_year=Y), "eligible"),
    ("ippan_kosotsu", Facts(education_level="highschool", education_status="expected", graduation_year=2028, graduation_month=3, exam_year=Y), "ineligible"),
    ("ippan_kosotsu", hs(2024, None), "need_info"),
    ("ippan_kosotsu_shakaijin", hs(2024, 3, birth_year=1986, birth_month=4, birth_day=2), "eligible"),
    ("ippan_kosotsu_shakaijin", hs(2024, 3, birth_year=1986, birth_month=4, birth_day=1), "ineligible"),
    ("ippan_kosotsu_shakaijin", hs(2024, 4, birth_year=2006, birth_month=1, birth_day=1), "ineligible"),
    # 皇宮護衛官
    ("kogu_daisotsu", born(2005, 4, 2, **JC_EXPECTED), "eligible"),
    ("kogu_daisotsu", born(1996, 4, 1), "ineligible"),
    ("kogu_kosotsu", hs(2021, 4), "eligible"),
    ("kogu_kosotsu", hs(2021, 3), "ineligible"),
    ("kogu_kosotsu_shakaijin", hs(2021, 3, birth_year=1990, birth_month=1, birth_day=1), "eligible"),
    ("kogu_kosotsu_shakaijin", hs(2021, 4, birth_year=1990, birth_month=1, birth_day=1), "ineligible"),
    # 刑務官: 17以上29未満 男子/女子; 社会人 29以上40未満
    ("keimu_a", born(2009, 4, 1, sex="male"), "eligible"),
    ("keimu_a", born(2009, 4, 2, sex="male"), "ineligible"),
    ("keimu_a", born(1997, 4, 2, sex="male"), "eligible"),
    ("keimu_a", born(1997, 4, 1, sex="male"), "ineligible"),
    ("keimu_a", born(2000, 1, 1, sex="female"), "ineligible"),
    ("keimu_a", born(2000, 1, 1), "need_info"),
    ("keimu_b", born(2000, 1, 1, sex="female"), "eligible"),
    ("keimu_a_shakaijin", born(1997, 4, 1, sex="male"), "eligible"),
    ("keimu_a_shakaijin", born(1997, 4, 2, sex="male"), "ineligible"),
    ("keimu_a_shakaijin", born(1986, 4, 1, sex="male"), "ineligible"),
    ("keimu_b_shakaijin", born(1986, 4, 2, sex="female"), "eligible"),
    ("keimu_b_shakaijin", born(1986, 4, 1, sex="female"), "ineligible"),
    ("keimu_b", born(2000, 1, 1, sex="male"), "ineligible"),
    # 入国警備官: 5年
    ("nyukoku", hs(2021, 4), "eligible"),
    ("nyukoku", hs(2021, 3), "ineligible"),
    ("nyukoku_shakaijin", hs(2021, 3, birth_year=1987, birth_month=1, birth_day=1), "eligible"),
    ("nyukoku_shakaijin", hs(2015, 3, birth_year=1986, birth_month=4, birth_day=1), "ineligible"),
    # 法務省専門職員（人間科学）
    ("homu_kyosei_a", born(1996, 4, 2, sex="male"), "eligible"),
    ("homu_kyosei_a", born(1996, 4, 2, sex="female"), "ineligible"),
    ("homu_kyosei_b", born(2005, 4, 2, sex="female", **UNI_EXPECTED), "eligible"),
    ("homu_kyosei_b", born(2005, 4, 2, sex="female", **JC_EXPECTED), "ineligible"),
    ("homu_kyokan_a", born(2005, 4, 2, sex="male", **JC_EXPECTED), "eligible"),
    ("homu_kyokan_b", born(1996, 4, 1, sex="female"), "ineligible"),
    ("homu_kyokan_b", born(1996, 4, 2, sex="female"), "eligible"),
    ("homu_kyokan_a", born(2005, 4, 2, sex="male", **HS), "ineligible"),
    ("homu_kyokan_a_shakaijin", born(1996, 4, 1, sex="male"), "eligible"),
    ("homu_kyokan_a_shakaijin", born(1996, 4, 2, sex="male"), "ineligible"),
    ("homu_kyokan_b_shakaijin", born(1986, 4, 2, sex="female"), "eligible"),
    ("homu_kyokan_b_shakaijin", born(1986, 4, 1, sex="female"), "ineligible"),
    ("homu_hogo", born(1996, 4, 2), "eligible"),
    ("homu_hogo", born(1996, 4, 1), "ineligible"),
    # 大卒程度の専門職
    ("gaimu_senmon", born(1996, 4, 2, nationality="japanese"), "eligible"),
    ("gaimu_senmon", born(1996, 4, 2, nationality="dual"), "ineligible"),
    ("gaimu_senmon", born(1996, 4, 1), "ineligible"),
    ("zaimu_senmon", born(2005, 4, 2, **JC_EXPECTED), "eligible"),
    ("zaimu_senmon", born(1996, 4, 1), "ineligible"),
    ("kokuzei_senmon", born(2005, 4, 2, **JC_EXPECTED), "ineligible"),
    ("kokuzei_senmon", born(2005, 4, 1), "eligible"),
    ("rodo_kijun", born(1996, 4, 2), "eligible"),
    ("rodo_kijun", born(1996, 4, 1), "ineligible"),
    ("koku_kanseikan", born(2005, 4, 2, **JC_EXPECTED), "eligible"),
    ("koku_kanseikan", born(1996, 4, 1), "ineligible"),
    ("shokuhin_eisei", born(2000, 1, 1, education_level="university", education_status="graduated", food_course=True), "eligible"),
    ("shokuhin_eisei", born(2000, 1, 1, education_level="junior_college", education_status="graduated", food_facility=True), "eligible"),
    ("shokuhin_eisei", born(2000, 1, 1, education_level="university", education_status="graduated", food_course=False, food_facility=False), "ineligible"),
    ("shokuhin_eisei", born(1996, 4, 1, education_level="university", education_status="graduated", food_course=True), "ineligible"),
    ("shokuhin_eisei", born(2005, 4, 2, education_level="junior_college", education_status="graduated", food_facility=True), "ineligible"),
    ("shokuhin_eisei", born(2005, 4, 2, **UNI_EXPECTED, food_facility=True), "eligible"),
    ("shokuhin_eisei", born(2000, 1, 1, education_level="university", education_status="graduated"), "need_info"),
    # 高卒程度の学生採用・税務職員
    ("zeimu_shokuin", hs(2023, 4), "eligible"),
    ("zeimu_shokuin", hs(2023, 3), "ineligible"),
    ("koku_hoan_daigakko", hs(2023, 4), "eligible"),
    ("koku_hoan_daigakko", hs(2023, 3), "ineligible"),
    ("kisho_daigakko", hs(2024, 4), "eligible"),
    ("kisho_daigakko", hs(2024, 3), "ineligible"),
    ("kaiho_daigakko", hs(2024, 4), "eligible"),
    ("kaiho_daigakko", hs(2024, 3), "ineligible"),
    ("kaiho_gakko", hs(2021, 4), "eligible"),
    ("kaiho_gakko", hs(2020, 3), "ineligible"),
    ("kaiho_gakko", hs(2021, 3), "need_info"),  # 6 years only for the first of two exams
    ("kaiho_gakko", hs(2021, 3, first_of_two_exams=True), "eligible"),
    ("kaiho_gakko", hs(2021, 3, first_of_two_exams=False), "ineligible"),
    ("kaiho_gakko", Facts(education_level="highschool", education_status="expected", graduation_year=2027, graduation_month=3, exam_year=Y, first_of_two_exams=True), "ineligible"),
    # 入管庁 IT人材: 13年 − 在学年数, IT 3年, 定年62歳 by 2025-10-01
    ("isa_it_2025", Facts(work_years=13, it_years=3), "eligible"),
    ("isa_it_2025", Facts(work_years=9, enrolled_years=4, it_years=3), "eligible"),
    ("isa_it_2025", Facts(work_years=8, enrolled_years=4, it_years=5), "ineligible"),
    ("isa_it_2025", Facts(work_years=12, it_years=5, education_level="highschool"), "ineligible"),
    ("isa_it_2025", Facts(work_years=12, it_years=5), "need_info"),
    ("isa_it_2025", Facts(work_years=20, it_years=2), "ineligible"),
    ("isa_it_2025", Facts(work_years=20, it_years=5, birth_year=1963, birth_month=10, birth_day=1), "ineligible"),
    ("isa_it_2025", Facts(work_years=20, it_years=5, birth_year=1963, birth_month=10, birth_day=2), "eligible"),
    ("isa_it_2025", Facts(work_years=20, it_years=5, nationality="foreign"), "ineligible"),
    # 障害者選考試験（2019年度）
    ("disability_2019", Facts(disability_certificate=True), "eligible"),
    ("disability_2019", Facts(disability_certificate=True, nationality="dual"), "eligible"),
    ("disability_2019", Facts(disability_certificate=True, nationality="foreign"), "ineligible"),
    ("disability_2019", Facts(disability_certificate=False), "ineligible"),
    ("disability_2019", Facts(), "need_info"),
]


@pytest.mark.parametrize(("exam_id", "facts", "verdict"), CASES)
def test_boundaries(rules, exam_id, facts, verdict):
    assert evaluate(exam_id, facts, rules, TODAY).eligibility.verdict == verdict


def test_every_exam_has_passing_and_failing_cases(rules):
    seen: dict[str, set[str]] = {}
    for exam_id, _, verdict in CASES:
        seen.setdefault(exam_id, set()).add(verdict)
    for exam in rules.exams:
        assert {"eligible", "ineligible"} <= seen.get(exam.id, set()), exam.id


def test_detail_shows_the_computed_age(rules):
    result = evaluate("sogo_insotsu", born(1995, 6, 1, **MASTER), rules, TODAY)
    age = result.eligibility.checks[0]
    assert age.status == "fail"
    assert age.detail == "2026年4月1日時点で30歳（30歳未満が要件）"


def test_month_only_birth_asks_for_the_day_only_when_it_matters(rules):
    assert evaluate("sogo_insotsu", born(1996, 3, **MASTER), rules, TODAY).eligibility.verdict == "ineligible"
    assert evaluate("sogo_insotsu", born(1996, 5, **MASTER), rules, TODAY).eligibility.verdict == "eligible"
    april = evaluate("sogo_insotsu", born(1996, 4, **MASTER), rules, TODAY)
    assert april.eligibility.verdict == "need_info"
    assert april.missing == ("birth_day",)
    assert april.question == "判定のため、生まれた日（何日生まれか）を教えてください。"


def test_year_only_birth_asks_for_month_and_day(rules):
    result = evaluate("sogo_insotsu", born(1996, **MASTER), rules, TODAY)
    assert result.missing == ("birth_month_day",)
    assert evaluate("sogo_insotsu", born(1998, **MASTER), rules, TODAY).eligibility.verdict == "eligible"


def test_stated_age_is_a_year_of_birth_dates(rules):
    facts = Facts(stated_age=27, stated_age_on="2026-05-10", exam_year=Y, **MASTER)
    result = evaluate("sogo_insotsu", facts, rules, TODAY)
    assert result.eligibility.verdict == "eligible"
    assert "27歳は2026年5月10日時点の年齢として計算" in result.eligibility.checks[0].detail
    facts = Facts(stated_age=30, stated_age_on="2026-05-10", exam_year=Y, **MASTER)
    assert evaluate("sogo_insotsu", facts, rules, TODAY).missing == ("birth_date",)


def test_alternatives_that_cover_every_possible_age_decide_together(rules):
    # Born in 2005: 20 on 2026-04-01 (教養's own clause) or 21 (the general clause) — eligible either way.
    result = evaluate("sogo_daisotsu_kyoyo", born(2005, **HS), rules, TODAY)
    assert result.eligibility.verdict == "eligible"
    assert "20歳・21歳のどちらでも同じ結果" in result.eligibility.checks[0].detail
    # Born in 2006: 19 fails every clause, 20 passes one — the month and day still decide.
    assert evaluate("sogo_daisotsu_kyoyo", born(2006, **HS), rules, TODAY).missing == ("birth_month_day",)
    # Outside 教養 a 20-year-old with only high school fails too, so born in 2005 still needs the day.
    assert evaluate("sogo_daisotsu", born(2005, **HS), rules, TODAY).missing == ("birth_month_day",)


def test_unstated_disqualifications_do_not_block_but_are_listed(rules):
    result = evaluate("sogo_insotsu", born(1998, 1, 1, **MASTER), rules, TODAY)
    assert result.eligibility.verdict == "eligible"
    assert result.missing == ()
    disq = [c for c in result.eligibility.checks if c.status == "unknown"]
    assert disq and all("disqualification" in c.id for c in disq)


def test_foreign_nationality_is_ineligible_for_every_npa_exam(rules):
    for exam in rules.exams:
        if "disqualification.nationality" in exam.rules:
            result = evaluate(exam.id, Facts(nationality="foreign"), rules, TODAY)
            assert result.eligibility.verdict == "ineligible", exam.id


def test_cites_index_sources_and_sources_are_deduplicated(rules):
    result = evaluate("keimu_a_shakaijin", born(1990, 1, 1, sex="male"), rules, TODAY)
    assert len(set(result.sources)) == len(result.sources)
    for check in result.eligibility.checks:
        doc_id, quote = result.sources[check.cite - 1]
        assert quote == rules.rule(check.id).source.quote and doc_id == rules.rule(check.id).source.doc_id


@pytest.mark.parametrize(("today", "year"), [(date(2026, 1, 5), 2026), (date(2026, 9, 30), 2026), (date(2026, 10, 1), 2027)])
def test_default_exam_year_is_stated_as_assumed(rules, today, year):
    result = evaluate("sogo_daisotsu", Facts(birth_year=2000, birth_month=1, birth_day=1), rules, today)
    assert (result.exam_year, result.exam_year_assumed) == (year, True)
    explicit = evaluate("sogo_daisotsu", Facts(birth_year=2000, exam_year=2028), rules, today)
    assert (explicit.exam_year, explicit.exam_year_assumed) == (2028, False)


def test_fixed_year_recruitments_ignore_the_default_year(rules):
    assert evaluate("isa_it_2025", Facts(), rules, TODAY).exam_year == 2025


def test_family_picks_the_member_that_admits(rules):
    older = Facts(hs_graduation_year=2018, hs_graduation_month=3, birth_year=2000, birth_month=1, birth_day=1, exam_year=Y)
    assert evaluate_best("ippan_kosotsu_any", older, rules, TODAY).exam_id == "ippan_kosotsu_shakaijin"
    woman = born(2000, 1, 1, sex="female")
    assert evaluate_best("keimu_any", woman, rules, TODAY).exam_id == "keimu_b"


def test_one_question_for_several_missing_facts(rules):
    result = evaluate("keimu_a", Facts(exam_year=Y), rules, TODAY)
    assert result.missing == ("birth_date", "sex")
    assert result.question.count("？") + result.question.count("。") == 1
    assert question_for(["birth_date", "education", "sex"]).startswith("判定のため、生年月日、最終学歴")


def test_english_details(rules):
    result = evaluate("sogo_insotsu", born(1995, 6, 1, **MASTER), rules, TODAY, lang="en")
    assert result.eligibility.checks[0].detail == "30 on 2026-04-01 (under 30 required)"
    assert result.eligibility.checks[0].label.startswith("Under 30")


def test_expected_high_school_graduation_is_marked(rules):
    facts = Facts(education_level="highschool", education_status="expected", graduation_year=2027, graduation_month=3, exam_year=Y)
    check = evaluate("zeimu_shokuin", facts, rules, TODAY).eligibility.checks[0]
    assert check.detail.startswith("高校卒業: 2027年3月（見込み）")
