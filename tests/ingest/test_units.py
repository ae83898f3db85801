import pytest

from bot.ingest.units import MAX_PROSE_CHARS, PARAGRAPH_PROSE_CHARS, SENTENCE_END, build_units, cells_of, headers_by_cell


@pytest.fixture(scope="module")
def units(docs):
    return {d.doc_id: build_units(d) for d in docs}


def test_every_unit_is_a_verbatim_slice(docs, units):
    for doc in docs:
        for u in units[doc.doc_id]:
            assert doc.text[u.start : u.end] == u.text
            assert u.text.strip()


def test_ids_are_content_hashes_and_stable(docs, units):
    for doc in docs:
        again = build_units(doc)
        assert [u.unit_id for u in again] == [u.unit_id for u in units[doc.doc_id]]
        assert len({u.unit_id for u in again}) == len(again)


def test_faq_pairs_are_one_unit_with_question(units):
    faqs = [u for u in units["mofa-tech"] if u.kind == "faq"]
    assert len(faqs) == 12
    q4 = next(u for u in faqs if u.label == "Q4")
    assert q4.question == "必ず在外公館で勤務しなければならないのですか？"
    assert "在職中は、在外公館での勤務があります。" in q4.text
    assert "Q 地方転勤はありますか？" in next(u.text for u in units["isa-guide-2025"] if u.question == "地方転勤はありますか？")


def test_articles_and_paragraphs(units):
    labels = {u.label: u for u in units["npa-rule-8-18"] if u.kind == "article"}
    assert labels["第九条"].text.startswith("第九条　次の各号のいずれかに該当する者は")
    assert "三　日本の国籍を有しない者" in labels["第九条"].text  # 号 stay with their 項
    assert labels["第九条第2項"].text.startswith("２　前項各号")
    assert "附則第一条" in labels


def test_table_rows_carry_title_and_headers(units):
    row = next(u for u in units["npa-disability-2019"] if u.kind == "row" and u.text == "| 関東甲信越 | 127人 |")
    assert "障害者選考試験からの採用予定機関" in row.context
    assert "試験の区分：関東甲信越" in row.context and "採用予定数：127人" in row.context
    rule_row = next(u for u in units["npa-rule-8-18"] if u.kind == "row" and "法務 | 二" in u.text)
    assert "別表第三" in rule_row.context and "採用試験の種類ごとの名称" in rule_row.context
    # The context reads back into each short cell's header; a long cell is context by its header alone.
    assert headers_by_cell(row.context) == {"関東甲信越": "試験の区分", "127人": "採用予定数"}
    long_cell = next(c for c in cells_of(rule_row.text) if len(c) > 40)
    assert long_cell not in headers_by_cell(rule_row.context)


def test_prose_units_are_bounded_and_split_at_sentence_ends(units):
    for doc_units in units.values():
        for u in doc_units:
            if u.kind == "prose" and len(u.text) > PARAGRAPH_PROSE_CHARS:
                # only a single sentence longer than the limit may exceed it
                assert u.text.count("。") <= 1, u.text[:80]
            if u.kind == "prose":
                assert u.text[-1] not in "、"


def test_a_paragraph_is_split_only_where_finishing_it_would_make_the_unit_too_long(docs, units):
    for doc in docs:
        prose = [u for u in units[doc.doc_id] if u.kind == "prose"]
        for before, after in zip(prose, prose[1:]):
            if after.start > 0 and doc.text[after.start - 1] != "\n":
                first_sentence = SENTENCE_END.split(after.text)[0]
                assert after.start + len(first_sentence) - before.start > PARAGRAPH_PROSE_CHARS, after.text[:40]


def test_a_bullet_that_fits_is_one_unit(units):
    bullet = next(u for u in units["npa-disability-2019"] if "14ポイント相当" in u.text)
    assert "拡大率の異なる2種類" in bullet.text and len(bullet.text) > MAX_PROSE_CHARS
    # 「。」 inside brackets ends no sentence.
    assert any("眼鏡(老眼鏡を含む。)、杖" in u.text for u in units["npa-disability-2019"])


def test_units_know_their_heading_trail(units):
    u = next(u for u in units["isa-it-2025"] if "通算１３年" in u.text)
    assert u.headings[-1] == "3 応募資格"


def test_a_marked_label_opens_the_unit_of_what_it_names(units):
    bonus = next(u for u in units["isa-it-2025"] if "年間４．６か月分" in u.text)
    assert "○ 期末手当・勤勉手当（ボーナス）" in bonus.text  # not left at the end of the unit before
    for doc_units in units.values():
        for u in doc_units:
            if u.kind == "prose" and "\n" in u.text:
                last = u.text.rsplit("\n", 1)[-1]
                assert not (last.startswith("○") and "。" not in last), last


def test_numbered_labels_open_the_unit_they_name(units):
    """「⑶ 提出先」「① メールの場合」 at a unit boundary go with the address they introduce, not before the break."""
    address = next(u for u in units["isa-it-2025"] if "recruit-immi@i.moj.go.jp\n\n② 郵送の場合" in u.text)
    assert address.text.startswith("⑶ 提出先\n\n① メールの場合")
    assert not any(u.text.endswith("① メールの場合") for u in units["isa-it-2025"])


def test_a_staff_caption_belongs_to_the_interview_below_it(units):
    guide = units["isa-guide-2025"]
    before = next(u for u in guide if "ソフトボール部とフットサル部" in u.text)
    assert "堀内" not in before.text  # the next speaker's caption is not the last speaker's words
    below = next(u for u in guide if "福原 申子" in u.text)
    assert below.text.startswith("在留管理支援部長")  # post, name and year open the unit together
    # a caption with only a heading under it is no passage of its own
    assert not any(u.text.startswith("在ニューヨーク日本国総領事館領事堀内") for u in guide)


def test_a_numbered_title_opens_the_unit_of_its_section(units):
    disability = units["npa-disability-2019"]
    for title in ("(2)聴覚障害のある方", "(4)読字障害のある方", "(5)書字障害のある方"):
        assert any(u.text.startswith(title) for u in disability), title
    # A numbered item that is a sentence is no title: the scoring rules stay one unit.
    assert any(u.text.startswith("(1)基礎能力試験(多肢選択式)") and "(2)作文試験" in u.text for u in disability)

