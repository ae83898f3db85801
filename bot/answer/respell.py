"""Words typed as their reading (「しょうきゅう」「ｶﾞｲﾑｼｮｳ」) respelt as the documents write them (昇給, 外務省).

People on phones often type the kana of a word rather than choose its kanji. e5 and the Sudachi word
channel read kana spellings poorly, so the question is respelt before it is searched. The lexicon is the
documents' own words keyed by reading, so a respelling only ever produces a word the documents use.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from bot.index.lexical import JapaneseTokenizer, fold_reading, to_hiragana

MIN_READING = 3  # two-kana readings (かい, じょう …) collide with grammar far too often
_KANA_RUN = re.compile(r"[ぁ-ゖー]{3,}|[ァ-ヺー]{3,}")
_KANJI = re.compile(r"[\u4e00-\u9fff々〆ヵヶ]")
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]{3,}")
# A respelt stretch must stand where a word can: at the run's edges or against a particle. This keeps
# conjugations and set phrases (いがいる, たほうが, きまってる) from being read as words (以外, 他方, 期末).
_MAY_FOLLOW = frozenset("のはがをにでともへやか")
_MAY_PRECEDE = _MAY_FOLLOW | {"っ"}  # 〜って
_SURU = re.compile(r"し[てたまな]")  # a noun made a verb: ふくぎょうして → 副業して
# Half-width kana (「ﾆｭｳｶﾝﾉｿｳｺﾞｳｼｮｸﾃﾞ」) is often a whole sentence typed on a phone without kanji, particles and
# all: what is not read whole as katakana words is read as hiragana, respelt word by word around its particles.
_HALF_WIDTH_KANA = re.compile(r"[\uff66-\uff9d]")


class KanaRespeller:
    """Respells the kana runs of a question with the documents' words that have that reading."""

    def __init__(self, lexicon: dict[str, str], written: str, tokenizer: JapaneseTokenizer | None = None) -> None:
        lexicon = {fold_reading(reading): surface for reading, surface in lexicon.items()}
        if any(len(reading) < MIN_READING for reading in lexicon):
            raise ValueError(f"lexicon readings must have at least {MIN_READING} kana")
        self._lexicon = lexicon
        self._written = written  # the documents' own text: a kana run they write is not a misspelt word
        self._longest = max((len(r) for r in lexicon), default=0)
        self._tokenizer = tokenizer  # to ask how Sudachi itself reads a typed kana word

    @classmethod
    def from_texts(cls, texts: Iterable[str], tokenizer: JapaneseTokenizer, words: Iterable[str] = ()) -> "KanaRespeller":
        """Kanji words and katakana words (しすてむ → システム), each reading spelt as the documents mostly spell it.

        `words` may be respelt into too though the documents do not write them: the everyday words a glossary
        then turns into the documents' terms (ふくぎょう → 副業 → 兼業).
        """
        spellings: dict[str, Counter] = defaultdict(Counter)
        texts = list(texts)
        for text in [*texts, *words]:
            for surface, reading in tokenizer.spellings(text):
                if (_KANJI.search(surface) or _KATAKANA_WORD.fullmatch(surface)) and len(reading) >= MIN_READING:
                    spellings[reading][surface] += 1
        lexicon = {reading: counts.most_common(1)[0][0] for reading, counts in spellings.items()}
        return cls(lexicon, unicodedata.normalize("NFKC", "\n".join(texts)), tokenizer)

    def __call__(self, question: str) -> str:
        """The question with its kana-typed words respelt (a half-width one in hiragana); exactly as given when
        none is."""
        text = unicodedata.normalize("NFKC", question)  # half-width ｶﾅ become kana runs
        respelt = self._respell_runs(text)
        if _HALF_WIDTH_KANA.search(question):
            # What was not read as katakana words is a sentence typed in kana: read again as hiragana.
            respelt = self._respell_runs(to_hiragana(respelt))
        return question if respelt == text else respelt

    def _respell_runs(self, text: str) -> str:
        known = self._tokenizer.dictionary_words(text) if self._tokenizer else {}
        return _KANA_RUN.sub(lambda m: self._respell_run(m.group(), _within(known, m.start(), m.end()),
                                                         _okurigana(known, m.start())), text)

    def _respell_run(self, run: str, known: dict[tuple[int, int], str], tail_from: int = 0) -> str:
        """`known`: the dictionary spelling of each word Sudachi reads in the run, by its (start, end) in the run;
        `tail_from`: where the run stops being the kana ending of the word before it (「小さいと」: さい is 小さい's)."""
        if run in self._written:
            return run
        katakana = run[0] >= "ァ"
        folded = [fold_reading(ch) for ch in run]
        # best[i]: (score, pieces) for run[:i]; a respelt character scores 10, each word used costs 1,
        # so complete coverage wins and, among equals, fewer and longer words do.
        best: list[tuple[int, list[str]] | None] = [None] * (len(run) + 1)
        best[0] = (0, [])
        for i in range(len(run)):
            if best[i] is None:
                continue
            score, pieces = best[i]
            _keep_better(best, i + 1, (score, pieces + [run[i]]))
            if i < tail_from or (i > 0 and (katakana or run[i - 1] not in _MAY_FOLLOW)):
                continue
            for j, words in self._chains(folded, i).items():
                whole = i == 0 and j == len(run)
                # Katakana is also how loanwords are written: only a run read whole as words is respelt.
                if katakana and not whole:
                    continue
                if not whole and j < len(run) and run[j] not in _MAY_PRECEDE and not _SURU.match(run, j):
                    continue
                if run[i:j] in self._written:
                    continue
                # Sudachi reads the stretch as one word spelt otherwise: 「どのあたりの」 is 辺り, not the documents' 当たり.
                dictionary = known.get((i, j), "")
                if _KANJI.search(dictionary) and dictionary != "".join(words):
                    continue
                _keep_better(best, j, (score + 10 * (j - i) - len(words), pieces + words))
        return "".join(best[len(run)][1])

    def _chains(self, folded: list[str], start: int) -> dict[int, list[str]]:
        """Every end reachable from `start` through consecutive lexicon words, with the fewest words."""
        found: dict[int, list[str]] = {}
        frontier = {start: []}
        while frontier:
            following: dict[int, list[str]] = {}
            for i, words in frontier.items():
                reading = ""
                for j in range(i + 1, min(len(folded), i + self._longest) + 1):
                    reading += folded[j - 1]
                    surface = self._lexicon.get(reading)
                    if surface is not None and (j not in found or len(words) + 1 < len(found[j])):
                        found[j] = following[j] = words + [surface]
            frontier = following
        return found


def _okurigana(words: dict[tuple[int, int], str], run_start: int) -> int:
    """How many kana at the run's start belong to a word Sudachi reads from before it (「小さい」 → 2 for 「さいと」)."""
    return max((end - run_start for start, end in words if start < run_start < end), default=0)


def _within(words: dict[tuple[int, int], str], start: int, end: int) -> dict[tuple[int, int], str]:
    """The words inside text[start:end], with offsets relative to start."""
    return {(s - start, e - start): form for (s, e), form in words.items() if start <= s and e <= end}


def _keep_better(best: list, at: int, candidate: tuple[int, list[str]]) -> None:
    if best[at] is None or candidate[0] > best[at][0]:
        best[at] = candidate
