"""The eligibility cases of the eval datasets agree with the rules file (and, for dev, with the bot)."""

from __future__ import annotations

import json

import pytest

from bot.settings import ROOT


def _cases(name: str) -> list[dict]:
    lines = (ROOT / "evals" / "datasets" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [c for c in map(json.loads, filter(str.strip, lines)) if c["expected_kind"] == "eligibility"]


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_failing_rules_name_real_rules_exactly_when_ineligible(name, rules):
    cases = _cases(name)
    assert cases
    known = {r.id for r in rules.rules}
    for case in cases:
        assert set(case["failing_rules"]) <= known, case["id"]
        assert bool(case["failing_rules"]) == (case["expected_verdict"] == "ineligible"), case["id"]


@pytest.mark.parametrize("case", _cases("dev"), ids=lambda c: c["id"])
def test_dev_case_gets_its_verdict_and_failing_checks(case, ask):
    session = None
    for message in case["turns"]:
        session, answer = ask(message, session)
    assert answer.kind == "eligibility", answer.text
    assert answer.eligibility.verdict == case["expected_verdict"], answer.text
    assert sorted(c.id for c in answer.eligibility.checks if c.status == "fail") == sorted(case["failing_rules"])
