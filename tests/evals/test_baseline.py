"""The 500-character baseline: chunks cover each document exactly, with offsets into its text."""

from __future__ import annotations

import pytest

from bot.types import Document
from evals.baseline import fixed_chunks


def doc(text: str) -> Document:
    return Document("d", "t", "o", "guide", "", "", None, text)


def test_fixed_chunks_tile_the_text_with_offsets():
    text = "あ" * 1234
    chunks = fixed_chunks(doc(text))
    assert [(u.start, u.end) for u in chunks] == [(0, 500), (500, 1000), (1000, 1234)]
    assert all(u.text == text[u.start : u.end] and u.doc_id == "d" and u.kind == "prose" for u in chunks)
    assert len({u.unit_id for u in chunks}) == 3


def test_fixed_chunks_skip_blank_windows_and_small_sizes():
    chunks = fixed_chunks(doc("ab" + " " * 8 + "cd"), size=4)
    assert [(u.start, u.text) for u in chunks] == [(0, "ab  "), (8, "  cd")]
    assert fixed_chunks(doc("")) == []
    with pytest.raises(ValueError):
        fixed_chunks(doc("x"), size=0)
