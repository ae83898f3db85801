"""End-to-end in Debian chromium: the embedded widget, the chat page, keyboard use, XSS and axe-core.
Screenshots land in test-artifacts/ (desktop 1280 px, phone 360 px)."""

from __future__ import annotations

import pytest

from bot.feedback import FeedbackStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_embedded_widget_end_to_end(run, servers):
    run("embed")
    rows = FeedbackStore(servers["data_dir"] / "bot.sqlite3").rows()
    assert rows and rows[-1]["rating"] == "up"
    assert "5678" not in rows[-1]["comment"] and "[電話番号]" in rows[-1]["comment"]


def test_keyboard_only(run):
    run("keyboard")


def test_phone_width_and_text_resize(run):
    run("phone")


def test_xss_question_renders_as_text(run):
    run("xss")


def test_eligibility_display_and_unsafe_links(run):
    run("eligibility")


def test_demo_page(run):
    run("demo")
