import pytest

from bot.answer.respell import KanaRespeller
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def respell(bot):
    return bot.pipeline.respell


@pytest.mark.parametrize(
    "typed, word",
    [
        ("IT人材のしょうきゅうは年何回？", "昇給"),
        ("ｶﾞｲﾑｼｮｳのｻﾞｲｶﾞｲｺｳｶﾝ", "外務省の在外公館"),
        ("がいむしょうの ざいがいきんむって かならず あるの？", "在外勤務"),
        ("しょうがいしゃせんこうで ほちょうき つかってもいい？", "補聴器"),
        ("まいなんばーかーどの しすてむ", "システム"),  # a loanword typed in hiragana
        ("こうこう そつぎょうして 4ねん", "卒業して"),  # a noun made a verb with する
        ("IT人材で ふくぎょうしてもいい？", "副業して"),  # a glossary word the documents do not write
    ],
)
def test_kana_spellings_become_the_documents_words(respell, typed, word):
    assert word in respell(typed)


@pytest.mark.parametrize(
    "ordinary",
    [
        "どのような業務を担当するのでしょうか。",  # でしょう is not 省
        "大学院には進学していません。",  # してい is not 指定
        "最終合格発表はいつですか。",  # はいつ is not 入っ
        "入管に知り合いがいるんだけど",  # いがいる is not 以外 + る
        "就職したほうがいいと思う？",  # たほう is not 他方
        "外務省の技術系でガバメントクラウドの仕事もある？",  # a loanword the documents write
        "外務省で初めての在外勤務はどのあたりの国が多いですか。",
        "公館が小さいと他の仕事も兼ねるの？",  # さいと ends 小さい: it is not サイト
        "ふほうざんりゅうしゃって何人？",  # しゃ is not する: the stretch does not end there  # Sudachi reads あたり as 辺り, not the documents' 当たり
    ],
)
def test_ordinary_writing_is_left_alone(respell, ordinary):
    assert respell(ordinary) == ordinary


def test_a_word_read_only_in_part_is_not_respelt(respell):
    assert "外国" not in respell("ｶﾞｲｺｸｾｷでも応募できる？")  # 籍 is too short a reading to trust


def test_a_word_must_stand_against_a_particle_or_the_run_edge():
    respell = KanaRespeller({"キマツ": "期末", "ショウキュウ": "昇給"}, written="")
    assert respell("きまってる") == "きまってる"  # conjugation, not 期末 + てる
    assert respell("しょうきゅうは") == "昇給は"
    assert respell("のしょうきゅう") == "の昇給"


def test_katakana_is_respelt_only_when_read_whole():
    respell = KanaRespeller({"ガイコク": "外国"}, written="")
    assert respell("ガイコクセキ") == "ガイコクセキ"
    assert respell("ガイコク") == "外国"


def test_a_half_width_sentence_is_respelt_around_its_particles():
    respell = KanaRespeller({"ニュウカン": "入管", "ソウゴウショク": "総合職", "タイシカン": "大使館"}, written="")
    assert respell("ﾆｭｳｶﾝﾉｿｳｺﾞｳｼｮｸﾃﾞ ﾀｲｼｶﾝﾄｶﾆ ｲｸﾉ?") == "入管の総合職で 大使館とかに いくの?"
    assert respell("ﾆｭｳｶﾝ ｿｳｺﾞｳｼｮｸ") == "入管 総合職"  # read whole as katakana words first
    assert respell("ﾀｲｼｶﾝﾃﾞ ﾊﾞｯｸｸﾞﾗｳﾝﾄﾞ") == "大使館で ばっくぐらうんど"  # unknown words stay as typed, in hiragana
    assert respell("ニュウカンノソウゴウショク") == "ニュウカンノソウゴウショク"  # full-width katakana may be a loanword


def test_a_half_width_sentence_finds_what_its_kanji_spelling_finds(bot):
    kana = bot.pipeline.ask("ｺｯｶｺｳﾑｲﾝﾉ ｻｲﾖｳｼｹﾝｦ ｼﾞｯｻｲﾆ ｵｺﾅｳ ｼｹﾝｷｶﾝｯﾃ ﾄﾞｺ?", None, TODAY)[1]
    assert kana.kind == "answer"
    assert "試験機関は、人事院とする" in kana.citations[0].quote


def test_short_readings_are_refused():
    with pytest.raises(ValueError):
        KanaRespeller({"カイ": "回"}, written="")


def test_a_kana_question_finds_what_its_kanji_spelling_finds(bot):
    kana = bot.pipeline.retrieve("がいむしょうの ざいがいきんむって かならず あるの？")
    kanji = bot.pipeline.retrieve("外務省の在外勤務って必ずあるの？")
    assert kana.query_tokens == kanji.query_tokens  # the word channels search the same words
    # The vectors read the typed spaces a little differently, so the order of the first two may differ.
    assert kanji.hits[0].unit.unit_id in {h.unit.unit_id for h in kana.hits[:2]}
