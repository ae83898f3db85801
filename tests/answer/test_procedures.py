import pytest

from bot.answer.procedures import asks_about_own_status


@pytest.mark.parametrize("question", ["在留カードをなくしてしまいました。どうすればいいですか", "ビザの更新ってどうやってするの？",
                                      "永住許可を取りたい", "自分の在留期間がもうすぐ切れる", "How can I extend my period of stay?",
                                      "What do I need to apply for naturalization?"])
def test_a_residents_own_procedure(question):
    assert asks_about_own_status(question)


@pytest.mark.parametrize("question", ["在留期間の更新審査ってどの部署がやってるの？", "ニューヨーク総領事館にはどんなビザ申請が多いの？",
                                      "在留カードとマイナンバーカードの一体化って何？", "Do musicians apply for Japanese visas in New York?",
                                      "IT人材の応募方法は？"])
def test_questions_about_the_staffs_work_are_not(question):
    assert not asks_about_own_status(question)


@pytest.mark.parametrize("question", ["在留カードなくしちゃった…どうすればいい？", "How do I renew my work visa? My residence card expires soon."])
def test_they_fall_back_though_the_guide_writes_of_residence_cards(ask, question):
    _, answer = ask(question)
    assert answer.kind == "fallback"
    assert answer.citations == ()
