"""Which documents a question points at: 'IT人材' → the IT selection, '外務省' → its guide."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Callable, Iterable

from bot.index.lexical import fold_reading
from bot.types import Document, Organization

@dataclass(frozen=True)
class Scope:
    doc_ids: frozenset[str]
    matched: tuple[str, ...]
    topics: tuple[str, ...] = ()  # matched words naming a part of a document: they stay in the search

    @property
    def names(self) -> tuple[str, ...]:
        """The matched words that name a document or organization (not a part of one, nor a piece of such a word)."""
        return tuple(m for m in self.matched if not any(m in t for t in self.topics))

    @classmethod
    def empty(cls) -> "Scope":
        return cls(frozenset(), ())

    def without_names(self, message: str, mark: str = " ") -> str:
        """The message with the names that set the scope removed: inside the scope they tell nothing apart.
        `mark` stands where a name stood: Sudachi drops spaces, so the word channels want 「、」 there
        (「入管のIT人材って」 leaves 「の って」, read as 乗る)."""
        if not self.names:
            return message  # unchanged, so the same question is embedded once (query cache)
        rest = fold(message)
        for alias in sorted(self.names, key=len, reverse=True):
            rest = rest.replace(fold(alias), mark)
        rest = rest.strip(f"{mark} ")
        return rest if len(rest) >= 2 else message


MIN_READING_MATCH = 4  # kana; shorter readings match inside unrelated words


def detect_scope(message: str, documents: dict[str, Document], orgs: dict[str, Organization],
                 reading: Callable[[str], str] | None = None) -> Scope:
    """Documents the message names; with `reading`, names typed in kana (「がいむしょう」) count too."""
    folded = fold(message)
    spoken = reading(message).replace(" ", "") if reading else ""

    doc_hits: set[str] = set()
    matched: list[str] = []

    def names(alias: str) -> bool:
        if alias.isascii():  # Latin names are whole words: 'isa' is not in 'disability'
            return re.search(rf"\b{re.escape(fold(alias))}\b", folded) is not None
        if fold(alias) in folded:
            return True
        if not spoken:
            return False
        alias_reading = reading(alias).replace(" ", "")
        if len(alias_reading) < MIN_READING_MATCH or alias_reading not in spoken:
            return False
        typed = _typed_in_kana(folded, alias_reading)
        if typed:  # 「あいてぃーじんざい」: left out of the search like the written name would be
            matched.append(typed)
        return True

    topics: list[str] = []
    by_name = {doc.doc_id for doc in documents.values() if any(names(alias) for alias in doc.aliases)}
    for doc in documents.values():
        named = [alias for alias in (*doc.aliases, *doc.topics) if names(alias)]
        if not named:
            continue
        if by_name and doc.doc_id not in by_name:
            # 「障害者選考の受験資格は？」 names the notice; 受験資格, a part of the rule, asks about the notice's own.
            matched.extend(alias for alias in named if alias not in doc.topics)
            continue
        matched.extend(named)
        topics.extend(alias for alias in named if alias in doc.topics)
        # A name one document is known by may be printed in the organization's other documents too
        # (「システム管理室」: the IT post and the 総合職 guide's interview); those stay in scope. Named by several
        # of its names (「人事院規則八―一八」 is 人事院規則 and 規則八―一八), it is printed elsewhere only if all are:
        # the disability notice's 「人事院規則10―4」 is another rule.
        doc_hits.update(d.doc_id for d in documents.values()
                        if d.doc_id == doc.doc_id or (d.organization == doc.organization
                                                      and all(_count(d.text, alias) > 0 for alias in named)))
        for alias in named:
            # A name another organization's document prints at least as often is its word as much as this
            # document's (「総合職」: the 入管庁 guide's name, and the exam the rule sets): both stay in scope.
            own = _count(doc.text, alias)
            doc_hits.update(d.doc_id for d in documents.values()
                            if d.organization != doc.organization and _count(d.text, alias) >= max(own, 1))
    known_names = {fold(n) for o in orgs.values() for n in o.names} | {fold(a) for d in documents.values() for a in d.aliases}
    for org in orgs.values():
        # 「出入国管理課」 around 出入国 (and 入国管理, another of its names) is a part of the organization.
        own_names = {fold(n) for n in org.names}
        for alias in org.aliases:
            if names(alias):
                matched.append(alias)
                if not any(documents[d].organization == org.name for d in doc_hits):
                    doc_hits.update(d.doc_id for d in documents.values() if d.organization == org.name)
                # 「外務省専門職員」 is not 外務省's guide but an exam the rule sets: a compound around the name that
                # a document prints brings that document into scope.
                for compound in _compounds_around(folded, fold(alias)):
                    printed_in = {d.doc_id for d in documents.values() if _count(d.text, compound) > 0}
                    # 「人事院規則八」 holds a document's own name (人事院規則): that name has set the scope already.
                    if not printed_in or compound in known_names or any(
                            n in compound for n in known_names - own_names if n not in fold(alias)):
                        continue
                    doc_hits.update(printed_in)
                    topics.append(alias)  # part of the compound's name: it stays in the search with it
    return Scope(frozenset(doc_hits), tuple(dict.fromkeys(matched)), tuple(dict.fromkeys(topics)))


_KANA_RUN = re.compile(r"[ぁ-ゖァ-ヺー]+")
_COMPOUND = re.compile(r"[\u4e00-\u9fffァ-ヺー]+")


def _compounds_around(text: str, name: str) -> list[str]:
    """Runs of kanji and katakana in `text` that hold `name` and more (「外務省専門職員」 around 外務省)."""
    if not name or name.isascii():
        return []
    return [run for run in _COMPOUND.findall(text) if name in run and len(run) > len(name)]


def _typed_in_kana(text: str, alias_reading: str) -> str:
    """The kana in `text` that reads `alias_reading` (long-vowel marks and small kana folded), or ''."""
    for run in _KANA_RUN.finditer(text):
        kept = [(i, folded) for i, ch in enumerate(run.group()) if (folded := fold_reading(ch))]
        reading = "".join(f for _, f in kept)
        at = reading.find(alias_reading)
        if at >= 0:
            start, end = kept[at][0], kept[at + len(alias_reading) - 1][0] + 1
            return run.group()[start:end]
    return ""


@lru_cache(maxsize=1024)
def _count(text: str, alias: str) -> int:
    return fold(text).count(fold(alias))


def fold(text: str) -> str:
    """NFKC and lower case: the form names are compared in."""
    return unicodedata.normalize("NFKC", text).lower()


_WESTERN_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)\s*年?")
_ERA_YEAR = re.compile(r"(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*年")
_ERA_BASE = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}


def years_in(text: str) -> set[int]:
    """Calendar years a text names, in 西暦 or 和暦 ('令和7年' → 2025, '2019(令和元)年' → 2019)."""
    folded = unicodedata.normalize("NFKC", text)
    years = {int(m.group(1)) for m in _WESTERN_YEAR.finditer(folded)}
    for era, number in _ERA_YEAR.findall(folded):
        years.add(_ERA_BASE[era] + (1 if number == "元" else int(number)))
    return years


# 'the next year' counts from something said before (「翌年」), not from today: only the bare phrase is relative to now.
_RELATIVE_YEAR = re.compile(r"(再来|来|今|去|昨|(?<!the )next |(?<!the )this |(?<!the )last )(年度?|year)", re.I)
_RELATIVE_OFFSET = {"再来": 2, "来": 1, "next ": 1, "今": 0, "this ": 0, "去": -1, "昨": -1, "last ": -1}


def relative_years(text: str, today: date) -> set[int]:
    """「来年度」「今年」「last year」 as calendar years seen from today (年度 starts in April)."""
    years = set()
    fiscal = today.year if today.month >= 4 else today.year - 1
    for word, unit in _RELATIVE_YEAR.findall(unicodedata.normalize("NFKC", text)):
        offset = _RELATIVE_OFFSET[word.lower()]
        years.add((fiscal if unit == "年度" else today.year) + offset)
    return years


def asks_about_other_year(question: str, passage_text: str, doc: Document, today: date | None = None) -> bool:
    """The question names a year that neither the passage nor the document's period speaks of."""
    asked = years_in(question) | (relative_years(question, today) if today else set())
    if not asked:
        return False
    # A passage naming years (a table of 令和2〜6年度) speaks of those; one naming none, of its document's period.
    covered = years_in(passage_text)
    if not covered:
        covered = years_in(doc.period) | ({int(doc.as_of[:4])} if doc.as_of else set())
    return not asked & covered


