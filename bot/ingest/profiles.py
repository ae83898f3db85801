"""Staff profiles in a guide: the caption (post, name, 「(令和2年:行政)」) and the stretch of the document it heads.

A profile's Mission or Career Review text rarely repeats the post its caption names (「財務省関税局…係長」 stands above
「主な担当業務は、税関相互支援協定の…」), yet it is that post's work the text describes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.units import CAPTION, PERSON_NAME, is_caption_line

# A profile runs until the next caption or the next chapter (a level-1 or level-2 heading).
_CHAPTER = re.compile(r"^#{1,2} ")
_LONGEST_CAPTION_LINE = 80


@dataclass(frozen=True)
class Profile:
    caption: str  # the caption's lines as the document writes them
    start: int  # where the caption begins
    end: int  # where the profile ends (the next caption or chapter, or the document's end)


def staff_profiles(text: str) -> list[Profile]:
    lines = _lines(text)
    starts: list[tuple[int, int]] = []  # (caption start, caption end)
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if len(line) > _LONGEST_CAPTION_LINE or not CAPTION.search(line):
            continue
        before = CAPTION.split(line)[0]
        above = 2 if not before.strip() else 1 if PERSON_NAME.match(before) else 0
        first = i
        for j in range(i - 1, -1, -1):
            previous = text[slice(*lines[j])]
            if not above or not is_caption_line(previous) or previous.startswith("#"):
                break
            first, above = j, above - 1
        starts.append((lines[first][0], end))
    chapters = [s for s, e in lines if _CHAPTER.match(text[s:e])]
    profiles = []
    for k, (start, caption_end) in enumerate(starts):
        following = [s for s in chapters if s > caption_end]
        ends = [len(text)] + following[:1] + [s for s, _ in starts[k + 1 : k + 2]]
        profiles.append(Profile(text[start:caption_end], start, min(ends)))
    return profiles


def caption_over(profiles: list[Profile], offset: int) -> str:
    """The caption of the profile the text at `offset` belongs to ('' outside any)."""
    for profile in profiles:
        if profile.start <= offset < profile.end:
            return profile.caption
    return ""


def _lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines."""
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out
