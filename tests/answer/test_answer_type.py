import pytest

from bot.answer.answer_type import expected_type, holds, prefer_typed, values_of_unnamed
from bot.types import Hit
from tests.conftest import assert_answered_from


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("男性の育休取得率って何％？", "percent"),
        ("障害者選考の倍率は？", "ratio"),
        ("How competitive is the exam?", "ratio"),
        ("点字だと試験時間は何倍？", None),  # a multiplier, not a competition ratio
        ("通勤手当の上限はいくら？", "money"),
        ("What is the salary?", "salary"),
        ("How much does the IT job pay?", "salary"),
        ("官庁訪問って何回くらいある？", "times"),
        ("語学研修って入省何年目？", "year_of_service"),
        ("語学研修ってなんねんめ？", "year_of_service"),
        ("How often is the bonus paid?", "times"),
        ("昇給は年になんかい？", "times"),  # question words typed in kana ask as their kanji do
        ("外務省の採用サイトのURLは？", "web_page"),
        ("What is the ISA recruitment website?", "web_page"),
        ("Does the IT job pay a regional allowance?", None),  # whether it is paid, not how much the pay is
        ("How many months' worth of bonus does the IT position pay per year?", "duration"),  # the bonus, not the salary
        ("ボーナスは年間何か月分？", "duration"),
        ("IT人材の給料っていくら？", "salary"),
        ("初任給は？", "salary"),
        ("住居手当はいくら？", "money"),
        ("俸給はどのように決まりますか", None),  # how it is set, not how much
        ("関東の採用予定数は何人？", "people"),
        ("1年目の年休は何日？", "days"),
        ("本省は朝何時から？", "clock"),
        ("基礎能力試験は何分？", "duration"),
        ("在外勤務は必ずある？", None),
        ("何日から申し込める？", None),  # a date, not a number of days
        ("今からでも応募って間に合う？", "application_period"),
        ("エントリーの締め切りは？", "application_period"),
        ("Is the application still open?", "application_period"),
        ("未経験でも応募できる？", None),  # who may apply, not until when
        ("応募方法を教えて", None),
        ("説明会ってどこでやるの？", "place"),
        ("本庁の住所は？", "address"),
        ("IT人材の勤務地は？", "workplace"),
        ("職場ってどこ？", "workplace"),
        ("どこのオフィスに通うの？", "workplace"),
        ("Where would I work?", "workplace"),
        ("どこに問い合わせればいい？", "contact"),
        ("受かったらいつから働くの？", "start_date"),
        ("When would I start?", "start_date"),
        ("Who do I contact about it?", "contact"),
        ("Where should I send inquiries?", "contact"),
        ("What do refugee inquirers do?", None),  # a post, not an inquiry
        ("What is the address of MOFA?", "address"),
        ("在外公館はどこの国が多い？", None),  # countries, not an address
        ("官庁訪問っていつから？", "when"),
        ("When is the first-stage exam?", "when"),
        ("いつでも相談できる？", None),  # any time, not when
        ("What happens when I pass?", None),  # a when-clause asks no date
        ("女性職員の割合は？", "percent"),
        ("取得率、具体的な％で知りたい", "percent"),
        ("1回の赴任は何年くらい？", "duration"),
        ("How many years of experience do I need?", "duration"),
        ("何年くらいで係長になれる？", "elapsed"),  # after how long, not how long something lasts
        ("身長制限は何センチ？", "measure"),
        ("ﾅﾝｾﾝﾁ以上必要?", "measure"),
        ("基礎能力試験は何問？", "questions"),
        ("何か問題ある？", None),
        ("面接って誰がやるの？", "who"),
        ("Who conducts the interviews?", "who"),
        ("合格ラインって何点くらい？", "pass_mark"),
        ("What was the cutoff score?", "pass_mark"),
        ("平均点は？", "score"),
        ("作文試験ってどんなテーマが出た？", "theme"),
        ("What's the essay topic?", "theme"),
        ("長期在外研究ではどんなテーマで研究できる？", None),  # a research theme is told without the word
        ("査証申請は何件？", "cases"),
        ("留学先はどこの大学？", "school"),
        ("Which university is it?", "school"),
        ("大学で何を学んだ？", None),  # what, not which school
    ],
)
def test_expected_type(question, kind):
    found = expected_type(question)
    assert (found.name if found else None) == kind


