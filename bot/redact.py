"""Masking personal facts (dates, emails, phone numbers, long numbers) before text is logged or stored."""

from __future__ import annotations

import re
import unicodedata

# Order matters: emails and phone numbers contain digit runs the later patterns would half-mask.
_ERA = r"(?:令和|平成|昭和|R|H|S)"
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[メール]"),
    (re.compile(r"(?<!\d)(?:\+81[-\s]?|0)\d{1,4}[-\s()（）]\d{1,4}[-\s()（）]\d{3,4}(?!\d)"), "[電話番号]"),
    (re.compile(r"(?<!\d)0\d{9,10}(?!\d)"), "[電話番号]"),
    (re.compile(rf"(?:\d{{4}}|{_ERA}\s*(?:\d{{1,2}}|元))\s*[年./-]\s*\d{{1,2}}\s*[月./-]\s*\d{{1,2}}\s*日?"), "[日付]"),
    (re.compile(rf"(?:\d{{4}}|{_ERA}\s*(?:\d{{1,2}}|元))\s*年\s*\d{{1,2}}\s*月"), "[日付]"),
    (re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*日"), "[日付]"),
    (re.compile(rf"{_ERA}\s*(?:\d{{1,2}}|元)\s*年"), "[日付]"),
    (re.compile(r"\d{4,}"), "[数字]"),
)


def redact(text: str) -> str:
    """Mask dates, emails, phone numbers and any number of 4+ digits (birth years, IDs, postcodes)."""
    text = unicodedata.normalize("NFKC", text)  # full-width digits and ＠ would otherwise slip through
    for pattern, mask in _REDACTIONS:
        text = pattern.sub(mask, text)
    return text
