"""BM25 over SudachiPy normalized forms (never bm25s' default splitter on Japanese)."""

from __future__ import annotations

import threading
from pathlib import Path

import bm25s
import numpy as np
from sudachipy import dictionary, tokenizer

from bot.ingest.normalize import normalize

SKIPPED_POS = {"助詞", "助動詞", "補助記号", "空白", "記号"}
# Words that carry no topic: they neither count towards nor against a question's coverage.
LIGHT_WORDS = {
    "有る", "居る", "為る", "成る", "出来る", "無い", "良い", "御", "何", "どう", "どの", "どんな", "此の", "其の", "事", "物", "方",
    "所", "様", "的", "さん", "教える", "下さい", "知る", "思う", "言う", "大丈夫", "本当", "ちょっと", "正直",
    "i", "you", "the", "a", "an", "is", "are", "do", "does", "to", "of", "at", "in", "for", "it", "what", "how", "can", "my", "me",
}


class JapaneseTokenizer:
    """Content words as Sudachi normalized forms, with the short-unit parts of compounds added."""

    def __init__(self) -> None:
        self._tokenizer = dictionary.Dictionary(dict="core").tokenizer()
        self._lock = threading.Lock()  # Sudachi tokenizers are not safe to share across threads

    def tokens(self, text: str) -> list[str]:
        text = normalize(text)
        out: list[str] = []
        with self._lock:
            morphemes = list(self._tokenizer.tokenize(text, tokenizer.Tokenizer.SplitMode.C))
            for m in morphemes:
                if m.part_of_speech()[0] in SKIPPED_POS:
                    continue
                form = m.normalized_form().lower()
                out.append(form)
                parts = m.split(tokenizer.Tokenizer.SplitMode.A)
                if len(parts) > 1:
                    out += [p.normalized_form().lower() for p in parts if p.part_of_speech()[0] not in SKIPPED_POS]
        return out


class LexicalIndex:
    def __init__(self, model: bm25s.BM25, tokenizer: JapaneseTokenizer) -> None:
        self._model = model
        self.tokenizer = tokenizer
        self._vocab = set(model.vocab_dict) if getattr(model, "vocab_dict", None) else None

    @classmethod
    def build(cls, texts: list[str], tokenizer: JapaneseTokenizer) -> "LexicalIndex":
        model = bm25s.BM25()
        model.index([tokenizer.tokens(t) or [""] for t in texts], show_progress=False)
        return cls(model, tokenizer)

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, tokenizer: JapaneseTokenizer) -> "LexicalIndex":
        return cls(bm25s.BM25.load(str(directory), show_progress=False), tokenizer)

    def scores(self, query: str) -> tuple[np.ndarray, list[str]]:
        """BM25 score of every unit, and the query's topic tokens (known to the index or not)."""
        tokens = [t for t in self.tokenizer.tokens(query) if t not in LIGHT_WORDS]
        known = [t for t in tokens if self._vocab is None or t in self._vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32), tokens
        return np.asarray(self._model.get_scores(known), dtype=np.float32), tokens

    @property
    def size(self) -> int:
        return int(self._model.scores["num_docs"])
