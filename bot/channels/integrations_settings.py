"""LINE / Slack configuration, read from BOT_* environment variables.

Kept apart from bot.settings.Settings for now (another module owns it); fold these fields into Settings later.
"""

from __future__ import annotations

from fastapi import Request
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class IntegrationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore", frozen=True)

    # SecretStr so that a repr(), a log line or a traceback never shows a secret.
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"
    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_base_url: str = "https://slack.com/api/"
    public_base_url: str = ""  # https origin of this bot, for source links sent to LINE / Slack

    @property
    def line_enabled(self) -> bool:
        return _set(self.line_channel_secret) and _set(self.line_channel_access_token)

    @property
    def slack_enabled(self) -> bool:
        return _set(self.slack_signing_secret) and _set(self.slack_bot_token)


def _set(secret: SecretStr | None) -> bool:
    return secret is not None and bool(secret.get_secret_value().strip())


def integrations_for(request: Request) -> IntegrationSettings:
    """Tests put an instance on app.state; otherwise read the environment once per app."""
    state = request.app.state
    current = getattr(state, "integrations", None)
    if current is None:
        current = IntegrationSettings()
        state.integrations = current
    return current


def public_base(request: Request, integrations: IntegrationSettings) -> str:
    """Where /sources/... links point: the integration's own setting, else the app's."""
    base = integrations.public_base_url or getattr(request.app.state.settings, "public_base_url", "")
    return base.rstrip("/")
