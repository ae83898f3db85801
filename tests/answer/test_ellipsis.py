"""「じゃあ近畿は？」: a bare noun asks the last question again, about the noun."""

import pytest

from bot.answer.ellipsis import focus_of
from tests.conftest import TODAY


@pytest.mark.parametrize(
    "message, noun, explicit",
    [
        ("じゃあ近畿は？", "近畿", True),
        ("在外だとどう？", "在外", True),
        ("じゃあ本省では？", "本省", True),
        ("What about Okinawa?", "Okinawa", True),
        ("ボーナスは？", "ボーナス", False),
    ],
)
def test_a_bare_noun_is_a_focus(message, noun, explicit):
    focus = focus_of(message)
    assert focus is not None and (focus.noun, focus.explicit) == (noun, explicit)


@pytest.mark.parametrize("message", ["面接はどこでやるの？", "留学の場合、期間はどのくらいですか。", "転勤ってある？",
                                     "IT人材の給料ってどれくらい？", "受験資格と試験日程と採用予定数と勤務地を全部まとめて教えて"])
def test_a_question_of_its_own_is_not(message):
    assert focus_of(message) is None


@pytest.fixture(scope="module")
def substitute(bot):
    return bot.pipeline.substitute


def test_the_noun_replaces_its_counterpart_of_the_same_kind(substitute):
    asked = substitute("障害者選考試験の関東甲信越の採用予定数は？", focus_of("じゃあ近畿は？"))
    assert asked == "障害者選考試験の近畿の採用予定数は？"  # a place for a place, not 採用予定数


def test_the_organization_of_the_topic_stays(substitute):
    asked = substitute("外務省の在外公館ではどんな仕事をするの？", focus_of("じゃあ本省では？"))
    assert asked == "外務省の本省ではどんな仕事をするの？"


def test_without_a_counterpart_only_an_explicit_follow_up_is_the_same_question(substitute):
    assert substitute("IT人材の応募資格は？", focus_of("じゃあ沖縄は？")) == "沖縄 IT人材の応募資格は？"
    assert substitute("IT人材の応募資格は？", focus_of("沖縄は？")) is None


def test_a_conversation_moves_from_region_to_region(bot):
    session, first = bot.pipeline.ask("障害者選考試験の関東甲信越の採用予定数は？", None, TODAY)
    assert "127人" in first.text
    session, second = bot.pipeline.ask("じゃあ近畿は？", session, TODAY)
    assert second.kind == "answer" and "28人" in second.text
    session, third = bot.pipeline.ask("九州は？", session, TODAY)  # the topic is now 近畿's quota: 九州 replaces it
    assert third.kind == "answer" and "17人" in third.text
