"""Channel dedupe keys: the first claim wins, on one store or several stores (instances) sharing a database."""

from __future__ import annotations

import threading

from bot.channels.dedupe import EventStore
from bot.store import Store


def test_first_claim_wins_per_channel(store):
    events = EventStore(store)
    assert events.claim("line", "01HXYZ") is True
    assert events.claim("line", "01HXYZ") is False
    assert events.claim("slack", "01HXYZ") is True  # ids are only unique within a platform


def test_simultaneous_claims_from_separate_instances_have_one_winner(store):
    # Each thread gets its own Store (own engine and pool), as separate app processes would.
    url = store.url.render_as_string(hide_password=False)
    instances = [EventStore(Store(url, attempts=10)) for _ in range(6)]
    barrier = threading.Barrier(len(instances))
    wins: list[bool] = []

    def claim(events: EventStore) -> None:
        barrier.wait()
        wins.append(events.claim("line", "redelivered-event"))

    threads = [threading.Thread(target=claim, args=(e,)) for e in instances]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(wins) == [False] * 5 + [True]
    for e in instances:
        e.store.close()


def test_old_keys_are_purged(store):
    events = EventStore(store)
    events.claim("line", "e1")
    assert events.purge_older_than(3600) == 0
    assert events.purge_older_than(-1) == 1  # everything is older than "one second in the future"
    assert events.claim("line", "e1") is True
