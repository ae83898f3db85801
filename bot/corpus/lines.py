"""Line primitives shared by the layout readers and the answer: where a sentence ends, how two pieces of one sentence
join, what marks a list item."""

from __future__ import annotations

import re

SENTENCE_END = "。！？!?」』）)"
NUMERIC_TOKEN = re.compile(r"^[\d:：～~\-.,、％%年月日時分]+$")
KANJI_NUMERAL = "一二三四五六七八九十"
# A list item's mark (「・」「⑴」「（1）」「○」): the answer quotes a list together with what announces it.
ITEM_MARK = r"- |・|[①-⑳]|⑴|⑵|⑶|⑷|⑸|\(\d+\)|（\d+）|[○●◆■]"


def join_fragments(left: str, right: str) -> str:
    """Join two pieces of one sentence: no space in Japanese, one between numbers or words."""
    if not left:
        return right
    if not right:
        return left
    if NUMERIC_TOKEN.match(left.split()[-1]) and NUMERIC_TOKEN.match(right.split()[0]):
        return f"{left} {right}"
    if re.match(r"[A-Za-z0-9]", left[-1]) and re.match(r"[A-Za-z0-9]", right[0]):
        return f"{left} {right}"
    return left + right


def ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in SENTENCE_END
