from bot.corpus.clean import _cuts_a_word
from bot.corpus.store import import_sources, load_corpus
from bot.settings import ROOT

SOURCE = ROOT.parent / "shared" / "corpus-source"


def test_a_word_cut_by_the_layout_is_joined_across_the_blank_line(docs_by_id):
    assert _cuts_a_word("負担が生じることにな", "ります。そういう意味では")
    assert not _cuts_a_word("係員を採用するための試験", "この選考試験は")  # a new paragraph, not a cut word
    assert not _cuts_a_word("出産予定日の6週間前", "出産")
    assert "負担が生じることになります。" in docs_by_id["isa-guide-2025"].text


def test_import_is_reproducible(tmp_path):
    """Cleaning the sources again gives exactly the committed corpus/."""
    if not SOURCE.is_dir():
        import pytest

        pytest.skip("shared/corpus-source is not beside this checkout")
    import_sources(SOURCE, tmp_path)
    for doc in load_corpus(ROOT / "corpus"):
        assert (tmp_path / f"{doc.doc_id}.md").read_text(encoding="utf-8") == doc.text


def test_pdf_line_breaks_are_joined(docs_by_id):
    text = docs_by_id["isa-it-2025"].text
    assert "正社員・正職員として従事した職務経験" in text
    assert "recruit-immi@i.moj.go.jp" in text
    assert "mojbasegroupware" not in text  # intranet link printed twice by the extraction


def test_web_tables_keep_rows_and_headers(docs_by_id):
    text = docs_by_id["npa-disability-2019"].text
    assert "| 試験の区分 | 採用予定数 |\n|---|---|\n| 北海道 | 12人 |" in text
    assert "| 北海道 | 238人 | 43人 | 13人 |" in text  # '北 海 道' letter-spacing removed
    assert "PDFファイル、テキストファイル |" not in text


def test_faq_pairs_and_fixes(docs_by_id):
    guide = docs_by_id["isa-guide-2025"].text
    assert "Q 職場の雰囲気はどうですか？" in guide
    assert "An aerial view of a city" not in guide  # image caption
    mofa = docs_by_id["mofa-tech"].text
    assert mofa.count("\nQ ") == 12 and mofa.count("\nA ") == 12


def test_manifest_metadata(docs_by_id):
    assert docs_by_id["isa-guide-2025"].url == "https://www.moj.go.jp/isa/about/recruitment/"
    assert docs_by_id["mofa-tech"].url is None
    assert docs_by_id["isa-it-2025"].deadline == "2025-07-18"
    assert {d.doc_type for d in docs_by_id.values()} == {"guide", "rule", "notice"}


def test_every_numbered_section_of_the_it_notice_is_a_heading(docs_by_id):
    # 「10 選考日程、選考方法及び試験地」 holds a 、; it heads its section like 「9 勤務時間・休暇」 does.
    text = docs_by_id["isa-it-2025"].text
    assert [n for n in range(1, 12) if f"\n## {n} " not in text] == []
