from bot.answer.homophones import respelt_if_surer

MOFA = frozenset({"mofa-tech"})
ISA = frozenset({"isa-guide-2025"})


def test_a_noun_the_documents_in_scope_never_write_is_respelt_as_their_noun_of_that_reading(bot):
    respeller = bot.pipeline.homophones
    assert respeller.candidate("在外勤務だと住むのは感謝なの？", MOFA) == "在外勤務だと住むのは官舎なの?"
    assert respeller.candidate("外部の検収って何年目？", MOFA) == "外部の研修って何年目?"
    # 感謝 is written in the 入管庁 guide: there it is no slip.
    assert respeller.candidate("住むのは感謝なの？", ISA) is None
    assert respeller.candidate("在外公館で勤務します", MOFA) is None


def test_a_respelling_is_kept_only_when_the_question_is_then_answered_more_surely(bot):
    respeller, sureness = bot.pipeline.homophones, bot.pipeline._sureness
    gain = bot.pipeline.thresholds.homophone_gain
    mofa = bot.pipeline.reader.scope_of("外務省")
    typed = "外務省で海外に行ったら感謝に住むの？"
    assert respelt_if_surer(typed, respeller, MOFA, sureness(mofa), gain) == "外務省で海外に行ったら官舎に住むの?"
    # 赴任 is not written in the 入管庁 guide, and reads like its 不妊: a respelling that answers less surely.
    isa = bot.pipeline.reader.scope_of("入管の総合職")
    meant = "入管の総合職で在外公館に勤務するときはどんな国に赴任するの？"
    assert respeller.candidate(meant, isa.doc_ids) is not None
    assert respelt_if_surer(meant, respeller, isa.doc_ids, sureness(isa), gain) == meant


def test_a_kanji_slip_still_finds_the_passage(ask):
    _, answer = ask("外務省で海外に行ったら感謝に住むの？")
    assert answer.kind == "answer"
    assert any("官舎または民間賃貸住宅" in c.quote for c in answer.citations)
