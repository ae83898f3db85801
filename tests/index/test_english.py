from bot.index.english import english_questions, english_words, stem


def test_english_words_are_stemmed_content_words():
    assert english_words("Which ministries do MOFA engineers get seconded to?") == ["ministry", "mofa", "engineer", "second"]
    assert english_words("Is posting abroad required? 在外公館") == ["post", "abroad", "requir"]


def test_short_words_keep_their_endings():
    assert [stem(w) for w in ("bus", "yes", "red", "ties", "duties")] == ["bus", "yes", "red", "tie", "duty"]


def test_only_english_questions_are_kept():
    assert english_questions(["残業は多い？", "Is there much overtime?"]) == ["", "Is there much overtime?"]
