"""corpus/anticipated/<doc_id>.jsonl: the questions each passage is expected to answer.

One JSON object a line, ``{"anchor": str, "questions": [str, ...]}``. The anchor is a verbatim
stretch of the document occurring exactly once, so the questions follow their passage whatever
the chunking. They are written from the document alone, never from evaluation questions.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.errors import CorpusError
from bot.types import Anticipated

DIRECTORY = "anticipated"


def load_anticipated(path: Path, text: str) -> tuple[Anticipated, ...]:
    """The document's anticipated questions (none when it has no file); a bad line is refused by line number."""
    if not path.is_file():
        return ()
    out: list[Anticipated] = []
    anchors: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{where}: JSONとして読めません（{exc}）") from exc
        anchor = raw.get("anchor") if isinstance(raw, dict) else None
        questions = raw.get("questions") if isinstance(raw, dict) else None
        if not (isinstance(anchor, str) and anchor and isinstance(questions, list) and questions
                and all(isinstance(q, str) and q.strip() for q in questions)):
            raise CorpusError(f"{where}: anchor（文字列）と questions（空でない文字列のリスト）が必要です")
        occurrences = text.count(anchor)
        if occurrences != 1:
            raise CorpusError(f"{where}: anchor「{anchor}」は文書中に{occurrences}回現れます（ちょうど1回であること）")
        if anchor in anchors:
            raise CorpusError(f"{where}: anchor「{anchor}」が重複しています")
        anchors.add(anchor)
        out.append(Anticipated(anchor, tuple(dict.fromkeys(q.strip() for q in questions))))
    return tuple(out)
