"""Personal facts live in the session store only: nothing the asker says about themselves is logged."""

from __future__ import annotations

import logging

import httpx

BIRTH = "1998年6月3日"


def test_birth_date_is_kept_in_the_session_but_never_logged(live_server, bot, caplog):
    caplog.set_level(logging.DEBUG)
    message = f"{BIRTH}生まれ、修士修了、日本国籍です。院卒の総合職を受けられますか"
    body = httpx.post(live_server.url + "/api/chat", json={"message": message}, timeout=30).json()
    follow_up = httpx.post(live_server.url + "/api/chat", json={"message": "いや、1996年6月生まれでした", "session_id": body["session_id"]},
                           timeout=30).json()

    assert body["kind"] == "eligibility" and body["eligibility"]["verdict"] == "eligible"
    assert follow_up["eligibility"]["verdict"] == "ineligible"
    facts = bot.pipeline.sessions.load(body["session_id"])["facts"]
    assert (facts["birth_year"], facts["birth_month"]) == (1996, 6)  # the store has them…
    assert caplog.records  # …and the requests were logged (so the next check can fail)
    logged = "\n".join(
        [r.getMessage() for r in caplog.records] + [repr(getattr(r, "fields", "")) for r in caplog.records]
        + [repr(r.args) for r in caplog.records]
    )
    for personal in (BIRTH, "1998", "1996", "6月3日", "修士", "日本国籍", "1998-06-03"):
        assert personal not in logged