# Names of public bodies: ministries and agencies, prefectural and municipal offices.
_ORGANIZATION = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:都庁|道庁|府庁|県庁|市役所|区役所|町役場|村役場|省|庁)")
# Words ending in 庁/省 that are acts or kinds, not bodies: 「4月入庁」「毎朝登庁」「中央省庁」.
_NOT_A_BODY = re.compile(r"(入|登|退|出|在|帰|反|本|官|省|府|内)[庁省]$")


def named_bodies(question: str) -> list[str]:
    """Public bodies the question names (folded): 「財務省」「東京都庁」, not 「反省」「4月入庁」「中央省庁」「各府省」."""
    names = []
    folded = fold(question)
    for match in _ORGANIZATION.finditer(folded):
        name = match.group(0)
        if len(name) < 3 or _NOT_A_BODY.search(name) or folded.startswith("庁", match.end()):
            continue
        names.append(name)
    return names


def unknown_organizations(question: str, folded_corpus: str) -> list[str]:
    """Organizations the question names that appear nowhere in the documents (`folded_corpus` = fold(corpus))."""
    return [name for name in named_bodies(question) if not _mentioned(name, folded_corpus)]


def _mentioned(name: str, folded_text: str) -> bool:
    """A longer kanji run ending in a name the text writes (「先日外務省」「昔厚生労働省」) names that body."""
    return any(name[i:] in folded_text for i in range(len(name) - 2))


