"""`[sending]` and `[notices]`: documented in config.example.toml, defaults, refusals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.config import load_settings
from bot.config.notices import NoticesSettings, SendingSettings
from tests.test_config import BASE, REPO_ROOT, error_for, load_text


def test_the_example_documents_the_defaults() -> None:
    settings = load_settings(str(REPO_ROOT / "config.example.toml"), environ={})
    assert settings.sending == SendingSettings(max_per_minute=20, jitter=0.1)
    assert settings.notices == NoticesSettings(
        remind_after=timedelta(hours=4),
        receipt_window=timedelta(days=3),
        in_force=timedelta(days=7),
        draft_timeout=timedelta(minutes=30),
    )
    assert settings.sending.interval == timedelta(seconds=3)


def test_a_pace_and_a_reminder_time_of_ones_own(tmp_path: Path) -> None:
    text = f'{BASE}[sending]\nmax_per_minute = 6\njitter = 0\n[notices]\nremind_after = "2h"\n'
    settings = load_text(tmp_path, text)
    assert settings.sending.interval == timedelta(seconds=10)
    assert settings.notices.remind_after == timedelta(hours=2)


def test_a_pace_of_nothing_or_a_jitter_past_one_is_refused(tmp_path: Path) -> None:
    assert "sending.max_per_minute" in error_for(tmp_path, f"{BASE}[sending]\nmax_per_minute = 0\n")
    assert "sending.jitter" in error_for(tmp_path, f"{BASE}[sending]\njitter = 2\n")
