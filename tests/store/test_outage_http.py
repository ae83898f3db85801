"""The app over HTTP while PostgreSQL is down: a clear 503 with Retry-After, then answers again once it is back."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.channels.app import create_app
from bot.service import build_bot
from bot.settings import Settings
from bot.store import Store
from tests.conftest import TODAY

pytestmark = pytest.mark.slow


def test_database_outage_is_a_503_and_recovers_without_restart(own_cluster, tmp_path):
    settings = Settings(data_dir=tmp_path, today=TODAY)
    bot = build_bot(settings, store=Store(own_cluster.url(), attempts=2, backoff_s=0.01))
    with TestClient(create_app(settings, bot=bot), raise_server_exceptions=False) as client:
        assert client.post("/api/chat", json={"message": "地方転勤はありますか"}).status_code == 200
        own_cluster.stop()
        down = client.post("/api/chat", json={"message": "地方転勤はありますか"})
        assert down.status_code == 503 and down.headers["retry-after"] == "5"
        assert down.json()["error"]["code"] == "store_unavailable"
        assert "データベース" in down.json()["error"]["message"] and "Traceback" not in down.text
        assert client.get("/readyz").status_code == 503
        own_cluster.start()
        assert client.get("/readyz").status_code == 200
        assert client.post("/api/chat", json={"message": "地方転勤はありますか"}).status_code == 200
    bot.store.close()
