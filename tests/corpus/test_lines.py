from bot.corpus.lines import ends_sentence, join_fragments


def test_japanese_fragments_join_without_space():
    assert join_fragments("正社員・正", "職員として従事") == "正社員・正職員として従事"
    assert join_fragments("9:30", "12:30") == "9:30 12:30"
    assert join_fragments("IT", "system") == "IT system"


def test_a_sentence_ends_at_its_closing_mark():
    assert ends_sentence("受け付けます。") and ends_sentence("（別紙参照）")
    assert not ends_sentence("正社員・正") and not ends_sentence("")
