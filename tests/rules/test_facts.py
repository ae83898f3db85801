from __future__ import annotations

import json
from datetime import date

import pytest

from bot.rules.facts import Facts, extract, merge

TODAY = date(2026, 5, 10)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("1998/6/3生まれです", {"birth_year": 1998, "birth_month": 6, "birth_day": 3}),
        ("1998年6月3日生まれ", {"birth_year": 1998, "birth_month": 6, "birth_day": 3}),
        ("H10.6.3生まれ", {"birth_year": 1998, "birth_month": 6, "birth_day": 3}),
        ("平成元年1月10日生まれです", {"birth_year": 1989, "birth_month": 1, "birth_day": 10}),
        ("生年月日は昭和63年12月1日です", {"birth_year": 1988, "birth_month": 12, "birth_day": 1}),
        ("1998年6月生まれ", {"birth_year": 1998, "birth_month": 6}),
        ("1996年生まれ", {"birth_year": 1996}),
        ("27歳です", {"stated_age": 27, "stated_age_on": "2026-05-10"}),
        ("born June 3 1998", {"birth_year": 1998, "birth_month": 6, "birth_day": 3}),
        ("I'm 27", {"stated_age": 27, "stated_age_on": "2026-05-10"}),
        ("I am 24 years old", {"stated_age": 24, "stated_age_on": "2026-05-10"}),
    ],
)
def test_birth_and_age(message, expected):
    stated = extract(message, TODAY, _rules()).to_dict()
    assert {k: stated.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("message", "level", "status", "year", "month"),
    [
        ("修士修了です", "master", "graduated", None, None),
        ("大卒です", "university", "graduated", None, None),
        ("高卒です", "highschool", "graduated", None, None),
        ("短大を2025年3月に卒業", "junior_college", "graduated", 2025, 3),
        ("高専卒業見込み（2027年3月）", "technical_college", "expected", 2027, 3),
        ("博士課程在学中", "doctor", "expected", None, None),
        ("来年3月卒業予定の大学4年生です", "university", "expected", 2027, 3),
        ("大学3年生です", "university", "expected", 2028, 3),
        ("修士1年です", "master", "expected", 2028, 3),
        ("2021年3月に大学を卒業、2023年3月に大学院修了", "master", "graduated", 2023, 3),
        ("法科大学院を修了", "law_school", "graduated", None, None),
        ("大学は中退しました。高卒です", "highschool", "graduated", None, None),
        ("I have a master's degree", "master", "graduated", None, None),
        ("bachelor's graduating March 2027", "university", "expected", 2027, 3),
        ("I'm a 3rd-year university student", "university", "expected", 2028, 3),
        ("I finished high school in Japan in March 2023", "highschool", "graduated", 2023, 3),
    ],
)
def test_education(message, level, status, year, month):
    facts = extract(message, TODAY, _rules())
    assert (facts.education_level, facts.education_status, facts.graduation_year, facts.graduation_month) == (
        level, status, year, month)


def test_exam_names_are_not_read_as_the_askers_schooling():
    facts = extract("総合職の院卒者試験を受けられる？", TODAY, _rules())
    assert facts.exam == "sogo_insotsu_any" and facts.education_level is None
    assert extract("院卒の総合職の年齢制限は？", TODAY, _rules()).education_level is None


def test_high_school_date_is_kept_apart_from_a_higher_degree():
    facts = extract("2018年3月に高校を卒業し、2022年3月に大学を卒業しました", TODAY, _rules())
    assert (facts.hs_graduation_year, facts.hs_graduation_month) == (2018, 3)
    assert (facts.education_level, facts.graduation_year) == ("university", 2022)


@pytest.mark.parametrize(
    ("message", "exam"),
    [
        ("院卒の総合職", "sogo_insotsu_any"), ("総合職の院卒者試験", "sogo_insotsu_any"),
        ("総合職の法務区分", "sogo_insotsu_homu"), ("総合職大卒の教養区分", "sogo_daisotsu_kyoyo"),
        ("国家総合職", "sogo_any"), ("国家一般", "ippan_any"), ("一般職大卒", "ippan_daisotsu"),
        ("一般職の高卒", "ippan_kosotsu_any"), ("一般職（高卒）の社会人区分", "ippan_kosotsu_shakaijin"),
        ("刑務A", "keimu_a"), ("刑務Ｂ（社会人）", "keimu_b_shakaijin"), ("刑務官", "keimu_any"),
        ("国税", "kokuzei_senmon"), ("外専", "gaimu_senmon"), ("入管のIT人材", "isa_it_2025"),
        ("障害者選考", "disability_2019"), ("海上保安大学校", "kaiho_daigakko"), ("海上保安学校", "kaiho_gakko"),
        ("法務教官Aの社会人", "homu_kyokan_a_shakaijin"), ("矯正心理専門職B", "homu_kyosei_b"),
        ("the comprehensive graduate school exam", "sogo_insotsu_any"),
        ("the ISA's IT specialist position", "isa_it_2025"),
    ],
)
def test_exam_names(message, exam):
    assert extract(message + "を受けられますか", TODAY, _rules()).exam == exam


