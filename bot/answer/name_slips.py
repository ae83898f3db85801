"""An organization's name typed with one wrong kanji of the same sound (「入菅庁」 for 入管庁, 「外夢省」 for 外務省)
respelt as the name.

Such a slip ends like a public body, so it would otherwise be read as a body the documents never mention and
the question would fall back. Only a name the documents never write is a candidate, and only when the kanji
typed has a reading that the right name sounds at that place: 総務省 is another ministry (ソウ is not in
ガイムショウ), not a slip for 外務省.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from bot.answer.scope import fold, named_bodies
from bot.index.lexical import JapaneseTokenizer, fold_reading

MIN_NAME = 3  # 「入間」 is a place, not a slip for 入管: two-character names are too close to other words


class NameSlips:
    def __init__(self, names: Iterable[str], written: str, tokenizer: JapaneseTokenizer) -> None:
        kept = sorted({fold(n) for n in names if len(n) >= MIN_NAME and not n.isascii()}, key=len, reverse=True)
        if not kept:
            raise ValueError("no organization names to respell slips into")
        self._sounds = {name: fold_reading(tokenizer.reading(name)) for name in kept}  # name → how it is read
        self._written = written  # folded text of all documents: a name they write is no slip
        self._tokenizer = tokenizer

    def __call__(self, question: str) -> str:
        """The question with each slipped name respelt (NFKC); exactly as given when there is none."""
        plain = unicodedata.normalize("NFKC", question)
        text = plain
        for typed in named_bodies(question):
            if typed in self._written:
                continue
            for start in range(len(typed) - MIN_NAME + 1):  # 「先日入菅庁」: the name is the run's tail
                meant = self._meant(typed[start:])
                if meant:
                    text = text.replace(typed[start:], meant)
                    break
        return question if text == plain else text

    def _meant(self, typed: str) -> str | None:
        for name, sound in self._sounds.items():
            if len(name) != len(typed):
                continue
            differ = [i for i, (a, b) in enumerate(zip(name, typed)) if a != b]
            if len(differ) == 1 and any(r and fold_reading(r) in sound for r in self._tokenizer.readings_of(typed[differ[0]])):
                return name
        return None
