from __future__ import annotations

import pytest

from bot.rules.schema import RuleSet, load_rules


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()