def test_lengths_in_years_and_limits_in_centimetres_are_stated_as_such():
    assert holds(expected_type("何年くらい？"), "正社員として１０年間勤務した")
    assert holds(expected_type("何年くらい？"), "３年以上の IT分野での実務経験")
    assert not holds(expected_type("何年くらい？"), "2019年度に実施する")
    assert holds(expected_type("身長は何センチ以上？"), "身長160cm以上")
    assert not holds(expected_type("身長は何センチ以上？"), "身体測定及び体力検査")


def test_an_address_is_a_postal_code_or_a_street_address(ask):
    address = expected_type("勤務地の住所は？")
    assert holds(address, "〒100-8919 東京都千代田区霞が関 2-2-1")
    assert holds(address, "総務課情報システム管理室（東京都新宿区四谷１－６－１ 四谷タワー１４Ｆ）")
    assert not holds(address, "地域手当（東京都特別区勤務の場合は俸給等の２０/１００）")
    # Where one would work is not the personnel office's 〒 line, however that line ranks.
    _, answer = ask("Which office would I work in if I got the ISA IT job? I need the address.")
    assert "四谷" in answer.citations[0].quote


def test_a_competition_ratio_is_stated_only_as_one():
    ratio = expected_type("倍率ってどれくらい？")
    assert holds(ratio, "令和6年度の倍率は3.2倍でした。")
    assert not holds(ratio, "点字による試験は、基礎能力試験の解答時間(1時間30分)が2時間15分(通常の1.5倍)となります。")


def test_a_count_of_times_is_stated_only_by_a_number_of_times():
    times = expected_type("昇給は年に何回？")
    assert holds(times, "昇給は年１回（１月）") and holds(times, "毎年、英国の大学で英語研修を実施しています。")
    assert not holds(times, "官庁訪問の際、総括補佐官の方が声をかけてくださいました。")


def test_when_is_answered_only_by_a_passage_dating_something(ask):
    when = expected_type("入管庁っていつできたの？")
    assert holds(when, "平成31年4月に法務省入国管理局から改組") and holds(when, "令和７年８月下旬に実施します")
    assert not holds(when, "私が官庁訪問をした当時「入管は成長産業だよ」と言われました。")
    # The guide tells of visits to ministries (官庁訪問) but dates none.
    assert ask("入管庁の官庁訪問はいつ始まる？")[1].kind == "fallback"
    _, answer = ask("入管庁っていつできたの？")
    assert answer.kind == "answer" and "平成31年4月" in answer.citations[0].quote


def test_a_year_of_service_is_stated_only_by_one():
    which = expected_type("語学研修って入省何年目？")
    assert holds(which, "概ね入省5年目に、希望者を対象として語学研修")
    assert not holds(which, "毎年、英国の大学で英語研修を実施しています。")


def test_a_web_page_is_answered_only_by_a_line_printing_one(ask):
    assert any("http" in c.quote for c in ask("障害者選考のホームページはどこ？")[1].citations)
    assert ask("外務省の採用サイトのURLは？")[1].kind == "fallback"  # its guide prints no web address


def test_holds_reads_full_width_and_kanji_numbers():
    money = expected_type("いくら？")
    assert holds(money, "通勤手当（月額１５０,０００円を限度）")
    assert not holds(money, "通勤手当が支給されます。")
    people = expected_type("何人？")
    assert holds(people, "採用予定数 若干名")
    assert holds(people, "| 関東甲信越 | 127人 |")


def test_pay_is_stated_only_by_an_amount_of_pay():
    salary = expected_type("年収はどのくらい？")
    assert holds(salary, "基本給（月額）約35万円（俸給＋地域手当＋本府省業務調整手当）")
    assert not holds(salary, "住居手当（最高 2.8 万円）が支給されます。")
    assert not holds(salary, "給与は法律に基づき決定されます。住居手当（最高 2.8 万円）が支給されます。")


