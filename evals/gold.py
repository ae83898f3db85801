"""Gold passages of the evaluation set: loading cases, locating quotes, judging retrieved spans.

A case's gold is a list of ``{"doc_id", "quote"}`` where the quote is a verbatim substring of
``corpus/<doc_id>.md``. A retrieved unit (``doc_id``, ``start``, ``end`` — offsets into the same
cleaned text) is *gold* when it comes from the same document and its span overlaps a place where
one of the gold quotes occurs. Quotes are located exactly first and, failing that, ignoring
whitespace (so a quote copied across a line break or with a stray space still lands).

Everything here is pure apart from :func:`load_cases` and :func:`load_corpus`, which read files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

KINDS = ("answer", "eligibility", "clarify", "fallback")
VERDICTS = ("eligible", "ineligible", "need_info")
_FIELDS = {"id", "turns", "expected_kind", "gold", "facts", "expected_verdict", "failing_rules", "tags"}

Span = tuple[int, int]


@dataclass(frozen=True)
class Gold:
    doc_id: str
    quote: str


@dataclass(frozen=True)
class Case:
    """One evaluation case; ``turns[-1]`` is the message being judged, earlier turns are history."""

    id: str
    turns: tuple[str, ...]
    expected_kind: str
    gold: tuple[Gold, ...]
    facts: tuple[str, ...]
    expected_verdict: str | None
    failing_rules: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def question(self) -> str:
        return self.turns[-1]

    @property
    def history(self) -> tuple[str, ...]:
        return self.turns[:-1]

    @property
    def gold_doc_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.doc_id for g in self.gold))

    def has_tag(self, tag: str) -> bool:
        return tag in self.tags

    def tag_values(self, prefix: str) -> tuple[str, ...]:
        """``tag_values("org")`` -> ("isa", "mofa") for tags org:isa, org:mofa."""
        p = prefix.rstrip(":") + ":"
        return tuple(t[len(p):] for t in self.tags if t.startswith(p))


class CaseError(ValueError):
    """A dataset line that does not follow the schema; the message names file and line."""


# --------------------------------------------------------------------------- locating quotes


@lru_cache(maxsize=4096)
def _squeezed(doc_text: str) -> tuple[str, tuple[int, ...]]:
    """The text without whitespace, and for each kept character its offset in the original."""
    positions = tuple(i for i, ch in enumerate(doc_text) if not ch.isspace())
    return "".join(doc_text[i] for i in positions), positions


@lru_cache(maxsize=16384)
def locate_all(quote: str, doc_text: str) -> tuple[Span, ...]:
    """Every (non-overlapping) occurrence of ``quote`` as ``(start, end)`` offsets, in order.

    Exact occurrences if there are any; otherwise whitespace-insensitive ones, whose span runs
    from the first to the last matched non-space character of the original text.
    """
    if not quote or not quote.strip():
        return ()
    spans: list[Span] = []
    i = doc_text.find(quote)
    while i >= 0:
        spans.append((i, i + len(quote)))
        i = doc_text.find(quote, i + len(quote))
    if spans:
        return tuple(spans)
    needle = "".join(quote.split())
    squeezed, positions = _squeezed(doc_text)
    j = squeezed.find(needle)
    while j >= 0:
        spans.append((positions[j], positions[j + len(needle) - 1] + 1))
        j = squeezed.find(needle, j + len(needle))
    return tuple(spans)


def locate(quote: str, doc_text: str) -> Span | None:
    """The first place ``quote`` occurs in ``doc_text`` (exact, then ignoring whitespace), or None."""
    spans = locate_all(quote, doc_text)
    return spans[0] if spans else None


def overlaps(a: Span, b: Span) -> bool:
    """Half-open spans share at least one character (empty spans overlap nothing)."""
    return a[0] < a[1] and b[0] < b[1] and a[0] < b[1] and b[0] < a[1]


def _as_gold(g: Gold | Mapping[str, Any]) -> Gold:
    if isinstance(g, Gold):
        return g
    return Gold(doc_id=g["doc_id"], quote=g["quote"])


def gold_matches(
    doc_id: str,
    start: int,
    end: int,
    gold: Sequence[Gold | Mapping[str, Any]],
    corpus_texts: Mapping[str, str],
) -> frozenset[int]:
    """Indices of the gold quotes that the unit ``doc_id[start:end]`` overlaps.

    A quote that occurs several times in its document (a contact address printed twice) is
    matched at any of its occurrences. A gold document missing from ``corpus_texts`` is an error.
    """
    found = set()
    for i, item in enumerate(gold):
        g = _as_gold(item)
        if g.doc_id != doc_id:
            continue
        if g.doc_id not in corpus_texts:
            raise KeyError(f"gold document {g.doc_id!r} is not in the corpus")
        if any(overlaps((start, end), span) for span in locate_all(g.quote, corpus_texts[g.doc_id])):
            found.add(i)
    return frozenset(found)


def is_gold(
    doc_id: str,
    start: int,
    end: int,
    gold: Sequence[Gold | Mapping[str, Any]],
    corpus_texts: Mapping[str, str],
) -> bool:
    """True when the unit is from a gold document and its span overlaps a located gold quote."""
    return bool(gold_matches(doc_id, start, end, gold, corpus_texts))


# --------------------------------------------------------------------------- loading


def load_corpus(corpus_dir: str | Path) -> dict[str, str]:
    """``{doc_id: cleaned text}`` for every document listed in ``corpus_dir/manifest.json``."""
    root = Path(corpus_dir)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return {d["doc_id"]: (root / d["file"]).read_text(encoding="utf-8") for d in manifest["documents"]}


def _strings(value: Any, what: str, *, allow_empty_list: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    if not value and not allow_empty_list:
        raise ValueError(f"{what} must not be empty")
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{what} must hold non-empty strings, got {v!r}")
    return tuple(value)


def parse_case(obj: Any, doc_ids: Iterable[str] | None = None) -> Case:
    """Validate one decoded JSON object and build a :class:`Case` (raises ValueError)."""
    if not isinstance(obj, dict):
        raise ValueError("a case must be a JSON object")
    missing = _FIELDS - obj.keys()
    if missing:
        raise ValueError(f"missing field(s): {', '.join(sorted(missing))}")
    extra = obj.keys() - _FIELDS
    if extra:
        raise ValueError(f"unknown field(s): {', '.join(sorted(extra))}")
    if not isinstance(obj["id"], str) or not obj["id"].strip():
        raise ValueError("id must be a non-empty string")
    turns = _strings(obj["turns"], "turns", allow_empty_list=False)
    kind = obj["expected_kind"]
    if kind not in KINDS:
        raise ValueError(f"expected_kind must be one of {KINDS}, got {kind!r}")
    verdict = obj["expected_verdict"]
    if verdict is not None and verdict not in VERDICTS:
        raise ValueError(f"expected_verdict must be null or one of {VERDICTS}, got {verdict!r}")
    if (kind == "eligibility") != (verdict is not None):
        raise ValueError("expected_verdict must be set if and only if expected_kind is 'eligibility'")
    known = set(doc_ids) if doc_ids is not None else None
    if not isinstance(obj["gold"], list):
        raise ValueError("gold must be a list")
    gold = []
    for g in obj["gold"]:
        if not isinstance(g, dict) or set(g) != {"doc_id", "quote"}:
            raise ValueError(f"each gold item must be {{'doc_id', 'quote'}}, got {g!r}")
        if not isinstance(g["doc_id"], str) or not isinstance(g["quote"], str) or not g["quote"].strip():
            raise ValueError(f"gold doc_id and quote must be non-empty strings, got {g!r}")
        if known is not None and g["doc_id"] not in known:
            raise ValueError(f"gold doc_id {g['doc_id']!r} is not a corpus document")
        gold.append(Gold(g["doc_id"], g["quote"]))
    return Case(
        id=obj["id"],
        turns=turns,
        expected_kind=kind,
        gold=tuple(gold),
        facts=_strings(obj["facts"], "facts"),
        expected_verdict=verdict,
        failing_rules=_strings(obj["failing_rules"], "failing_rules"),
        tags=_strings(obj["tags"], "tags"),
    )


def load_cases(path: str | Path, doc_ids: Iterable[str] | None = None) -> list[Case]:
    """Read a JSONL dataset; blank lines are skipped, anything else wrong raises :class:`CaseError`
    naming the file and the 1-based line. With ``doc_ids``, gold documents must be among them."""
    p = Path(path)
    ids = list(doc_ids) if doc_ids is not None else None
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise CaseError(f"{p}:{n}: invalid JSON: {e.msg}") from e
        try:
            case = parse_case(obj, ids)
        except (ValueError, KeyError, TypeError) as e:
            label = f" (id {obj.get('id')!r})" if isinstance(obj, dict) and "id" in obj else ""
            raise CaseError(f"{p}:{n}{label}: {e}") from e
        if case.id in seen:
            raise CaseError(f"{p}:{n}: duplicate id {case.id!r} (first on line {seen[case.id]})")
        seen[case.id] = n
        cases.append(case)
    return cases


def case_to_json(case: Case) -> str:
    """The one-line JSON form of a case (the inverse of :func:`parse_case`)."""
    return json.dumps(
        {
            "id": case.id,
            "turns": list(case.turns),
            "expected_kind": case.expected_kind,
            "gold": [{"doc_id": g.doc_id, "quote": g.quote} for g in case.gold],
            "facts": list(case.facts),
            "expected_verdict": case.expected_verdict,
            "failing_rules": list(case.failing_rules),
            "tags": list(case.tags),
        },
        ensure_ascii=False,
    )
