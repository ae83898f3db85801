from bot.ingest.normalize import is_mostly_english, normalize


def test_width_and_kana():
    assert normalize("ｴｲｺﾞ　ＩＴ") == "エイゴ it"


def test_wave_dash_and_long_vowel():
    assert normalize("9時～17時") == normalize("9時〜17時") == normalize("9時~17時")
    assert normalize("サーバ－") == normalize("サーバー")


def test_spaces_inside_japanese_removed():
    assert normalize("北 海 道") == "北海道"


def test_language_detection():
    assert is_mostly_english("Do I have to work abroad?")
    assert not is_mostly_english("在外勤務はありますか？")
