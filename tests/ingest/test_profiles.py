from bot.ingest.profiles import staff_profiles


def test_a_profile_runs_from_its_caption_to_the_next_one_or_the_next_chapter(docs):
    guide = next(d for d in docs if d.doc_id == "isa-guide-2025")
    profiles = staff_profiles(guide.text)
    tashiro = next(p for p in profiles if "田代" in p.caption)
    assert tashiro.caption.startswith("財務省関税局第一参事官室国際調査第二係長")  # the post above the name
    assert tashiro.start <= guide.text.index("主な担当業務は、税関相互支援協定") < tashiro.end
    # The next chapter (「## 出入国在留管理庁のキャリアパス」) is no longer hers; the profile before ends where hers begins.
    assert guide.text[tashiro.end:].startswith("## ")
    before = profiles[profiles.index(tashiro) - 1]
    assert before.end == tashiro.start and "渡辺" in before.caption


def test_documents_without_staff_captions_have_no_profiles(docs):
    rule = next(d for d in docs if d.doc_id == "npa-rule-8-18")
    assert staff_profiles(rule.text) == []
