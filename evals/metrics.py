"""Evaluation metrics: pure, deterministic functions over plain Python values.

Conventions
-----------
* Retrieval metrics take ``ranked``: a list of booleans, one per retrieved unit in rank order
  (``True`` = the unit is gold, see :func:`evals.gold.is_gold`). When several units hit the same
  gold quote, turn per-unit gold-quote sets into first-hit booleans with :func:`novel_relevance`
  so a quote is rewarded once.
* A metric that is undefined for an input (no gold quotes, no citations, nothing to average)
  returns ``None`` rather than 0 or 1; :func:`mean` and :func:`by_tag` skip ``None``. Cases
  without gold (fallback, clarify-only) should therefore simply not contribute to retrieval means.
* Text comparisons use NFKC and drop all whitespace, so full-width digits (``１３年``) match
  ``13年`` and ``約 4 年間`` matches ``約4年間``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping, Sequence

# --------------------------------------------------------------------------- helpers


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the non-None values; None if there are none."""
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def normalize_text(text: str) -> str:
    """NFKC, then every whitespace character removed (the form facts and numbers are compared in)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def novel_relevance(ranked_matches: Sequence[Iterable[Hashable]]) -> list[bool]:
    """Per rank, True iff the unit covers a gold quote that no higher-ranked unit covered.

    ``ranked_matches[i]`` is the set of gold-quote indices unit *i* overlaps
    (:func:`evals.gold.gold_matches`). Feeding the result to :func:`ndcg_at_k` keeps nDCG <= 1.
    """
    seen: set[Hashable] = set()
    out = []
    for matches in ranked_matches:
        new = set(matches) - seen
        out.append(bool(new))
        seen |= new
    return out


# --------------------------------------------------------------------------- retrieval


def hit_at_k(ranked: Sequence[bool], k: int) -> float:
    """1.0 if any of the first ``k`` units is gold, else 0.0."""
    if k < 1:
        raise ValueError("k must be >= 1")
    return 1.0 if any(ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[bool], k: int = 10) -> float:
    """1/rank of the first gold unit within the first ``k``; 0.0 if none (MRR@k per case)."""
    for i, rel in enumerate(ranked[:k], start=1):
        if rel:
            return 1.0 / i
    return 0.0


def mrr_at_k(rankings: Sequence[Sequence[bool]], k: int = 10) -> float | None:
    """Mean reciprocal rank over cases (None for no cases)."""
    return mean(reciprocal_rank(r, k) for r in rankings)


def dcg_at_k(ranked: Sequence[bool], k: int = 10) -> float:
    """Binary-relevance DCG: sum of 1/log2(rank+1) over gold units in the first ``k``."""
    return sum(1.0 / math.log2(i + 1) for i, rel in enumerate(ranked[:k], start=1) if rel)


def ndcg_at_k(ranked: Sequence[bool], n_gold: int, k: int = 10) -> float | None:
    """DCG@k divided by the ideal DCG of ``min(n_gold, k)`` gold units at the top.

    ``n_gold`` is the number of distinct gold quotes of the case. None when ``n_gold == 0``.
    The value is clamped to 1.0 in case more units than distinct quotes are marked relevant
    (use :func:`novel_relevance` to avoid that).
    """
    if n_gold <= 0:
        return None
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_gold, k) + 1))
    return min(1.0, dcg_at_k(ranked, k) / ideal)


# --------------------------------------------------------------------------- citations and facts


def citation_precision(cited_is_gold: Sequence[bool]) -> float | None:
    """Share of cited units that are gold; None when nothing is cited."""
    if not cited_is_gold:
        return None
    return sum(1 for c in cited_is_gold if c) / len(cited_is_gold)


def citation_recall(cited_matches: Sequence[Iterable[Hashable]], n_gold: int) -> float | None:
    """Share of the case's ``n_gold`` gold quotes covered by at least one citation.

    ``cited_matches[i]`` are the gold-quote indices (0..n_gold-1) citation *i* overlaps.
    None when the case has no gold quotes.
    """
    if n_gold <= 0:
        return None
    covered = set()
    for m in cited_matches:
        covered |= {g for g in m if isinstance(g, int) and 0 <= g < n_gold}
    return len(covered) / n_gold


def fact_coverage(answer: str, facts: Sequence[str]) -> float | None:
    """Share of ``facts`` found in ``answer`` (both NFKC-normalized, whitespace removed).

    None when the case lists no facts.
    """
    if not facts:
        return None
    text = normalize_text(answer)
    return sum(1 for f in facts if normalize_text(f) in text) / len(facts)


_MARKER = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> list[str]:
    """Numbers written in Arabic digits, after NFKC, in a canonical form: thousands commas dropped
    (``1,966`` -> ``1966``) and leading zeros removed (``07`` -> ``7``, so ``2025-07-18`` and
    ``7月18日`` share 7 and 18).

    Citation markers like ``[1]`` are ignored. Kanji numerals (``三十歳``) are not numbers here.
    """
    text = _MARKER.sub(" ", unicodedata.normalize("NFKC", text))
    out = []
    for m in _NUMBER.finditer(text):
        n = m.group(0).replace(",", "")
        whole, dot, frac = n.partition(".")
        out.append((whole.lstrip("0") or "0") + (dot + frac if frac else ""))
    return out


def unfaithful_numbers(answer: str, cited_quotes: Sequence[str], allowed: Iterable[str] = ()) -> list[str]:
    """Numbers of ``answer`` that appear in none of ``cited_quotes`` (nor in ``allowed`` text,
    e.g. the user's own message), in order of first appearance, without duplicates."""
    known = set()
    for q in [*cited_quotes, *allowed]:
        known.update(numbers_in(q))
    out: list[str] = []
    for n in numbers_in(answer):
        if n not in known and n not in out:
            out.append(n)
    return out


@dataclass(frozen=True)
class NumericFaithfulness:
    share_faithful: float | None  # share of answers whose every number is backed by a citation
    offending: list[list[str]]  # per answer, the numbers that were not backed


def numeric_faithfulness(
    answers: Sequence[tuple[str, Sequence[str]]],
    allowed: Sequence[Iterable[str]] | None = None,
) -> NumericFaithfulness:
    """``answers`` is a list of (answer text, cited quote texts). An answer is faithful when
    :func:`unfaithful_numbers` is empty. ``allowed[i]`` optionally whitelists texts for answer *i*."""
    offending = [
        unfaithful_numbers(text, quotes, allowed[i] if allowed is not None else ())
        for i, (text, quotes) in enumerate(answers)
    ]
    share = mean(0.0 if o else 1.0 for o in offending)
    return NumericFaithfulness(share_faithful=share, offending=offending)


# --------------------------------------------------------------------------- eligibility


def verdict_accuracy(pairs: Sequence[tuple[str | None, str | None]]) -> float | None:
    """Share of (expected, predicted) verdict pairs that agree; None for no pairs."""
    return mean(1.0 if exp == pred else 0.0 for exp, pred in pairs)


def check_accuracy(pairs: Sequence[tuple[Iterable[str], Iterable[str]]]) -> float | None:
    """Check-level accuracy: share of cases whose set of failed check ids equals the expected
    set of failing rule ids (order and duplicates ignored; both empty counts as correct)."""
    return mean(1.0 if set(exp) == set(pred) else 0.0 for exp, pred in pairs)


# --------------------------------------------------------------------------- behaviour


@dataclass(frozen=True)
class PrecisionRecall:
    precision: float | None
    recall: float | None
    tp: int
    predicted: int
    expected: int


def abstention(pairs: Sequence[tuple[str, str]], positive: str = "fallback") -> PrecisionRecall:
    """Abstention precision/recall over (expected_kind, predicted_kind) pairs.

    precision = correct fallbacks / predicted fallbacks; recall = correct fallbacks / expected
    fallbacks. Either is None when its denominator is 0.
    """
    tp = sum(1 for e, p in pairs if e == positive and p == positive)
    predicted = sum(1 for _, p in pairs if p == positive)
    expected = sum(1 for e, _ in pairs if e == positive)
    return PrecisionRecall(
        precision=tp / predicted if predicted else None,
        recall=tp / expected if expected else None,
        tp=tp,
        predicted=predicted,
        expected=expected,
    )


def clarify_rate(predicted_kinds: Sequence[str]) -> float | None:
    """Share of (ambiguous) cases where the bot asked to clarify; None for no cases."""
    return mean(1.0 if k == "clarify" else 0.0 for k in predicted_kinds)


def kind_accuracy(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Share of (expected_kind, predicted_kind) pairs that agree."""
    return mean(1.0 if e == p else 0.0 for e, p in pairs)


# --------------------------------------------------------------------------- latency


def percentile_nearest_rank(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of values <= it.

    rank = ceil(p/100 * n) (at least 1); None for no values.
    """
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(latencies_ms: Sequence[float]) -> dict[str, float | None]:
    """``{"p50": ..., "p95": ...}`` by nearest rank."""
    return {
        "p50": percentile_nearest_rank(latencies_ms, 50),
        "p95": percentile_nearest_rank(latencies_ms, 95),
    }


# --------------------------------------------------------------------------- breakdowns


@dataclass(frozen=True)
class TagStat:
    mean: float | None
    n: int  # cases with a (non-None) value


def by_tag(
    values: Mapping[str, float | None],
    tags: Mapping[str, Iterable[str]],
    *,
    include_all: bool = True,
) -> dict[str, TagStat]:
    """Group a per-case metric by tag.

    ``values`` maps case id -> value (None = not applicable, skipped); ``tags`` maps case id ->
    its tags. Each tag gets the mean over its cases that have a value; ``"all"`` covers every
    case. Tags whose cases are all None appear with ``mean=None, n=0``. Keys are sorted.
    """
    groups: dict[str, list[float | None]] = {}
    for case_id, value in values.items():
        for tag in dict.fromkeys(tags.get(case_id, ())):
            groups.setdefault(tag, []).append(value)
    out = {
        tag: TagStat(mean=mean(vs), n=sum(1 for v in vs if v is not None))
        for tag, vs in sorted(groups.items())
    }
    if include_all:
        vs = list(values.values())
        out = {"all": TagStat(mean=mean(vs), n=sum(1 for v in vs if v is not None)), **out}
    return out
