import pytest

from bot.index.lexical import JapaneseTokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return JapaneseTokenizer()


@pytest.mark.parametrize("question", [
    "IT人材のしょうきゅうは年なんかい？",  # hiragana for 昇給
    "にゅうかん ねんきゅうって時間単位でとれる？",
    "IT人材の応募ｼﾒｷﾘっていつ？",  # half-width katakana for 締切
    "ｹｲﾑｶﾝ ﾉ ｼｹﾝ ｯﾃ ﾅﾝｻｲ ｶﾗ ﾅﾝｻｲ ﾏﾃﾞ ｳｹﾗﾚﾙ?",
    "あいてぃー人材って経験なんねんいる？",  # a stray small kana
])
def test_words_spelled_in_kana_are_seen(tokenizer, question):
    assert tokenizer.typed_in_kana(question)


@pytest.mark.parametrize("question", [
    "入管庁っていつできたの？前は何だった？",  # kana grammar around kanji words
    "IT人材として採用された場合、どのような業務を担当するのでしょうか。",
    "年末年始の休みはいつからいつまでですか。",  # interrogatives are written in kana
    "外務省ってテレワークある？",  # a loanword is written in katakana
    "When is the application deadline?",
])
def test_kana_grammar_and_loanwords_are_not_kana_typing(tokenizer, question):
    assert not tokenizer.typed_in_kana(question)


def test_a_noun_before_colloquial_tte_is_the_noun(tokenizer):
    # Sudachi reads 「出張って」 as the verb 出張る; the question asks about 出張, as the documents write it.
    assert "出張" in tokenizer.tokens("海外出張って結構ある？") and "出張る" not in tokenizer.tokens("海外出張って結構ある？")
    assert tokenizer.tokens("頑張って") == ["頑張る"]  # 頑張 is no noun: the verb stays
    assert "手伝う" in tokenizer.tokens("手伝ってくれる")


def test_every_reading_of_a_surface_is_known(tokenizer):
    assert {"カン", "スガ"} <= tokenizer.readings_of("菅")
    assert tokenizer.readings_of("庁") == frozenset({"チョウ"})
