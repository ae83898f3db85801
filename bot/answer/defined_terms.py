"""Terms the documents define (「…（以下「試験年度」という。）」, 「「国益」とは…」): a question asking what such a term means
is answered by the passage defining it, wherever the rest of the question's words rank it (the rule's definition
of 試験年度 sits inside the first row of 別表第三, among words about 院卒者試験)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bot.types import Unit

_DEFINES = re.compile(r"以下「([^」]{2,16})」という|「([^」]{2,16})」とは")
# Right after the term: asking what it means or covers (「試験年度ってどういう意味？」「採用試験とは？」), not asking about
# something it qualifies (「試験年度の4月1日に…」) or what it involves (「IT人材の採用試験って何があるの？」).
_MEANING_AFTER = (r"[」』\"']?\s*(?:って|とは|は|の|というのは|ってのは)?[、,]?\s*(?:具体的に(?:は)?[、,]?)?"
                  r"(?:どういう(?:意味|こと)|意味|定義|何を指|(?:どの|どんな|どういう)[^、。？?\s]{0,4}を指|何のこと|いつからいつまで|何月から|"
                  r"(?:何|なに|なん)(?:ですか|でしょうか)?(?:[？?]|$)|とは[？?]?$)")


class DefinedTerms:
    def __init__(self, units: Iterable[Unit]) -> None:
        self.defining: dict[str, Unit] = {}
        for unit in units:
            for match in _DEFINES.finditer(unicodedata.normalize("NFKC", unit.text)):
                self.defining.setdefault(match.group(1) or match.group(2), unit)
        self._asking = {term: re.compile(re.escape(term) + _MEANING_AFTER) for term in self.defining}

    def asked(self, question: str) -> Unit | None:
        """The unit defining the term whose meaning the question asks; None when it asks no such thing."""
        text = unicodedata.normalize("NFKC", question)
        named = [term for term, asking in self._asking.items() if asking.search(text)]
        # 「区分試験」 inside 「地域試験の区分試験」: the longest term named is the one asked about.
        return self.defining[max(named, key=len)] if named else None
