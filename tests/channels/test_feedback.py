"""Feedback: stored with personal facts masked, exported as CSV/JSON by `python -m bot feedback`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from bot.channels.app import create_app
from bot.feedback import FeedbackStore, export, redact
from bot.settings import Settings


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def client(data_dir):
    with TestClient(create_app(Settings(data_dir=data_dir))) as c:
        yield c


@pytest.mark.parametrize(
    ("text", "gone", "mask"),
    [
        ("1999年4月1日生まれです", "1999", "[日付]"),
        ("平成11年生まれ", "平成11年", "[日付]"),
        ("2001/04/02に卒業", "2001", "[日付]"),
        ("連絡は taro.yamada@example.com まで", "taro", "[メール]"),
        ("電話は090-1234-5678です", "5678", "[電話番号]"),
        ("０９０１２３４５６７８に電話", "5678", "[電話番号]"),
        ("受験番号123456です", "123456", "[数字]"),
        ("3月31日に卒業見込み", "31日", "[日付]"),
    ],
)
def test_redact_masks_personal_facts(text, gone, mask):
    out = redact(text)
    assert gone not in out and mask in out


def test_redact_keeps_ordinary_text():
    assert redact("25歳ですが受験できますか") == "25歳ですが受験できますか"


def test_post_feedback_stores_redacted_and_exports(client, data_dir):
    answer = client.post("/api/chat", json={"message": "地方転勤はありますか"}).json()
    r = client.post(
        "/api/feedback",
        json={
            "session_id": answer["session_id"],
            "question": "1998年5月3日生まれ、地方転勤はありますか",
            "answer": answer["answer"],
            "citations": answer["citations"],
            "rating": "up",
            "comment": "連絡先 a@b.jp 03-1234-5678",
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "ok"
    rows = FeedbackStore(data_dir / "bot.sqlite3").rows()
    row = rows[-1]
    assert row["rating"] == "up" and "1998" not in row["question"] and "[日付]" in row["question"]
    assert "a@b.jp" not in row["comment"] and "5678" not in row["comment"]
    assert json.loads(row["citations"])[0]["doc_id"] == answer["citations"][0]["doc_id"]
    as_json = json.loads(export(rows, "json"))
    assert as_json[-1]["citations"][0]["n"] == 1
    as_csv = list(csv.DictReader(io.StringIO(export(rows, "csv"))))
    assert as_csv[-1]["rating"] == "up" and "[メール]" in as_csv[-1]["comment"]


@pytest.mark.parametrize("body", [{"rating": "meh"}, {"question": "x"}, {"rating": "up", "comment": "x" * 2001}])
def test_bad_feedback_is_422(client, body):
    r = client.post("/api/feedback", json=body)
    assert r.status_code == 422 and "error" in r.json()


def test_cli_exports(data_dir, monkeypatch, capsys):
    from bot.cli import main

    FeedbackStore(data_dir / "bot.sqlite3").add(session_id="s", question="q", answer="a", citations=[], rating="down", comment="")
    monkeypatch.setenv("BOT_DATA_DIR", str(data_dir))
    assert main(["feedback", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["rating"] == "down"
    assert main(["feedback"]) == 0
    assert capsys.readouterr().out.startswith("id,created_at,session_id,rating")
