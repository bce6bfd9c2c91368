"""The [register] table, and the refusal to keep personal data without a key of one's own."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.app import build_app
from bot.clock import FrozenClock
from bot.config import ConfigError, Secret, load_settings
from bot.register.keys import MissingSecretKey, data_keys
from bot.transport.memory import MemoryTransport
from tests.register_support import REPO, START, example_settings

BASE = 'timezone = "Asia/Shanghai"\ndatabase_url = "sqlite:///var/test.db"\n'


def error_for(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(BASE + text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(str(path), environ={})
    return str(caught.value)


def test_the_example_documents_the_register() -> None:
    register = load_settings(str(REPO / "config.example.toml"), environ={}).register
    assert register.demo is True
    assert register.required >= {"name", "document", "phone", "room"}
    assert register.registrars == {"landlord", "self"}
    assert register.retention == timedelta(days=180)
    assert (register.warn_days, register.monthly_day, register.job_time) == (
        (30, 7, 1, 0),
        1,
        time(9, 0),
    )
    assert register.house("shima-10").rooms[:2] == ("101", "102")
    assert register.house("shima-10").fire_safety.escape_route.startswith("301-402")
    assert register.house("shima-27").fire_safety == register.fire_safety  # the default


def test_without_the_table_the_defaults_apply(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(BASE, encoding="utf-8")
    register = load_settings(str(path), environ={}).register
    assert (register.demo, register.warn_days, register.houses) == (False, (30, 7, 1, 0), {})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[register]\nrequired = ["name", "email"]\n', 'register.required: expected "name"'),
        ('[register]\nregistrars = ["anyone"]\n', "register.registrars: expected"),
        ('[register]\nretention = "soon"\n', "register.retention: expected a duration"),
        ("[register]\nwarn_days = []\n", "register.warn_days: expected an array"),
        ("[register]\nwarn_days = [30, -1]\n", "register.warn_days: expected a whole number"),
        ("[register]\nmonthly_day = 31\n", "register.monthly_day: expected a whole number from 1"),
        ('[register]\njob_time = "25:00"\n', "register.job_time:"),
        ('[register]\npublic_url = "ftp://x"\n', "register.public_url: expected an address"),
        ('[register]\ndemo = "yes"\n', "register.demo: expected true or false"),
        (
            "[register]\nwarn_dayz = [1]\n",
            'register.warn_dayz: unknown key (did you mean "warn_days"?)',
        ),
        ('[register.houses.qs-3]\nroom = ["101"]\n', "register.houses.qs-3.room: unknown key"),
        (
            '[register.fire_safety]\ncontacts = "119"\n',
            "register.fire_safety.contacts: expected an array",
        ),
    ],
)
def test_each_register_mistake_names_its_key(tmp_path: Path, text: str, message: str) -> None:
    error = error_for(tmp_path, text)
    assert "config.toml: " in error and message in error


def test_the_bot_refuses_to_start_on_wechat_without_a_secret_key(db_url: str) -> None:
    settings = replace(example_settings(db_url), transport="wechaty")

    with pytest.raises(MissingSecretKey, match="GRIDBOT_SECRET_KEY"):
        build_app(settings, transport=MemoryTransport(), clock=FrozenClock(START))


def test_the_demo_key_needs_the_demo_flag_and_a_key_of_ones_own_wins(db_url: str) -> None:
    demo = example_settings(db_url)
    not_demo = example_settings(db_url, demo=False)
    own = replace(not_demo, secret_key=Secret("an-operator-secret-key"))

    with pytest.raises(MissingSecretKey, match="demo = true"):
        data_keys(not_demo)
    assert data_keys(demo).lookup("M12345678") != data_keys(own).lookup("M12345678")


def test_houses_of_an_imported_directory_may_be_configured(tmp_path: Path) -> None:
    # The config names no directory (the street loads it with `gridbot grid import`), so its
    # houses' rooms are configured by code without the config knowing them.
    path = tmp_path / "config.toml"
    path.write_text(BASE + '[register.houses.qingshan-3]\nrooms = ["101", "201"]\n', "utf-8")
    register = load_settings(str(path), environ={}).register
    assert register.house("qingshan-3").rooms == ("101", "201")
