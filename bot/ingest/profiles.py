"""Staff profiles in a guide: the caption (post, name, 「(令和2年:行政)」) and the stretch of the document it heads.

A profile's Mission or Career Review text rarely repeats the post its caption names (「財務省関税局…係長」 stands above
「主な担当業務は、税関相互支援協定の…」), yet it is that post's work the text describes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.ingest.units import caption_first
from bot.types import Document, Unit

# A profile runs until the next caption or the next chapter (a level-1 or level-2 heading).
_CHAPTER = re.compile(r"^#{1,2} ")
# A word that names one profile is a name (「財務省」「総領事館」), not an everyday word one caption happens to write (「コース」).
_KANJI_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


@dataclass(frozen=True)
class Profile:
    caption: str  # the caption's lines as the document writes them
    start: int  # where the caption begins
    end: int  # where the profile ends (the next caption or chapter, or the document's end)


def staff_profiles(text: str) -> list[Profile]:
    spans = _lines(text)
    lines = [text[s:e] for s, e in spans]
    captions = [(spans[first][0], spans[k][1]) for k in range(len(lines)) if (first := caption_first(lines, k)) is not None]
    chapters = [s for (s, _), line in zip(spans, lines) if _CHAPTER.match(line)]
    profiles = []
    for k, (start, caption_end) in enumerate(captions):
        following = [s for s in chapters if s > caption_end][:1] + [s for s, _ in captions[k + 1 : k + 2]]
        profiles.append(Profile(text[start:caption_end], start, min([len(text), *following])))
    return profiles


class ProfileIndex:
    """The staff profile each unit falls in, and the words that name one profile: kanji words of its caption that no
    other caption and no unit outside it writes (「財務省に出向してる人」 names 「財務省関税局…係長 田代 さつき」)."""

    def __init__(self, documents: Mapping[str, Document], units: Sequence[Unit], unit_tokens: Sequence[frozenset[str]],
                 tokens: Callable[[str], list[str]]) -> None:
        if len(units) != len(unit_tokens):
            raise ValueError("one token set per unit is needed")
        self.rows: list[np.ndarray] = []  # each profile's units, by their position in `units`
        self.caption_words: list[frozenset[str]] = []
        self._caption_of: dict[str, str] = {}  # unit id → the caption over it
        for doc_id, doc in documents.items():
            for profile in staff_profiles(doc.text):
                rows = [i for i, u in enumerate(units) if u.doc_id == doc_id and profile.start <= u.start < profile.end]
                self.rows.append(np.array(rows, dtype=int))
                self.caption_words.append(frozenset(tokens(profile.caption)))
                self._caption_of.update((units[i].unit_id, profile.caption) for i in rows)
        profile_of = {i: k for k, rows in enumerate(self.rows) for i in rows}
        writers: dict[str, set[int | None]] = {}  # word → the profiles (None: outside any) whose units or caption write it
        for i, words in enumerate(unit_tokens):
            for word in words:
                writers.setdefault(word, set()).add(profile_of.get(i))
        for k, words in enumerate(self.caption_words):
            for word in words:
                writers.setdefault(word, set()).add(k)
        self._naming = {word: next(iter(ks)) for word, ks in writers.items()
                        if len(ks) == 1 and None not in ks and _KANJI_WORD.match(word) and word in self.caption_words[next(iter(ks))]}

    def caption_of(self, unit: Unit) -> str:
        """The caption of the profile the unit falls in ('' outside any)."""
        return self._caption_of.get(unit.unit_id, "")

    def named_by(self, tokens: Sequence[str]) -> int | None:
        """The one profile (with units) that the question's words name; None for none or several."""
        named = {self._naming[t] for t in tokens if t in self._naming}
        if len(named) != 1:
            return None
        k = named.pop()
        return k if self.rows[k].size else None


def _lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines."""
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out