def test_an_allowance_is_not_given_as_the_salary(ask):
    # The foreign ministry's guide states no pay, only a housing allowance in 円.
    _, answer = ask("外務省の技術職員の給与はいくらですか。")
    assert answer.kind == "fallback"
    _, allowance = ask("外務省の住居手当っていくら？")
    assert allowance.kind == "answer" and "2.8 万円" in allowance.text


def test_a_bonus_paid_is_not_asked_as_the_salary(ask):
    _, answer = ask("How many months' worth of bonus does the ISA IT position pay per year?")
    assert_answered_from(answer, "年間４．６か月分")


def test_whom_to_ask_is_answered_by_the_documents_contact_line(ask):
    _, answer = ask("外務省の技術系ってどこに問い合わせるの？")
    assert answer.kind == "answer" and "03-5501-8000" in answer.citations[0].quote


def test_a_start_date_is_read_from_the_heading_over_it(ask):
    # 「採用予定時期までに…定年に達する者」 mentions the date's heading word but is about who may not apply.
    _, it = ask("IT人材で採用されたら勤務開始はいつ頃？")
    assert it.kind == "answer" and "令和７年１０月１日以降" in it.citations[0].quote
    _, disability = ask("障害者選考に受かったら、いつから働くことになる？")
    assert disability.kind == "answer" and "12月31日まで" in disability.citations[0].quote


def _hit(bot, text_part, score, without=None):
    unit = next(u for u in bot.index.units if text_part in u.text and not (without and holds(without, u.text)))
    return Hit(unit, score, "hybrid")


def test_a_close_passage_holding_the_value_moves_up(bot):
    untyped = _hit(bot, "休暇", 1.0, without=expected_type("何日？"))
    typed = _hit(bot, "4月1日採用の場合、採用の年は15日", 0.8)
    ordered = prefer_typed(expected_type("1年目の有給って何日？"), (untyped, typed), near=0.7)
    assert ordered[0] is typed and ordered[1] is untyped


def test_no_close_passage_holding_the_value_means_not_answered(bot):
    untyped = _hit(bot, "育児休業", 1.0, without=expected_type("何％？"))
    far = _hit(bot, "4月1日採用の場合、採用の年は15日", 0.2)
    assert prefer_typed(expected_type("育休取得率は何％？"), (untyped, far), near=0.7) is None
    assert prefer_typed(expected_type("育休は取れる？"), (untyped, far), near=0.7) == (untyped, far)


@pytest.mark.parametrize("question", ["私の履歴書を添削していただけますか。", "面接で絶対受かるコツ教えて", "Can you proofread my essay?",
                                      "入管の仕事って私に合ってると思う？", "Do you think I would pass?",
                                      "入管と外務省どっちを受けるべき？あなたの意見を聞かせて", "What's your honest opinion of the ISA?",
                                      "Should I choose ISA or MOFA? Just decide for me.", "入管と外務省、どっちか決めて！",
                                      "働きやすい省庁を順位つけて", "Rank the ministries by overtime, please.",
                                      "明日が面接で不安…ちょっと励まして", "本番で緊張しないいい方法ってある？", "今の会社を辞めるべきか迷ってます",
                                      "Please cheer me up, I failed the mock exam.", "Should I quit my job to study for the exam?"])
def test_requests_for_a_service_fall_back(ask, question):
    _, answer = ask(question)
    assert answer.kind == "fallback"
    assert answer.citations == ()


@pytest.mark.parametrize("question", ["IT人材の応募書類には何を書けばいい？", "英語が苦手でも大丈夫？", "How many days of leave?",
                                      "入管の職員は仕事をどう思ってる？", "職員の意見を聞かせて", "試験区分はどれを選んでも同じ仕事？",
                                      "配属先はいつ決まる？", "Who decides where I am posted?", "申し込みの方法は？",
                                      "試験はどういう方法で行われる？", "Should I bring my ID card to the exam?"])
def test_questions_are_not_service_requests(question):
    from bot.answer.answer_type import asks_for_service

    assert not asks_for_service(question)


def test_the_application_period_is_preferred_wherever_it_ranks(bot):
    hits = tuple(Hit(u, 1.0 - i / 100, "hybrid") for i, u in enumerate(
        u for u in bot.index.units if u.doc_id == "isa-it-2025"))
    assert not holds(expected_type("締切は？"), hits[0].unit.text)
    ordered = prefer_typed(expected_type("IT人材の募集っていつまで？"), hits, near=0.7)
    assert "受付期間" in ordered[0].unit.text
    assert len(ordered) == len(hits)


