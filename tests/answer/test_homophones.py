from bot.answer.homophones import respelt_if_surer


def test_a_noun_the_documents_in_scope_never_write_is_respelt_as_their_noun_of_that_reading(bot):
    reader = bot.pipeline.reader
    mofa, isa = reader.scope_of("外務省"), reader.scope_of("入管の総合職")
    assert reader.kanji_slips("在外勤務だと住むのは感謝なの？", mofa) == "在外勤務だと住むのは官舎なの?"
    assert reader.kanji_slips("外部の検収って何年目？", mofa) == "外部の研修って何年目?"
    # 感謝 is written in the 入管庁 guide: there it is no slip.
    assert reader.kanji_slips("住むのは感謝なの？", isa) is None
    assert reader.kanji_slips("在外公館で勤務します", mofa) is None


def test_a_respelling_is_kept_only_when_the_question_is_then_answered_more_surely(bot):
    reader, sureness = bot.pipeline.reader, bot.pipeline.search.sureness
    gain = bot.pipeline.thresholds.homophone_gain
    mofa = reader.scope_of("外務省")
    typed = "外務省で海外に行ったら感謝に住むの？"
    assert respelt_if_surer(typed, reader.kanji_slips(typed, mofa), sureness(mofa), gain) == "外務省で海外に行ったら官舎に住むの?"
    # 赴任 is not written in the 入管庁 guide, and reads like its 不妊: a respelling that answers less surely.
    isa = reader.scope_of("入管の総合職")
    meant = "入管の総合職で在外公館に勤務するときはどんな国に赴任するの？"
    assert reader.kanji_slips(meant, isa) is not None
    assert respelt_if_surer(meant, reader.kanji_slips(meant, isa), sureness(isa), gain) == meant


def test_a_kanji_slip_still_finds_the_passage(ask):
    _, answer = ask("外務省で海外に行ったら感謝に住むの？")
    assert answer.kind == "answer"
    assert any("官舎または民間賃貸住宅" in c.quote for c in answer.citations)
