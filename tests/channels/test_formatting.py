"""Pure formatting: LINE's message/length limits, quick replies, source lists and Slack blocks."""

from __future__ import annotations

from bot.channels.formatting import (
    LINE_MAX_TEXT,
    line_texts,
    link_for,
    quick_reply_items,
    slack_message,
    split_text,
    utf16_len,
)
from bot.types import Answer, Citation

CITE = Citation(1, "isa-guide-2025", "入管庁 総合職入庁案内", "出入国在留管理庁", "地方官署で働く", "/sources/isa-guide-2025?start=1&end=9#passage")


def long_text(chars: int = 12_000) -> str:
    sentence = "採用後は研修があり、𠮷野の地方官署で働くこともあります。"  # 𠮷 is two UTF-16 units
    text = ""
    i = 0
    while len(text) < chars:
        text += sentence + ("\n" if i % 7 == 6 else "") + ("本当ですか？" if i % 5 == 0 else "")
        i += 1
    return text[:chars]


def test_splitter_on_12000_chars_keeps_everything_within_limits():
    text = long_text()
    assert len(text) == 12_000
    chunks = split_text(text)
    assert "".join(chunks) == text
    assert all(utf16_len(c) <= LINE_MAX_TEXT for c in chunks)
    assert len(chunks) == 3  # 12,000 chars with some surrogate pairs need three 5,000-unit messages
    assert all(c.rstrip("\n")[-1] in "。！？" for c in chunks[:-1])  # broken at sentence ends


def test_utf16_counting_and_hard_split_of_one_huge_sentence():
    assert utf16_len("𠮷a") == 3
    text = "𠮷" * 4000  # 8,000 units, no sentence end anywhere
    chunks = split_text(text)
    assert "".join(chunks) == text and all(utf16_len(c) <= LINE_MAX_TEXT for c in chunks)
    assert split_text("") == []


def test_line_texts_cap_five_messages_and_end_with_sources():
    answer = Answer("answer", long_text(30_000), (CITE,))
    out = line_texts(answer, "https://bot.example.go.jp")
    assert len(out) == 5 and all(utf16_len(t) <= LINE_MAX_TEXT for t in out)
    assert "省略" in out[3]
    assert out[-1] == "【出典】\n[1] 入管庁 総合職入庁案内（出入国在留管理庁）\nhttps://bot.example.go.jp/sources/isa-guide-2025?start=1&end=9#passage"


def test_links_only_with_an_https_public_base():
    assert link_for(CITE, "") is None
    assert link_for(CITE, "http://localhost:8000") is None
    assert link_for(CITE, "https://bot.example.go.jp/").startswith("https://bot.example.go.jp/sources/")
    short = line_texts(Answer("answer", "回答です。[1]", (CITE,)), "")
    assert short == ["回答です。[1]", "【出典】\n[1] 入管庁 総合職入庁案内（出入国在留管理庁）"]


def test_quick_replies_truncate_labels_and_cap_items():
    suggestions = tuple(f"質問その{i}：採用試験の申込み方法について詳しく教えてください" for i in range(20)) + ("質問その0：採用試験の申込み方法について詳しく教えてください",)
    items = quick_reply_items(Answer("answer", "x", suggestions=suggestions))
    assert len(items) == 13
    assert all(len(label) <= 20 for label, _ in items)
    assert items[0][1] == suggestions[0] and items[0][0].endswith("…")


def test_slack_blocks_have_sections_and_a_citation_context():
    answer = Answer("answer", "A & B <script> です。[1]", (CITE,), suggestions=("地方転勤はありますか",))
    text, blocks = slack_message(answer, "https://bot.example.go.jp")
    assert text.startswith("A & B")
    assert blocks[0] == {"type": "section", "text": {"type": "mrkdwn", "text": "A &amp; B &lt;script&gt; です。[1]"}}
    context = blocks[1]
    assert context["type"] == "context"
    assert "<https://bot.example.go.jp/sources/isa-guide-2025?start=1&end=9#passage|" in context["elements"][1]["text"]
    assert "地方転勤はありますか" in blocks[2]["elements"][0]["text"]
    _, long_blocks = slack_message(Answer("answer", long_text(7000).replace("野", "&")), "")
    assert all(len(b["text"]["text"]) <= 3000 for b in long_blocks)
