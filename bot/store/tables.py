"""The tables behind every piece of mutable state; created with create_all (no migrations yet)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

MAX_SESSION_ID = 128

# One row per conversation: the pipeline's state (facts, last question, offered choices) as JSON.
sessions = Table(
    "sessions", metadata,
    Column("id", String(MAX_SESSION_ID), primary_key=True),
    Column("state", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("sessions_updated", "updated_at"),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Float, nullable=False),
    Column("session_id", String(MAX_SESSION_ID)),
    Column("rating", String(4), nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),
    Column("comment", Text, nullable=False),
    CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
    Index("feedback_created", "created_at"),
    Index("feedback_session", "session_id"),
)

# LINE webhookEventId / Slack event_id already claimed by some instance: the primary key makes the
# claim atomic across processes, so a redelivery sent to another instance is not answered twice.
seen_events = Table(
    "seen_events", metadata,
    Column("channel", String(16), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("seen_at", Float, nullable=False),
    PrimaryKeyConstraint("channel", "event_id", name="seen_events_pk"),
    Index("seen_events_seen", "seen_at"),
)

# Deliberately no session id: analytics cannot be joined back to a conversation or a person.
analytics_events = Table(
    "analytics_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Float, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("question", Text, nullable=False),  # redacted before it gets here
    Column("kind", String(16), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("lang", String(4), nullable=False),
    Column("fallback", Boolean, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Index("analytics_created", "created_at"),
)