# English names of public bodies, as capitalized: 'the Ministry of Economy', 'the National Police Agency'.
_ENGLISH_BODY = re.compile(r"\bMinistry of (?:the )?[A-Z][a-z]+|\b(?:[A-Z][a-z]+ ){1,3}(?:Agency|Authority|Bureau|Office|Government)\b")


def english_names(names: Iterable[str]) -> re.Pattern[str]:
    """One pattern for English names known to the documents, as whole words, longest first."""
    alternation = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


def unknown_english_organizations(question: str, known: re.Pattern[str]) -> list[str]:
    """Bodies an English question names other than the `known` English names (see english_names): 'the
    Ministry of Economy, Trade and Industry' is none of the documents' organizations."""
    return _ENGLISH_BODY.findall(known.sub(" ", question))


def glossed_bodies_not_in(written: Iterable[tuple[str, ...]], passage: str, own_names: frozenset[str]) -> list[str]:
    """The same for an English question, whose bodies are named through the glossary ('the Ministry of Justice' →
    法務省): `written` holds each idea's terms, and a body is mentioned when any of its terms is."""
    text = fold(passage)
    return [terms[0] for terms in written
            if bodies_not_in(terms[0], "", own_names) and not any(fold(term) in text for term in terms)]


def bodies_not_in(question: str, passage: str, own_names: frozenset[str]) -> list[str]:
    """Bodies the question names, other than the documents' own organizations (`own_names`, folded), that the
    passage does not mention: 「財務省の総合職って何人採用？」 is not answered by 入管庁's hiring table."""
    text = fold(passage)
    return [name for name in named_bodies(question)
            if not any(name.endswith(own) for own in own_names) and not _mentioned(name, text)]
