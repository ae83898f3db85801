from bot.answer.definition import asked_thing, asks_work, is_career_row, only_listed, tells_work
from tests.conftest import assert_answered_from


def test_the_thing_a_what_is_it_question_asks_about():
    assert asked_thing("入国警備官採用試験の体力検査って具体的に何やるの？") == "体力検査"
    assert asked_thing("日本版ESTAってなに？") == "日本版ESTA"
    assert asked_thing("補完的保護とはどういうものですか") == "補完的保護"
    assert asked_thing("体力検査はある？") is None
    assert asked_thing("外務省の在外公館では何の仕事するの？") is None


def test_a_thing_only_listed_is_named_not_described():
    row = "| 入国警備官採用試験 | 全ての区分試験 | 基礎能力試験、作文試験、人物試験、身体検査、身体測定及び体力検査 |"
    assert only_listed("体力検査", row) and only_listed("作文試験", row) and only_listed("基礎能力試験", row)
    assert not only_listed("基礎能力試験", "基礎能力試験(多肢選択式):公務員として必要な基礎的な能力についての筆記試験")
    assert not only_listed("日本版ESTA", "日本版ESTAを導入すべく準備を進めています。")
    assert not only_listed("体力検査", "作文試験の解答時間の延長はありません。")  # not written at all: nothing to judge


def test_asking_what_a_listed_thing_involves_falls_back(ask):
    _, answer = ask("入国警備官採用試験の体力検査って具体的に何やるの？")
    assert answer.kind == "fallback" and not answer.citations


def test_asking_what_a_described_thing_is_is_answered(ask):
    _, answer = ask("補完的保護ってなに？")
    assert answer.kind == "answer" and "補完的保護" in answer.citations[0].quote
    _, answer = ask("入国警備官の試験って体力検査ある？")
    assert answer.kind == "answer" and "体力検査" in answer.citations[0].quote


def test_a_question_asking_what_someone_does():
    assert asks_work("財務省に出向してる人ってなにしてるの？")
    assert asks_work("在外公館の通信担当官ってどんな仕事？")
    assert asks_work("What does the officer seconded to the Ministry of Finance do?")
    assert not asks_work("財務省に出向したのはいつ？")
    assert not asks_work("What is the salary?")


def test_a_career_row_says_where_someone_worked_not_what_the_work_was(ask):
    # 「| 令和 3年 4月 | 東京出入国在留管理局調査第三部門 |」 outranks her account of the work at 関税局; the account answers.
    _, answer = ask("入管庁から財務省に出向してる人ってなにしてるの？")
    assert answer.kind == "answer"
    assert not answer.citations[0].quote.startswith("|") and "関税" in answer.citations[0].quote


def test_a_passage_saying_what_the_work_is_answers_what_someone_does(ask):
    # Q4 (「在外公館の勤務を経験し…」) says that one serves abroad and why, and outranks the passage naming the work there.
    assert_answered_from(ask("外務省の技術職って、在外公館では具体的にどんな仕事するの？")[1], "通信担当の主な業務")
    assert_answered_from(ask("外務省の技術系、在外公館では何の仕事するの？")[1], "通信担当の主な業務")


def test_a_passage_telling_the_work_is_found_by_its_words_or_its_heading(bot):
    told = [u for u in bot.index.units if tells_work(u)]
    assert any(u.doc_id == "isa-it-2025" and "主な担当業務" in " ".join(u.headings) and "業務内容" not in u.text for u in told)
    assert any("通信担当の主な業務" in u.text for u in told)
    assert not any(is_career_row(u) for u in told)


def test_a_question_naming_no_staff_member_is_not_answered_by_a_line_of_a_career_table(ask):
    # 「| 令和 2年 4月 | 在大韓民国日本国大使館 一等書記官兼領事 |」 writes 大使館 exactly; the career path says where officers go.
    _, answer = ask("入管の人って大使館とかで働くこともあるの？どこの国が多い？")
    assert_answered_from(answer, "【主な在外公館勤務先】タイ、インドネシア、米国、韓国")
    assert not answer.citations[0].quote.startswith("|")
