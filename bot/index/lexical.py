"""BM25 over SudachiPy normalized forms (never bm25s' default splitter on Japanese), and over
kana readings, so that 「しょうきゅう」 or 「ｼﾒｷﾘ」 still finds 昇給 and 締切.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path

import bm25s
import numpy as np
from sudachipy import dictionary, tokenizer

from bot.index.english import english_words
from bot.ingest.normalize import normalize

SKIPPED_POS = {"助詞", "助動詞", "補助記号", "空白", "記号"}
# Words that carry no topic: they neither count towards nor against a question's coverage.
LIGHT_WORDS = {
    "有る", "居る", "為る", "成る", "出来る", "無い", "良い", "御", "何", "どう", "どの", "どんな", "此の", "其の", "事", "物", "方",
    "所", "様", "的", "さん", "教える", "下さい", "知る", "思う", "言う", "大丈夫", "本当", "ちょっと", "正直",
    "i", "you", "the", "a", "an", "is", "are", "do", "does", "to", "of", "at", "in", "for", "it", "what", "how", "can", "my", "me",
}


# Words asking where, when, who …: what a question wants, not what it is about (they still count in its coverage,
# which was calibrated with them; a rival passage holding 「いつでも」 shares nothing with 「いつ公表された？」).
INTERROGATIVES = {"いつ", "どこ", "誰", "何故", "どれ", "どちら", "幾ら", "幾つ"}
# The frame of a question rather than its topic (「いつ」「どんな」「ダメ？」「教えてください」).
FRAME_POS = {"代名詞", "連体詞", "副詞", "感動詞", "接続詞"}
FRAME_WORDS = {"駄目", "感じ", "下さる", "貰う", "欲しい", "可能", "幾ら", "幾つ"}
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")

READING_GRAMS = (2, 3)
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# Small kana and the long-vowel mark are spelled inconsistently by people typing readings.
_READING_FOLD = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ", "ー")
_WORD_CHAR = re.compile(r"\w")
_KATAKANA = re.compile(r"[\u30a1-\u30fa]")
_ALL_KANJI = re.compile(r"[\u4e00-\u9fff]+")
_GLOSS = re.compile(r"(?<=.)\(([^()]+)\)")
_HIRAGANA_WORD = re.compile(r"[ぁ-ゖー]+")
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]+")
# What Sudachi makes of a word spelled in hiragana that is written in kanji: 「にゅうかん」 → にゅう(副詞)/かん(代名詞).
_KANA_PIECE_POS = {"名詞", "副詞", "代名詞", "形状詞", "接頭辞"}


def _noun_before_tte(m, following, sudachi) -> str:
    """「出張って」 is the noun 出張 and the colloquial って, which Sudachi reads as the verb 出張る in its て form: a kanji
    compound the dictionary has as a noun, made a verb only by る, before て, is taken as the noun (頑張って and
    手伝って stay verbs: 頑張 is no noun, 手伝う does not end in る)."""
    surface = m.surface()
    if (following is None or following.surface() != "て" or m.part_of_speech()[0] != "動詞" or not surface.endswith("っ")
            or len(surface) < 3 or not _ALL_KANJI.fullmatch(surface[:-1]) or m.dictionary_form() != surface[:-1] + "る"):
        return ""
    alone = list(sudachi.tokenize(surface[:-1], tokenizer.Tokenizer.SplitMode.C))
    return surface[:-1] if len(alone) == 1 and alone[0].part_of_speech()[0] == "名詞" else ""


def to_hiragana(text: str) -> str:
    return text.translate(_KATAKANA_TO_HIRAGANA)


def fold_reading(text: str) -> str:
    """Kana as katakana, small kana as large, no long-vowel marks: how a typed reading is compared."""
    return text.translate(_HIRAGANA_TO_KATAKANA).translate(_READING_FOLD)


class JapaneseTokenizer:
    """Content words as Sudachi normalized forms, with the short-unit parts of compounds added."""

    def __init__(self) -> None:
        self._dictionary = dictionary.Dictionary(dict="core")
        self._tokenizer = self._dictionary.tokenizer()
        self._lock = threading.Lock()  # Sudachi tokenizers are not safe to share across threads

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one tokenizer per process, kanji are few
    def readings_of(self, surface: str) -> frozenset[str]:
        """Every reading (katakana) the dictionary has for this exact surface: 菅 → カン, スガ, スゲ."""
        with self._lock:
            return frozenset(m.reading_form() for m in self._dictionary.lookup(surface))

    def tokens(self, text: str) -> list[str]:
        text = normalize(text)
        out: list[str] = []
        glossed: list[str] = []
        with self._lock:
            morphemes = list(self._tokenizer.tokenize(text, tokenizer.Tokenizer.SplitMode.C))
            for i, m in enumerate(morphemes):
                if m.part_of_speech()[0] in SKIPPED_POS:
                    continue
                noun = _noun_before_tte(m, morphemes[i + 1] if i + 1 < len(morphemes) else None, self._tokenizer)
                if noun:
                    out.append(noun)
                    continue
                form = m.normalized_form().lower()
                out.append(form)
                parts = m.split(tokenizer.Tokenizer.SplitMode.A)
                if len(parts) > 1:
                    out += [p.normalized_form().lower() for p in parts if p.part_of_speech()[0] not in SKIPPED_POS]
                # The dictionary has words with a gloss inside (「勤勉手当(ボーナス)」 → 勤勉手当): the gloss counts too.
                glossed += _GLOSS.findall(m.surface())
        for gloss in glossed:
            out += self.tokens(gloss)
        return out

    def topic_words(self, text: str) -> list[str]:
        """The words of a Japanese question that say what it is about, as written: its frame
        (interrogatives, 「ある？」「ダメ？」「教えて」) dropped; nothing from a question with no Japanese in it."""
        if not _JAPANESE.search(text):
            return []
        out: list[str] = []
        with self._lock:
            for m in self._tokenizer.tokenize(normalize(text), tokenizer.Tokenizer.SplitMode.C):
                pos = m.part_of_speech()
                if pos[0] in SKIPPED_POS or pos[0] in FRAME_POS or pos[1] == "非自立可能":
                    continue
                form = m.normalized_form()
                if form in LIGHT_WORDS or form in FRAME_WORDS:
                    continue
                out.append(m.surface())
        return out

    def typed_in_kana(self, text: str) -> bool:
        """Whether the text spells in kana a word written in kanji (「しょうきゅう」「ｼﾒｷﾘ」), not merely
        kana grammar (「っていつできたの」). Sudachi shows it: an unknown katakana word, a stray small kana,
        or two content words within one stretch of hiragana."""
        pieces = 0
        with self._lock:
            for m in self._tokenizer.tokenize(normalize(text), tokenizer.Tokenizer.SplitMode.C):
                surface, pos = m.surface(), m.part_of_speech()[0]
                if m.is_oov() and _KATAKANA_WORD.fullmatch(surface):
                    return True
                if not _HIRAGANA_WORD.fullmatch(surface):
                    pieces = 0
                    continue
                if pos == "補助記号":
                    return True
                if pos in _KANA_PIECE_POS and m.normalized_form() not in INTERROGATIVES:
                    pieces += 1
                    if pieces >= 2:
                        return True
        return False

    def reading(self, text: str) -> str:
        """The text as katakana readings, words separated only where punctuation was."""
        return self._reading(text)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one tokenizer per process; aliases are read again and again
    def _reading(self, text: str) -> str:
        text = normalize(text)
        out: list[str] = []
        with self._lock:
            for m in self._tokenizer.tokenize(text, tokenizer.Tokenizer.SplitMode.C):
                surface = m.surface()
                if not _WORD_CHAR.search(surface):
                    out.append(" ")
                    continue
                reading = m.reading_form()
                out.append(reading if _KATAKANA.search(reading) else surface)
        return fold_reading("".join(out))

    def noun_phrases(self, text: str) -> list[tuple[str, tuple[str, str]]]:
        """Runs of nouns (with their prefixes and suffixes) as written, each with its last noun's kind
        (e.g. 固有名詞/地名 for 関東甲信越, 普通名詞/一般 for 在外公館)."""
        phrases: list[tuple[str, tuple[str, str]]] = []
        surface, kind = "", ("", "")
        with self._lock:
            for m in self._tokenizer.tokenize(unicodedata.normalize("NFKC", text), tokenizer.Tokenizer.SplitMode.C):
                pos = m.part_of_speech()
                if pos[0] in ("名詞", "接頭辞", "接尾辞") and pos[1] != "代名詞":
                    surface += m.surface()
                    if pos[0] == "名詞":
                        kind = (pos[1], pos[2])
                    continue
                if surface:
                    phrases.append((surface, kind))
                surface, kind = "", ("", "")
        if surface:
            phrases.append((surface, kind))
        return phrases

    def dictionary_words(self, text: str) -> dict[tuple[int, int], str]:
        """(start, end) of each word Sudachi reads in the text → its normalized (dictionary) spelling."""
        with self._lock:
            return {(m.begin(), m.end()): m.normalized_form() for m in self._tokenizer.tokenize(text, tokenizer.Tokenizer.SplitMode.C)}

    def nouns(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, surface, folded reading) of each noun in the text (normalized NFKC), whole compounds only."""
        with self._lock:
            return [(m.begin(), m.end(), m.surface(), fold_reading(m.reading_form()))
                    for m in self._tokenizer.tokenize(unicodedata.normalize("NFKC", text), tokenizer.Tokenizer.SplitMode.C)
                    if m.part_of_speech()[0] == "名詞"]

    def spellings(self, text: str) -> list[tuple[str, str]]:
        """(surface, folded reading) of each content word in the text and of the short-unit parts of compounds."""
        out: list[tuple[str, str]] = []
        with self._lock:
            for m in self._tokenizer.tokenize(unicodedata.normalize("NFKC", text), tokenizer.Tokenizer.SplitMode.C):
                if m.part_of_speech()[0] in SKIPPED_POS:
                    continue
                parts = list(m.split(tokenizer.Tokenizer.SplitMode.A))
                for word in [m, *(parts if len(parts) > 1 else [])]:
                    out.append((word.surface(), fold_reading(word.reading_form())))
        return out

    def reading_grams(self, text: str) -> list[str]:
        grams: list[str] = []
        for piece in self.reading(text).split():
            for n in READING_GRAMS:
                grams += [piece[i : i + n] for i in range(len(piece) - n + 1)]
        return grams