def test_a_place_is_preferred_but_not_required(bot):
    place = expected_type("どこでやるの？")
    without = _hit(bot, "合同業務説明会を開催します", 1.0, without=place)
    venue = _hit(bot, "東京流通センター", 0.9)
    assert prefer_typed(expected_type("説明会はどこでやるの？"), (without, venue), near=0.7)[0] is venue
    assert prefer_typed(expected_type("説明会はどこでやるの？"), (without,), near=0.7) == (without,)


def test_a_line_looked_for_in_the_whole_scope_leaves_only_the_top_ranks_on_the_answer(bot, ask):
    # Suggestions are drawn from the answer's hits: passages far down the scope are not related questions.
    _, answer = ask("IT人材の募集ってまだやってる？")
    assert "受付期間" in answer.citations[0].quote
    assert len(answer.hits) <= bot.pipeline.top_k


@pytest.mark.parametrize("question, name", [
    ("ITｼﾞﾝｻﾞｲ ﾉ ｷﾝﾑｼﾞｶﾝ ｯﾃ 1ﾆﾁ ﾅﾝｼﾞｶﾝ?", "duration"),
    ("しょうがいしゃせんこう の さくぶん じかん なんぷん？", "duration"),
    ("がいむしょうの ひるやすみ なんじから？", "clock"),
    ("ﾕｳｷｭｳ ﾊ ﾅﾝﾆﾁ?", "days"),
    ("さいようよていすう なんにん？", "people"),
    ("How much time do braille candidates get?", "duration"),  # not an amount of money
    ("How many engineers does MOFA hire each year?", "people"),
    ("平均点はなんてん？", "score"), ("What score do you need to pass?", "score"),
    ("拡大文字って何ポイント？", "type_size"), ("What font sizes are there?", "type_size"),
])
def test_interrogative_counters_typed_in_kana_ask_for_their_value(question, name):
    assert expected_type(question).name == name


def test_a_pass_mark_is_a_score_passing_takes_not_any_score(ask):
    assert not holds(expected_type("合格点は？"), "基礎能力試験は正解数を得点とします(満点は30点)")
    assert holds(expected_type("合格点は？"), "基準点は15点です")
    # The notice gives the full marks and where the pass marks are published, not the marks themselves.
    assert ask("What was the cutoff score to pass the first stage of the 2019 disability exam?")[1].kind == "fallback"


def test_a_theme_is_stated_only_as_one(ask):
    assert ask("障害者選考の作文試験って、2019年度はどんなテーマが出た？")[1].kind == "fallback"
    assert_answered_from(ask("IT人材の論文ってテーマ決まってる？")[1], "テーマ「")


def test_a_school_is_answered_only_by_a_passage_naming_one(ask):
    school = expected_type("どこの大学？")
    assert holds(school, "ジョージタウン大学の公共政策大学院に留学し") and holds(school, "米国タフツ大学留学")
    assert not holds(school, "毎年、英国の大学で英語研修を実施しています。")
    assert not holds(school, "多角的に人権への理解を深められるこの大学院で") and not holds(school, "短期大学を卒業した者")
    assert ask("ドイツで人権を勉強してる入管の人って、どこの大学院に通ってるの？")[1].kind == "fallback"


def test_a_score_no_passage_states_is_not_answered(ask):
    assert ask("外務省専門職員採用試験の合格点は何点？")[1].kind == "fallback"
    assert_answered_from(ask("障害者選考の基礎能力試験は何点満点？")[1], "30点")


def test_a_rate_written_as_a_fraction_of_a_hundred_is_a_percentage(ask):
    percent = expected_type("地域手当って何パーセント？")
    assert holds(percent, "地域手当（東京都特別区勤務の場合は俸給等の２０/１００）")
    _, answer = ask("IT人材の地域手当って何パーセント？")
    assert answer.kind == "answer" and any("２０/１００" in c.quote for c in answer.citations)


