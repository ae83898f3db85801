"""「じゃあ近畿は？」「ボーナスは？」「what about Okinawa?」: a bare noun after a question asks that question
again about the noun. The noun takes the place of its counterpart in the last question (関東甲信越 → 近畿,
給料 → ボーナス). With no counterpart it is added to the last question when the message says it is asking
the same again (「じゃあ」「〜の場合は」「what about」); a bare 「研修は？」 is then a new topic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from bot.answer.scope import fold
from bot.index.embedders import BotEmbeddings
from bot.index.lexical import JapaneseTokenizer

MAX_FOCUS = 15  # characters; longer messages are questions of their own
_LEAD = r"^(?P<lead>じゃあ|じゃ|では|それでは|それなら|なら|あと|ちなみに)?[、,\s]*"
_TAIL = (r"(?P<case>の場合|の方|のほう)?(?P<particle>は|だと|では|なら|って|も)?"
         r"(?P<how>どう|どうなの|どうなる|どうですか|どうでしょう|どうでしょうか|いかが|いかがですか)?[？?。\s]*$")
_FOCUS_JA = re.compile(_LEAD + r"(?P<focus>.+?)" + _TAIL)
_FOCUS_EN = re.compile(r"^(and |so )?(what|how) about (the )?(?P<focus>.+?)[?.!\s]*$|^and (the )?(?P<and>[^?]+?)\?+$", re.I)
# Hiragana other than の means a predicate (「面接はどこでやるの」): a question of its own, not a bare noun.
_PREDICATE_KANA = re.compile(r"[ぁ-ねは-ゖ]")


@dataclass(frozen=True)
class Focus:
    noun: str
    explicit: bool  # 「じゃあ」「〜の場合は」「〜だと」「what about」: surely the last question asked again


def focus_of(message: str) -> Focus | None:
    """The bare noun a message consists of (「じゃあ近畿は？」 → 近畿), or None."""
    text = unicodedata.normalize("NFKC", message).strip()
    english = _FOCUS_EN.match(text)
    if english:
        noun, explicit = english.group("focus") or english.group("and"), True
    else:
        japanese = _FOCUS_JA.match(text)
        if japanese is None or _PREDICATE_KANA.search(japanese.group("focus")):
            return None
        noun = japanese.group("focus")
        explicit = bool(japanese.group("lead") or japanese.group("case") or japanese.group("how")
                        or japanese.group("particle") in ("だと", "では", "なら"))
    noun = (noun or "").strip()
    if not noun or len(noun) > MAX_FOCUS:
        return None
    return Focus(noun, explicit)


class Substitution:
    """The last question asked again about a new noun."""

    def __init__(self, tokenizer: JapaneseTokenizer, embedder: BotEmbeddings, organization_names: set[str]) -> None:
        self._tokenizer = tokenizer
        self._embedder = embedder
        # An organization the topic is about stays: 「じゃあ本省では？」 after 外務省の在外公館 keeps 外務省.
        self._organizations = {fold(name) for name in organization_names if name}

    def __call__(self, last_question: str, focus: Focus) -> str | None:
        """The last question about the focus instead; None when it is not clearly asked again."""
        counterpart = self._counterpart(last_question, focus.noun)
        if counterpart is not None:
            return last_question.replace(counterpart, focus.noun, 1)
        return f"{focus.noun} {last_question}" if focus.explicit else None

    def _counterpart(self, last_question: str, focus: str) -> str | None:
        """The noun phrase of the last question of the same kind as the focus (a place for a place …),
        the one closest in meaning when several are."""
        focus_phrases = self._tokenizer.noun_phrases(focus)
        if len(focus_phrases) != 1:
            return None
        kind = focus_phrases[0][1]
        candidates = [surface for surface, k in self._tokenizer.noun_phrases(last_question)
                      if k == kind and fold(surface) not in self._organizations and fold(surface) != fold(focus)
                      and surface in last_question]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        vectors = self._embedder.queries([focus, *candidates])
        return candidates[int(np.argmax(vectors[1:] @ vectors[0]))]