ANALYSES = ("words", "reading", "english")


class LexicalIndex:
    """BM25 over one analysis of the text: Sudachi words ("words"), kana-reading n-grams ("reading") or stemmed
    English words ("english", for the English questions anticipated for a passage)."""

    def __init__(self, model: bm25s.BM25, tokenizer: JapaneseTokenizer, analysis: str = "words") -> None:
        if analysis not in ANALYSES:
            raise ValueError(f"unknown analysis {analysis!r}")
        self._model = model
        self.tokenizer = tokenizer
        self.analysis = analysis
        self._vocab = set(model.vocab_dict) if getattr(model, "vocab_dict", None) else None

    def analyze(self, text: str) -> list[str]:
        if self.analysis == "reading":
            return self.tokenizer.reading_grams(text)
        if self.analysis == "english":
            return english_words(text)
        return [t for t in self.tokenizer.tokens(text) if t not in LIGHT_WORDS]

    @classmethod
    def build(cls, texts: list[str], tokenizer: JapaneseTokenizer, analysis: str = "words") -> "LexicalIndex":
        index = cls(bm25s.BM25(), tokenizer, analysis)
        documents = [index.analyze(t) or [""] for t in texts]
        # A sorted vocabulary (bm25s would number tokens in set order): a rebuild writes the same files.
        vocab = {token: i for i, token in enumerate(sorted({t for d in documents for t in d}))}
        index._model.index(([[vocab[t] for t in d] for d in documents], vocab), show_progress=False)
        index._vocab = set(index._model.vocab_dict)
        return index

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, tokenizer: JapaneseTokenizer, analysis: str = "words") -> "LexicalIndex":
        return cls(bm25s.BM25.load(str(directory), show_progress=False), tokenizer, analysis)

    def scores(self, query: str, extra: list[str] = ()) -> tuple[np.ndarray, list[str]]:
        """BM25 score of every unit, and the query's topic tokens (known to the index or not)."""
        tokens = self.analyze(query) + [t for text in extra for t in self.analyze(text)]
        return self.scores_of(tokens), tokens

    def scores_of(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every unit for tokens already analyzed."""
        known = [t for t in tokens if self.knows(t)]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

    def knows(self, token: str) -> bool:
        """Whether some indexed text holds the (analyzed) token."""
        return self._vocab is None or token in self._vocab

    @property
    def size(self) -> int:
        return int(self._model.scores["num_docs"])
