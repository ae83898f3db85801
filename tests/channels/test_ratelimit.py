"""Per-IP and per-session token buckets: the arithmetic, then 429 + Retry-After over real HTTP."""

from __future__ import annotations

import threading

import httpx
import pytest
import uvicorn

from bot.channels.app import create_app
from bot.channels.ratelimit import TokenBuckets
from bot.settings import Settings
from tests.conftest import TODAY, LiveServer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_refills_at_the_rate():
    clock = Clock()
    buckets = TokenBuckets(per_minute=6, clock=clock)  # 6 at once, then one every 10 s
    assert [buckets.take("ip") for _ in range(6)] == [0.0] * 6
    wait = buckets.take("ip")
    assert wait == pytest.approx(10.0)
    clock.now += 5
    assert buckets.take("ip") == pytest.approx(5.0)  # refused calls do not spend tokens
    clock.now += 5
    assert buckets.take("ip") == 0.0
    assert buckets.take("other") == 0.0  # keys are independent


def test_bucket_never_holds_more_than_its_capacity():
    clock = Clock()
    buckets = TokenBuckets(per_minute=3, clock=clock)
    buckets.take("k")
    clock.now += 3600
    assert [buckets.take("k") for _ in range(4)][-1] > 0


def test_bucket_memory_is_bounded():
    buckets = TokenBuckets(per_minute=1, clock=Clock(), max_keys=3)
    for key in "abcd":
        buckets.take(key)
    assert buckets.take("a") == 0.0  # "a" was forgotten (oldest), so it starts with a full bucket
    assert buckets.take("d") > 0  # "d" is remembered and empty


def server(bot, tmp_path, **limits) -> LiveServer:
    settings = Settings(data_dir=tmp_path, today=TODAY, **limits)
    return LiveServer(create_app(settings, bot=bot))


def assert_429(response: httpx.Response) -> None:
    assert response.status_code == 429
    retry_after = int(response.headers["retry-after"])
    assert retry_after >= 1
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert f"{retry_after}秒" in error["message"]
    assert response.headers["x-content-type-options"] == "nosniff"  # refusals still carry security headers


def test_per_ip_limit(bot, tmp_path):
    with server(bot, tmp_path, rate_limit_ip_per_minute=4, rate_limit_session_per_minute=0) as srv:
        codes = [httpx.post(srv.url + "/api/chat", json={"message": "転勤はありますか"}, timeout=30).status_code for _ in range(4)]
        assert codes == [200] * 4
        assert_429(httpx.post(srv.url + "/api/chat", json={"message": "転勤はありますか"}, timeout=30))
        assert_429(httpx.post(srv.url + "/api/chat/stream", json={"message": "転勤はありますか"}, timeout=30))
        # Pages, health and metrics are not limited.
        assert httpx.get(srv.url + "/healthz", timeout=30).status_code == 200
        metrics = httpx.get(srv.url + "/metrics", timeout=30).text
        assert 'bot_refused_requests_total{reason="rate_limit_ip"} 2.0' in metrics
        assert 'bot_http_requests_total{method="POST",route="/api/chat",status="429"} 1.0' in metrics


def test_per_session_limit(bot, tmp_path):
    with server(bot, tmp_path, rate_limit_ip_per_minute=0, rate_limit_session_per_minute=3) as srv:
        first = httpx.post(srv.url + "/api/chat", json={"message": "在外勤務はありますか"}, timeout=30).json()
        sid = first["session_id"]
        for _ in range(3):
            r = httpx.post(srv.url + "/api/chat", json={"message": "外務省の場合は？", "session_id": sid}, timeout=30)
            assert r.status_code == 200 and r.json()["session_id"] == sid
        assert_429(httpx.post(srv.url + "/api/chat", json={"message": "外務省の場合は？", "session_id": sid}, timeout=30))
        # Another conversation from the same address is not affected.
        other = httpx.post(srv.url + "/api/chat", json={"message": "外務省の場合は？", "session_id": "another-session"}, timeout=30)
        assert other.status_code == 200


def test_forwarded_for_counts_only_from_a_trusted_proxy(bot, tmp_path):
    def spread(srv) -> list[int]:
        return [
            httpx.post(srv.url + "/api/chat", json={"message": "転勤"}, headers={"x-forwarded-for": f"203.0.113.{i}"}, timeout=30).status_code
            for i in range(3)
        ]

    # 127.0.0.1 is a trusted proxy by default (as a local reverse proxy would be): each client has its own bucket.
    with server(bot, tmp_path / "a", rate_limit_ip_per_minute=1, rate_limit_session_per_minute=0) as srv:
        assert spread(srv) == [200, 200, 200]
    # From an untrusted peer the header is ignored: a client cannot dodge the limit by inventing addresses.
    srv = server(bot, tmp_path / "b", rate_limit_ip_per_minute=1, rate_limit_session_per_minute=0)
    app = srv._server.config.app
    srv._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=srv.port, log_level="warning", forwarded_allow_ips=""))
    srv._thread = threading.Thread(target=srv._server.run, daemon=True)
    with srv:
        assert spread(srv) == [200, 429, 429]


def test_a_refusal_is_readable_by_an_allowed_host_site(bot, tmp_path):
    # The widget on a host site must be able to show the Japanese 429 message, so CORS applies to it too.
    with server(bot, tmp_path, rate_limit_ip_per_minute=1, rate_limit_session_per_minute=0, cors_origins="https://host.example") as srv:
        origin = {"origin": "https://host.example"}
        assert httpx.post(srv.url + "/api/chat", json={"message": "転勤"}, headers=origin, timeout=30).status_code == 200
        refused = httpx.post(srv.url + "/api/chat", json={"message": "転勤"}, headers=origin, timeout=30)
        assert_429(refused)
        assert refused.headers["access-control-allow-origin"] == "https://host.example"
        # A site that is not allowed is refused by CORS first and gets no readable body.
        other = httpx.post(srv.url + "/api/chat", json={"message": "転勤"}, headers={"origin": "https://evil.example"}, timeout=30)
        assert other.status_code == 403 and "access-control-allow-origin" not in other.headers
