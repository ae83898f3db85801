from bot.corpus.statute import read_statute


def test_statute_keeps_articles_and_paragraph_numbers(docs_by_id):
    text = docs_by_id["npa-rule-8-18"].text
    assert "### 第九条" in text
    assert "\n２　前項各号のいずれかに該当する者のほか、外国の国籍を有する者は" in text
    assert "| 国家公務員採用総合職試験（院卒者試験） | 法務 | 二　試験年度の四月一日における年齢が三十歳未満の者" in text


def test_merged_division_names_are_separated(docs_by_id):
    text = docs_by_id["npa-rule-8-18"].text
    assert "| 刑務官採用試験 | 刑務Ａ、刑務Ａ（武道） |" in text


def test_an_article_caption_and_its_paragraphs_become_heading_and_numbered_lines():
    raw = "（受験資格）\n第九条\n\u3000次の各号のいずれかに該当する者は、\n受験することができない。\n２\n\u3000前項に定めるもののほか、\n外国の国籍を有する者は受験できない。\n"
    blocks = read_statute(raw, None)
    assert "### 第九条" in blocks
    assert "第九条\u3000次の各号のいずれかに該当する者は、受験することができない。" in blocks
    assert any(b.startswith("２") and "外国の国籍を有する者は受験できない。" in b for b in blocks)
