"""Nouns typed with the wrong kanji for their reading (「住むのは感謝？」 for 官舎, 「外部の検収」 for 研修) respelt as
the documents in scope write that reading.

A phone's kana-to-kanji conversion offers every word of a reading, and the first one offered is often not the
one meant. A noun the documents in scope never write, read the way one of their nouns is read, is a candidate
for that noun. Whether it was a slip is for the retrieval to say: the respelling is kept only if the question is
then answered more surely (bot/answer/pipeline.py), since 「赴任」 in a question about 入管庁 reads as 不妊 too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable

from bot.answer.scope import fold
from bot.index.lexical import JapaneseTokenizer
from bot.types import Document

MIN_READING = 3  # two-kana readings collide far too often
_KANJI = re.compile(r"[\u4e00-\u9fff々〆ヵヶ]")


class HomophoneRespeller:
    def __init__(self, documents: dict[str, Document], tokenizer: JapaneseTokenizer) -> None:
        if not documents:
            raise ValueError("no documents to take spellings from")
        self._tokenizer = tokenizer
        self._spellings: dict[str, dict[str, Counter]] = {}
        for doc in documents.values():
            by_reading: dict[str, Counter] = defaultdict(Counter)
            for line in doc.text.splitlines():  # Sudachi takes at most ~48 KB at once
                for _, _, surface, reading in tokenizer.nouns(line):
                    if _KANJI.search(surface) and len(reading) >= MIN_READING:
                        by_reading[reading][surface] += 1
            self._spellings[doc.doc_id] = by_reading

    def candidate(self, question: str, doc_ids: frozenset[str], written: str) -> str | None:
        """The question with each such noun respelt (NFKC-normalized), or None when there is none. `written`: the
        folded text of the documents in scope (all of them when `doc_ids` is empty), as the question reader keeps it."""
        doc_ids = frozenset(doc_ids & self._spellings.keys()) or frozenset(self._spellings)
        text = unicodedata.normalize("NFKC", question)
        out, pos = [], 0
        for start, end, surface, reading in self._tokenizer.nouns(text):
            if not _KANJI.search(surface) or len(reading) < MIN_READING or fold(surface) in written:
                continue
            spelt = Counter()
            for doc_id in doc_ids:
                spelt.update(self._spellings[doc_id].get(reading, {}))
            if spelt:
                out += [text[pos:start], spelt.most_common(1)[0][0]]
                pos = end
        if not out:
            return None
        return "".join(out) + text[pos:]



def respelt_if_surer(question: str, respelt: str | None, sureness: Callable[[str], float], gain: float) -> str:
    """The respelt question if it is answered at least `gain` more surely (confidence 0–1) than as typed."""
    if respelt is None or sureness(respelt) < sureness(question) + gain:
        return question
    return respelt
