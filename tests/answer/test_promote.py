from bot.answer.promote import first_fitting
from bot.types import Hit


def _hits(bot, scores):
    return tuple(Hit(unit, score) for unit, score in zip(bot.index.units, scores))


def test_the_first_close_fitting_hit_moves_to_the_front(bot):
    hits = _hits(bot, [1.0, 0.9, 0.8])
    second = hits[1].unit.unit_id
    moved = first_fitting(hits, lambda unit: unit.unit_id == second, floor=0.7)
    assert [h.unit.unit_id for h in moved] == [second, hits[0].unit.unit_id, hits[2].unit.unit_id]


def test_hits_below_the_floor_or_beyond_the_depth_are_not_considered(bot):
    hits = _hits(bot, [1.0, 0.9, 0.5])
    last = hits[2].unit.unit_id
    assert first_fitting(hits, lambda unit: unit.unit_id == last, floor=0.7) is None
    assert first_fitting(hits, lambda unit: unit.unit_id == last, floor=0.0, depth=2) is None
    assert first_fitting(hits, lambda unit: unit.unit_id == last, floor=0.0)[0].unit.unit_id == last