@pytest.mark.parametrize(
    ("message", "year"),
    [("2027年度の国税", 2027), ("令和9年度", 2027), ("来年度の試験", 2027), ("FY2027", 2027), ("2027年の一般職", None)],
)
def test_exam_year(message, year):
    assert extract(message, TODAY, _rules()).exam_year == year


@pytest.mark.parametrize(
    ("message", "nationality"),
    [("日本国籍です", "japanese"), ("日本人です", "japanese"), ("外国籍です", "foreign"),
     ("日本国籍はありません", "foreign"), ("日本とアメリカの二重国籍", "dual"), ("日本国籍と外国の国籍を持っています", "dual"),
     ("Japanese citizen", "japanese"), ("I have dual nationality", "dual"), ("I'm not a Japanese citizen", "foreign")],
)
def test_nationality(message, nationality):
    assert extract(message, TODAY, _rules()).nationality == nationality


@pytest.mark.parametrize(
    ("message", "sex"), [("男性です", "male"), ("25歳の女性です", "female"), ("I'm a woman", "female"), ("male", "male")]
)
def test_sex(message, sex):
    assert extract(message, TODAY, _rules()).sex == sex


def test_years_of_work_it_and_enrolment():
    facts = extract("正社員として15年、うちIT分野での実務経験は5年半です。大学に4年、大学院に2年在学しました", TODAY, _rules())
    assert (facts.work_years, facts.it_years, facts.enrolled_years) == (15, 5.5, 6)
    english = extract("I worked full-time for 14 years, 6 years of IT experience", TODAY, _rules())
    assert (english.work_years, english.it_years) == (14, 6)
    # The IT years told as a role held for so long («直近10年はシステムエンジニアとして»).
    role = extract("正社員として通算18年勤務、そのうち直近10年はシステムエンジニアとしてIT業務に従事", TODAY, _rules())
    assert (role.work_years, role.it_years) == (18, 10)


def test_flags():
    facts = extract("法科大学院を修了して司法試験に合格しました", TODAY, _rules())
    assert facts.bar_exam_passed is True
    assert extract("司法試験はまだです", TODAY, _rules()).bar_exam_passed is False
    assert extract("療育手帳を持っています", TODAY, _rules()).disability_certificate is True
    assert extract("手帳は持っていません", TODAY, _rules()).disability_certificate is False
    assert extract("欠格事由には該当しません", TODAY, _rules()).art38_applies is False
    assert extract("薬学部を卒業しました", TODAY, _rules()).food_course is True


def test_round_trip_is_json_safe():
    facts = extract("1998年6月生まれ、2027年3月に大学卒業見込み、日本国籍、国税を受けたい", TODAY, _rules())
    again = Facts.from_dict(json.loads(json.dumps(facts.to_dict())))
    assert again == facts
    assert Facts.from_dict({"unknown_key": 1, "sex": "male"}) == Facts(sex="male")


def test_merge_refines_and_corrects():
    first = Facts(birth_year=1996, education_level="master", education_status="graduated", exam="sogo_insotsu_any")
    refined = merge(first, Facts(birth_month=6))
    assert (refined.birth_year, refined.birth_month, refined.exam) == (1996, 6, "sogo_insotsu_any")
    corrected = merge(Facts(birth_year=1998, birth_month=6, birth_day=3), Facts(birth_year=1999))
    assert (corrected.birth_year, corrected.birth_month, corrected.birth_day) == (1999, None, None)
    by_age = merge(Facts(birth_year=1998, birth_month=6), Facts(stated_age=30, stated_age_on="2026-05-10"))
    assert by_age.birth_year is None and by_age.stated_age == 30
    assert merge(Facts(sex="male"), Facts(sex="female")).sex == "female"
    dated = merge(Facts(education_level="university"), Facts(graduation_year=2027, graduation_month=3))
    assert (dated.education_level, dated.graduation_year) == ("university", 2027)


def _rules():
    from bot.rules.schema import load_rules

    return load_rules()
