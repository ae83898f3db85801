"""Moving a close passage that fits the question ahead of the top one: the ranking is by words and meaning, while a
question may also ask something of the passage (a value of the asked kind, a description of the thing asked)."""

from __future__ import annotations

from collections.abc import Callable

from bot.types import Hit, Unit


def first_fitting(hits: tuple[Hit, ...], fits: Callable[[Unit], bool], floor: float, depth: int | None = None) -> tuple[Hit, ...] | None:
    """The hits with the first one that fits moved to the front, looking at those scoring at least `floor` among
    the first `depth` (all when None); None when none of them fits."""
    for i, hit in enumerate(hits[:depth]):
        if hit.score < floor:
            break
        if fits(hit.unit):
            return (hit, *hits[:i], *hits[i + 1 :])
    return None
