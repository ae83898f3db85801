import pytest


@pytest.mark.parametrize("typed, meant", [
    ("入菅庁の職員って何人？", "入管庁の職員って何人?"),
    ("外夢省の技術系に寮はある？", "外務省の技術系に寮はある?"),
    ("先日入菅庁の説明会に行きました", "先日入管庁の説明会に行きました"),
])
def test_a_name_typed_with_a_kanji_of_the_same_sound_is_respelt(bot, typed, meant):
    assert bot.pipeline.reader.name_slips(typed) == meant


@pytest.mark.parametrize("question", ["総務省の採用試験は？", "法務省から出向している人は？", "外務省の寮は？", "反省しています"])
def test_other_bodies_and_right_names_are_left_alone(bot, question):
    # 総務省 differs from 外務省 by one kanji, but ソウ is not how 外務省 sounds there.
    assert bot.pipeline.reader.name_slips(question) == question


def test_a_slipped_name_is_answered_as_the_organization(ask):
    _, answer = ask("入菅庁の職員数って全国で何人くらい？")
    assert answer.kind == "answer"
    assert "6,499人" in answer.text
    assert ask("総務省の職員数は？")[1].kind == "fallback"
