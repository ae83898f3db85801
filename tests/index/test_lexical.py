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
