from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.errors import RulesError
from bot.messages import CATALOG
from bot.rules.engine import MISSING_ORDER
from bot.rules.schema import DEFAULT_RULES_PATH, FLAG_FACTS, EDUCATION_RANK, load_rules

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_every_quote_is_verbatim_in_its_document(rules):
    for rule in rules.rules:
        text = (CORPUS / f"{rule.source.doc_id}.md").read_text(encoding="utf-8")
        assert rule.source.quote in text, rule.id


def test_every_row_of_beppyo_3_is_covered(rules):
    text = (CORPUS / "npa-rule-8-18.md").read_text(encoding="utf-8")
    table = text[text.index("## 別表第三"):]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ") and "受験資格 |" not in line]
    covered = {(e.name, k) for e in rules.exams for k in e.kubun.split("、")}
    assert len(rows) == 33
    for name, kubun in ((n.strip(), k.strip()) for n, k in rows):
        for one in kubun.split("、"):
            assert (name, one) in covered, (name, one)


def test_every_exam_has_the_article_9_nationality_rule_or_its_own(rules):
    for exam in rules.exams:
        assert any("nationality" in r for r in exam.rules), exam.id
        assert any("art38" in r for r in exam.rules), exam.id


def test_no_dates_or_ages_are_hard_coded_in_code():
    code = "".join(p.read_text(encoding="utf-8") for p in (DEFAULT_RULES_PATH.parent).glob("*.py"))
    for literal in ("2025", "62", "令和7", "13)"):
        assert literal not in re.sub(r"#.*", "", code), literal


def test_every_catalog_key_the_engine_may_use_exists():
    for key in MISSING_ORDER:
        assert f"eligibility.ask.{key}" in CATALOG
    for fact in FLAG_FACTS:
        assert f"eligibility.fact.{fact}" in CATALOG
    for level in EDUCATION_RANK:
        assert f"eligibility.level.{level}" in CATALOG
    for key, entry in CATALOG.items():
        if key.startswith("eligibility."):
            assert entry.get("ja") and entry.get("en"), key


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _valid() -> dict:
    return {
        "version": 1,
        "defaults": {"exam_year_rollover_month": 10},
        "rules": [{
            "id": "x.age", "label": "年齢", "label_en": "Age",
            "when": {"kind": "age", "under": 30},
            "source": {"doc_id": "npa-rule-8-18", "quote": "三十歳未満"},
        }],
        "exams": [{"id": "x", "name": "試験", "rules": ["x.age"], "aliases": ["試験"]}],
    }


def test_minimal_file_loads(tmp_path):
    assert load_rules(_write(tmp_path, _valid())).exam("x").rules == ("x.age",)


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d["rules"][0].pop("source"),
        lambda d: d["rules"][0]["when"].update(kind="shoe_size"),
        lambda d: d["rules"][0]["when"].update(at_least=40),
        lambda d: d["rules"][0]["when"].pop("under"),
        lambda d: d["rules"][0].update(type="maybe"),
        lambda d: d["rules"][0].update(extra_field=1),
        lambda d: d["exams"][0].update(rules=["no.such.rule"]),
        lambda d: d["exams"][0].update(aliases=["(unclosed"]),
        lambda d: d.update(families=[{"id": "f", "name": "f", "members": ["x", "ghost"], "aliases": ["f"]}]),
        lambda d: d["rules"].append(dict(d["rules"][0])),
        lambda d: d["rules"][0].update(when={"any_of": [{"kind": "age", "under": 30}]}),
        lambda d: d["rules"][0].update(when={"kind": "flag", "fact": "shoe_size", "equals": True}),
        lambda d: d.update(version=2),
    ],
)
def test_schema_rejects_malformed_files(tmp_path, break_it):
    data = _valid()
    break_it(data)
    with pytest.raises(RulesError):
        load_rules(_write(tmp_path, data))


def test_unreadable_yaml_is_a_rules_error(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(RulesError):
        load_rules(path)
    with pytest.raises(RulesError):
        load_rules(tmp_path / "missing.yaml")
