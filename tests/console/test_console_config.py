"""The [console] and [assessment] tables: defaults, the example, and every mistake named."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

REPO = Path(__file__).resolve().parents[2]
BASE = 'timezone = "Asia/Shanghai"\ndatabase_url = "sqlite:///var/test.db"\n'


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "config.toml"
    path.write_text(BASE + text, encoding="utf-8")
    return load_settings(str(path), environ={})


def test_the_example_documents_both_tables() -> None:
    settings = load_settings(str(REPO / "config.example.toml"), environ={})
    console = settings.console
    assert (console.idle_timeout, console.lifetime) == (timedelta(minutes=30), timedelta(hours=12))
    assert console.link_lifetime == timedelta(minutes=10)
    assert (console.link_attempts, console.link_window) == (10, timedelta(minutes=15))
    assert dict(settings.assessment.weights) == {
        "acknowledged_on_time": 25,
        "closed_on_time": 25,
        "confirmed_fixed": 20,
        "not_reopened": 10,
        "register": 20,
    }


def test_values_are_read(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        '[console]\nidle_timeout = "1h"\nlifetime = "2d"\nlink_attempts = 3\n'
        "[assessment.weights]\nregister = 0\nclosed_on_time = 50\n",
    )
    assert settings.console.idle_timeout == timedelta(hours=1)  # type: ignore[attr-defined]
    assert settings.console.lifetime == timedelta(days=2)  # type: ignore[attr-defined]
    assert settings.console.link_attempts == 3  # type: ignore[attr-defined]
    weights = settings.assessment.weights  # type: ignore[attr-defined]
    assert weights["register"] == 0 and weights["closed_on_time"] == 50
    assert weights["confirmed_fixed"] == 20  # left out: the default


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[console]\nidle_timeout = "soon"\n',
            'console.idle_timeout: expected a duration like "1h"',
        ),
        ("[console]\nlifetime = 12\n", "console.lifetime: expected a duration"),
        (
            '[console]\nidle_timeout = "13h"\n',
            "console.idle_timeout: the idle timeout (13h) is longer",
        ),
        ('[console]\nlifetime = "10m"\n', "console.lifetime: the idle timeout (30m) is longer"),
        ('[console]\nlink_lifetime = "2h"\n', "console.link_lifetime: at most 1h, got 2h"),
        ("[console]\nlink_attempts = 0\n", "console.link_attempts: expected a whole number from 1"),
        ('[console]\nlink_window = "0m"\n', "console.link_window: must be longer than zero"),
        ('[console]\npassword = "x"\n', "console.password: unknown key"),
        ("console = 3\n", "console: expected a table"),
        ("[assessment]\nweights = 5\n", "assessment.weights: expected a table"),
        (
            "[assessment.weights]\nregister = -1\n",
            "assessment.weights.register: expected a whole number from 0 to 100",
        ),
        (
            "[assessment.weights]\nregister = 101\n",
            "assessment.weights.register: expected a whole number",
        ),
        (
            '[assessment.weights]\nregister = "high"\n',
            "assessment.weights.register: expected a whole number",
        ),
        ("[assessment.weights]\nspeed = 5\n", "assessment.weights.speed: unknown key"),
        (
            "[assessment.weights]\nacknowledged_on_time = 0\nclosed_on_time = 0\n"
            "confirmed_fixed = 0\nnot_reopened = 0\nregister = 0\n",
            "assessment.weights: every weight is 0",
        ),
        ("[assessment]\nscale = 10\n", "assessment.scale: unknown key"),
    ],
)
def test_each_mistake_names_its_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "config.toml"))
