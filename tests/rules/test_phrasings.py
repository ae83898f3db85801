"""Eligibility questions as applicants write them, through the real /api/chat pipeline.

An independent set: colloquial Japanese, typos and all-kana, half-width kana, full-width digits,
kanji numerals, 和暦 and 元年, English, facts over several turns and corrections. Each expected
verdict and failing rule ids were worked out by hand from the rule text, for 2027年度 (the exam
year the bot assumes on tests/conftest.TODAY = 2026-11-23 unless a year is stated):
30歳未満 ⇔ born on/after 1997-04-02; 21歳以上 ⇔ born on/before 2006-04-01; 17–28 (刑務) ⇔ born
1998-04-02…2010-04-01; 40歳未満 ⇔ born on/after 1987-04-02; 高卒 N年 ⇔ graduated on/after
(2027−N)-04-01 or expected by 2028-03; 社会人 ⇔ graduated on/before (2027−N)-03-31. A stated age
counts on the day it is said (2026-11-23), so it spans two ages on 2027-04-01.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Case:
    turns: tuple[str, ...]
    verdict: str
    failing: tuple[str, ...] = ()
    exam: str = ""  # a piece of the exam name the verdict must be about


def case(turns, verdict, failing=(), exam=""):
    return Case((turns,) if isinstance(turns, str) else tuple(turns), verdict, tuple(failing), exam)


CASES = [
    # --- kanji numerals, 和暦, 元年 ---------------------------------------------------------
    case("平成十年五月生まれ、修士修了です。院卒の総合職は受けられますか", "eligible", exam="院卒者試験"),
    case("二十五歳で大学を卒業しています。国家一般職の大卒程度を受験できますか", "eligible", exam="一般職試験（大卒程度試験）"),
    case("昭和六十三年生まれ、大卒。財務専門官は受けられますか", "ineligible", ["daisotsu_college.age_or_degree"], "財務専門官"),
    case("平成元年生まれで高卒、社会人歴15年。一般職の社会人区分を受けたい、受けられますか", "eligible", exam="社会人"),
    case("Ｈ元年１２月生まれ、修士修了。院卒の総合職いける？", "ineligible", ["sogo_insotsu.age"], "院卒者試験"),
    case("高校を出て三年たちました。税務職員の試験を受けられますか", "ineligible", ["zeimu.highschool"], "税務職員"),
    case("国家一般職の大卒、R2年に短大卒業、2000年生まれ。受けられる？", "eligible", exam="一般職試験（大卒程度試験）"),
    case("平成十五年八月生まれで大学四年生なんですが、労基の試験受けられますか", "eligible", exam="労働基準監督官"),
    case("二〇〇〇年一月一日生まれの男です。刑務Aを受けられますか", "eligible", exam="刑務Ａ"),
    # --- full-width / half-width ------------------------------------------------------------
    case("１９９６年６月３日生まれ、修士修了。総合職の院卒者試験を受けられますか", "ineligible", ["sogo_insotsu.age"], "院卒者試験"),
    case("２０２７年度の国家一般職（大卒程度）、２００７年１月生まれで短大を２０２７年３月卒業予定。受けられますか", "eligible",
         exam="一般職試験（大卒程度試験）"),
    case("ｺｳｺｳを2025年3月に卒業、ｺｯｶｲｯﾊﾟﾝの高卒程度を2027年度に受けたいけど受けられる？", "need_info", exam="高卒程度"),
    case("ｿｳｺﾞｳｼｮｸの院卒、1998年5月生まれ、修士2年です。受けれますか", "eligible", exam="院卒者試験"),
    case("ｹｲﾑｶﾝの刑務Bを受けたい女です。2003年生まれ。受けられますか", "eligible", exam="刑務Ｂ"),
    # --- all-kana typing --------------------------------------------------------------------
    case("ぜいむしょくいん しけん、こうこう そつぎょうして 1ねん。うけられる？", "eligible", exam="税務職員"),
    case("じゅけんしかくある？ そうごうしょく いんそつ。しゅうし しゅうりょう、1997ねん5がつうまれ", "eligible", exam="院卒者試験"),
    case("にゅうこくけいびかん の しゃかいじん くぶん、40さい です。うけられる？", "ineligible", ["nyukoku_shakaijin.age"], "社会人"),
    case("けいむかん うけられる？ 2011ねん うまれの おとこ", "ineligible", ["keimu.age"]),
    # An exam name only the respelling makes out: the question is read as the documents spell it.
    case("がいむしょう せんもんしょくいん の しけん うけたいんだけど いま だいがく3ねんせい。うけれる？", "need_info", exam="外務省専門職員"),
    # --- asked at length («…を受験することはできますか») with the asker's own facts -----------------
    case("私は1996年12月1日生まれで、2027年3月に大学院修士課程を修了する予定です。2027年度の総合職試験（院卒者試験）の行政区分を受験することはできますか。",
         "ineligible", ["sogo_insotsu.age"], "院卒者試験"),
    # --- colloquial exam names ----------------------------------------------------------------
    case("国般（大卒）受けれる？22歳です", "eligible", exam="一般職試験（大卒程度試験）"),
    case("外専を受けたいのですが、日本とアメリカの二重国籍です。24歳、大卒。受験できますか", "ineligible",
         ["disqualification.foreign_nationality_mofa"], "外務省専門職員"),
    case("国税って受けられる？31歳で大卒です", "ineligible", ["daisotsu_university.age_or_degree"], "国税専門官"),
    case("航空管制の試験って受けられる？2001年生まれ、短大卒です", "eligible", exam="航空管制官"),
    case("入国警備官を受けたいです。2023年3月に高校を卒業しました。受験できますか", "eligible", exam="入国警備官"),
    case("入国警備官の受験資格ある？高校は2020年3月卒業、1999年生まれ", "eligible", exam="社会人"),
    case("刑務Aって女でも受けられる？1999年生まれ", "ineligible", ["keimu_a.sex"], "刑務Ａ"),
    case("刑務A（社会人）を受けたい。1990年5月生まれの男性です。受けられる？", "eligible", exam="刑務Ａ（社会人）"),
    case("2010年4月2日生まれの男子高校生です。2027年度の刑務Aを受けられますか", "ineligible", ["keimu.age"], "刑務Ａ"),
    case("法務教官Aを受けたい。1996年10月生まれの男、大卒です。受験できますか", "ineligible", ["homu_kyokan.age_or_degree"], "法務教官Ａ"),
    case("矯正心理専門職Bを受験したい。男性ですが受験できますか。1999年生まれ、大卒", "ineligible", ["homu.female"], "矯正心理専門職Ｂ"),
    case("保護観察官って、2004年5月生まれで大学3年なんですが受けられますか？", "eligible", exam="保護観察官"),
    case("皇宮護衛官（高卒程度）を受けたいです。2022年3月に高校卒業。受けられますか", "ineligible", ["kogu_kosotsu.highschool"], "皇宮護衛官"),
    case("海上保安学校の1回目の試験、2021年3月高校卒業でも受けられる？", "ineligible", ["kaiho_gakko.highschool"], "海上保安学校"),
    case("2022年3月に高校卒業。海上保安学校を受けられますか", "need_info", exam="海上保安学校"),
    case("気象大学校、来年3月に高校卒業予定だけど受けられる？", "eligible", exam="気象大学校"),
    case("航空保安大学校を受けたい。2025年3月高卒です。受けられますか", "eligible", exam="航空保安大学校"),
    case("今高校3年生で来年3月卒業予定です。国家一般職の高卒程度を受けられますか", "eligible", exam="高卒程度"),
    case("税務職員採用試験、2023年3月に高校卒業したんですが受けられますか", "ineligible", ["zeimu.highschool"], "税務職員"),
    case("総合職の教養区分、2006年7月生まれの大学2年です。受けられる？", "eligible", exam="教養"),
    case("2007年1月生まれの大学2年です。2027年度の国家一般職の大卒程度を受けられますか", "ineligible",
         ["ippan_daisotsu.age_or_degree"], "一般職試験（大卒程度試験）"),
    case("総合職の法務区分、法科大学院修了済みで司法試験にも合格、27歳です。いけますか", "eligible", exam="法務"),
    case("食品衛生監視員を受けたい。大学の薬学部を来年3月卒業見込み、1999年生まれ。受けられる？", "eligible", exam="食品衛生監視員"),
    case("管制官を受けたい、2007年6月生まれで高専4年生です。受けられますか", "eligible", exam="航空管制官"),
    case("中国籍です。2000年生まれ大卒、国家一般職（大卒程度）受けられますか", "ineligible", ["disqualification.nationality"]),
    # --- students' shorthand ----------------------------------------------------------------------
    case("平成11年3月31日生まれで今M2です。総合職院卒受けられますか？", "eligible", exam="院卒者試験"),
    case("国家一般職の高卒って、平成20年生まれの高3でも受けられる？", "eligible", exam="高卒程度"),
    case("2000年生の大卒です。財務専門官いける？", "eligible", exam="財務専門官"),
    case("B3で2006年5月生まれ。国税専門官を受けたいけど受けられますか", "eligible", exam="国税専門官"),
    # --- age boundaries on 4月1日 ------------------------------------------------------------
    case("1997年4月1日生まれ、修士修了。2027年度の院卒者試験を受けられますか", "ineligible", ["sogo_insotsu.age"], "院卒者試験"),
    case("1997年4月2日生まれ、修士修了。2027年度の院卒者試験を受けられますか", "eligible", exam="院卒者試験"),
    case("2027年4月1日時点で29歳です。修士を修了しています。総合職の院卒、受験できますか", "eligible", exam="院卒者試験"),
    # --- IT人材 and 障害者選考 ----------------------------------------------------------------
    case("IT人材の選考に応募できますか。高校卒業後ずっとエンジニアで正社員歴15年です。日本国籍", "eligible", exam="IT人材"),
    case("入管のIT人材、大学院修士修了で正社員8年（うちIT5年）。応募資格ありますか", "eligible", exam="IT人材"),
    case("IT人材の選考、大卒で社会人6年目、ずっとSEです。応募資格ありますか", "ineligible", ["isa_it.experience"], "IT人材"),
    case("IT人材に応募できますか。65歳、高卒で正社員40年、うちIT10年", "ineligible", ["isa_it.disqualification.retirement_age"]),
    case("高卒で正社員として16年、その間ずっと社内SE。日本国籍。入管のIT人材の応募資格って満たしてる？", "eligible", exam="IT人材"),
    # --- two-digit birth years, a 区分 named without （社会人） ---------------------------------------
    case("99年8月生まれ、大学を卒業しました。国家一般職の大卒程度は受けられますか", "eligible", exam="一般職試験（大卒程度試験）"),
    case("95年生まれで大卒です。国家一般職の大卒程度は受験できますか", "ineligible", ["ippan_daisotsu.age_or_degree"]),
    case("2023年3月に高校を卒業して今は会社員。一般職（高卒程度）の技術区分を受験できますか", "ineligible",
         ["ippan_kosotsu.highschool"], "事務・技術"),
    case("障がい者選考って受けられますか？身体障害者手帳を持っています", "eligible", exam="障害者選考"),
    case("障害者選考を受けたいけど手帳は持っていません。受験できますか", "ineligible", ["disability_2019.certificate"], "障害者選考"),
    # --- English --------------------------------------------------------------------------------
    case("I was born in March 1999 and will finish my master's in 2026, can I take the sogoshoku graduate exam?", "eligible",
         exam="院卒者試験"),
    case("Can I take the National Public Service Exam (general, college level)? I'm 24 and graduated from university.", "eligible",
         exam="一般職試験（大卒程度試験）"),
    case("I'm a Korean citizen, 26, with a bachelor's degree. Can I take the general service exam for university graduates?",
         "ineligible", ["disqualification.nationality"]),
    case("Can I apply for the prison officer exam? I'm a 30 year old man.", "eligible", exam="刑務Ａ（社会人）"),
    case("Can I apply for the immigration agency IT position? I have 14 years of full-time work since high school, "
         "5 years in IT, Japanese citizen.", "eligible", exam="IT人材"),
    case("Can I apply for the disability selection exam? I have a physical disability certificate.", "eligible"),
    case("I'm 29 with a bachelor's. Can I sit the comprehensive service exam for university graduates in FY2027?", "need_info"),
    case(["Am I eligible for the air traffic control exam?", "I was born on 12 July 2001 and graduated from a junior college."],
         "eligible", exam="航空管制官"),
    # --- facts over several turns ---------------------------------------------------------------
    case(["総合職の院卒者試験を受けられますか", "1999年7月生まれです", "修士課程を2027年3月に修了予定です"], "eligible", exam="院卒者試験"),
    case(["受験資格があるか知りたいです。1998年11月生まれ、大学院修了です", "総合職の院卒者試験です"], "eligible", exam="院卒者試験"),
    case(["刑務官を受けたいです。受けられますか", "女です", "2005年2月14日生まれ"], "eligible", exam="刑務Ｂ"),
    case(["入管のIT人材の応募資格を満たしているか知りたい", "高卒です。正社員として14年", "IT分野の経験は2年です"], "ineligible",
         ["isa_it.it_experience"]),
    # --- corrections ------------------------------------------------------------------------------
    case(["1998年4月5日生まれ、修士修了。院卒の総合職を受けられますか", "いや、1997年3月生まれでした"], "ineligible",
         ["sogo_insotsu.age"], "院卒者試験"),
    case(["1998年4月5日生まれ、修士修了。院卒の総合職を受けられますか", "いや、1997年生まれでした"], "need_info", exam="院卒者試験"),
    case(["刑務Bを受けられますか。2001年生まれの男です", "すみません、女性です"], "eligible", exam="刑務Ｂ"),
    case(["23歳、大卒です。国税専門官を受けられますか", "いや、32歳でした"], "ineligible", ["daisotsu_university.age_or_degree"]),
]


def test_the_set_is_broad():
    assert len(CASES) >= 60
    verdicts = {c.verdict for c in CASES}
    assert verdicts == {"eligible", "ineligible", "need_info"}
    assert sum(len(c.turns) > 1 for c in CASES) >= 8


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.turns[-1][:40])
def test_verdict_and_citations(c, ask, docs_by_id, rules):
    session = None
    for message in c.turns:
        session, answer = ask(message, session)
    assert answer.kind == "eligibility", answer.text
    eligibility = answer.eligibility
    assert eligibility.verdict == c.verdict, answer.text
    assert {ch.id for ch in eligibility.checks if ch.status == "fail"} == set(c.failing), answer.text
    assert c.exam in eligibility.exam
    by_n = {citation.n: citation for citation in answer.citations}
    for check in eligibility.checks:
        if check.status == "unknown":
            continue
        cited = by_n[check.cite]
        # The passage the check rests on, quoted verbatim from the corpus, at the offsets given.
        assert cited.quote == rules.rule(check.id).source.quote
        assert docs_by_id[cited.doc_id].text[cited.start:cited.end] == cited.quote
        assert f"[{check.cite}]" in answer.text