def test_an_allowance_named_in_full_is_answered_only_by_a_passage_naming_it(ask):
    money = expected_type("在外勤務手当っていくら？")
    assert values_of_unnamed(money, "在外勤務手当っていくら？", "住居手当（最高 2.8 万円）") == ["在外勤務手当"]
    assert values_of_unnamed(money, "住居手当っていくら？", "住居手当（最高 2.8 万円）") == []
    assert values_of_unnamed(expected_type("手当はいくら？"), "手当はいくら？", "住居手当（最高 2.8 万円）") == []
    for question in ("IT人材の在外勤務手当っていくら？", "外務省の特殊勤務手当はいくら？"):  # other allowances' amounts are no answer
        assert ask(question)[1].kind == "fallback", question
    assert ask("IT人材の扶養手当っていくら？")[1].kind == "answer"
    days = expected_type("年次休暇は何日？")
    assert values_of_unnamed(days, "年次休暇は何日？", "子の看護のために年5日までの休暇") == ["年次休暇"]
    assert values_of_unnamed(days, "年時休暇は何日？", "年次休暇(20日/年)") == []  # one mistyped character
    assert ask("外務省の年次休暇は何日？")[1].kind == "fallback"  # its guide gives other leaves' days only


def test_a_limit_no_passage_states_falls_back(ask):
    # The rule lists 身体測定 for 入国警備官 but prints no height: a value nobody states is not answered.
    assert ask("入国警備官は身長何センチ以上必要？")[1].kind == "fallback"
    assert ask("出入国在留管理庁の男性職員って育休をどのくらいの割合で取ってる？")[1].kind == "fallback"


def test_who_is_answered_by_the_passage_naming_who_does_it(ask):
    # The interview dates rank first by their words; a close passage saying which body holds the interviews answers.
    who = expected_type("面接をするのは誰？")
    assert holds(who, "第2次選考(採用面接)は各府省が実施します")
    assert not holds(who, "| 面接期間 | 10月28日~11月2日 |")
    _, answer = ask("障害者選考の面接をするのは誰？")
    assert holds(who, answer.citations[0].quote)


def test_a_time_not_yet_passed_states_a_length():
    duration = expected_type("How long after graduating can I still apply?")
    assert holds(duration, "高等学校を卒業した日の翌日から起算して三年を経過していない者")
    assert not holds(duration, "高等学校を卒業した者")


def test_where_one_would_work_is_the_notices_workplace_not_its_mailing_address(ask):
    # The notice's contact line (〒 … 霞が関) outranks its 勤務地 section for these; the section names the office.
    assert_answered_from(ask("入管のIT採用って職場どこ？霞が関の本庁舎？")[1], "四谷タワー")
    assert_answered_from(ask("IT人材ﾃﾞ採用ｻﾚﾀﾗ、ﾄﾞｺﾉｵﾌｨｽﾆ通ｳｺﾄﾆﾅﾙﾉ？")[1], "四谷タワー")
    # Only the IT notice has a 勤務地 section: a question naming no organization is not sent there wherever it ranks.
    assert not any("四谷タワー" in c.quote for c in ask("職場ってどこ？")[1].citations)


def test_a_date_written_as_a_fraction_in_a_table_row_is_a_date():
    assert holds(expected_type("説明会はいつ？"), "| 中国 | 10/20(日) 10:00~16:00 | 広島国際会議場 |")
    assert not holds(expected_type("説明会はいつ？"), "合計30題のため満点は30点となります")


def test_after_how_long_is_answered_by_years_counted_from_joining(ask):
    asked = expected_type("入ってから何年くらいで海外赴任になるの？")
    assert asked.name == "elapsed"
    assert holds(asked, "基本的には、入省後約 4 年間は本省で基礎的な業務と語学を習得し") and holds(asked, "概ね入省5年目に")
    # The length of something else is no answer to after how long.
    assert not holds(asked, "なお、入省後、最初の在外勤務は希望者を対象として 1 年間の語学研修 (原則英語) を受けることができ")
    assert expected_type("何年くらいで慣れた？").name == "elapsed" and expected_type("何年くらい働ける？").name == "duration"
    _, answer = ask("外務省の技術職は入省から何年ほどで海外赴任しますか")
    assert "約 4 年間" in answer.text
