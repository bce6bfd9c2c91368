"""Configuration: lookup, environment overrides, and one clear message for every mistake."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.cli import UsageError
from bot.config import ConfigError, Secret, Settings, load_settings, sqlite_file
from bot.config.settings import JournalSettings, MediaSettings
from bot.kinds import Kind

REPO_ROOT = Path(__file__).resolve().parents[1]
BASE = 'timezone = "Asia/Shanghai"\ndatabase_url = "sqlite:///var/test.db"\n'


def write(directory: Path, text: str, name: str = "config.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Settings:
    return load_settings(str(write(tmp_path, text)), environ=environ or {})


def error_for(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text, environ)
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- the documented example ------------------------------------------------------------------


def test_example_loads_with_the_documented_values() -> None:
    settings = load_settings(str(REPO_ROOT / "config.example.toml"), environ={})
    assert settings.timezone.key == "Asia/Shanghai"
    assert settings.database_url == "sqlite+aiosqlite:///var/gridbot.db"
    assert settings.transport == "simulator"
    assert (settings.wechaty.endpoint, settings.wechaty.token) == ("127.0.0.1:8788", None)
    assert (settings.web.host, settings.web.port) == ("127.0.0.1", 8080)
    assert settings.secret_key is None
    followup = settings.followup
    assert followup.quiet_hours.start == time(22, 0) and followup.quiet_hours.end == time(7, 30)
    assert followup.confirmation_timeout == timedelta(hours=48)
    assert followup.duplicate_window == timedelta(hours=2)
    leak = followup.policy_for(Kind.LEAK)
    assert (leak.acknowledge, leak.resolve) == (timedelta(hours=1), timedelta(hours=24))
    assert followup.policy_for(Kind.NOISE).acknowledge == timedelta(minutes=30)
    urgent = followup.policy_for(Kind.LEAK, urgent=True)
    assert (urgent.acknowledge, urgent.urgent, urgent.working_time) == (
        timedelta(minutes=5),
        True,
        False,
    )
    assert followup.policy_for(Kind.REGISTRATION) == followup.default
    assert settings.journal == JournalSettings(
        Path("var/journal/inbound.journal"), 64 * 1024 * 1024, timedelta(seconds=5)
    )
    assert (settings.logging.format, settings.logging.level) == ("text", "INFO")
    assert settings.retention.inbound_log == timedelta(days=30)
    assert settings.media == MediaSettings(Path("var/media"), 10 * 1024**2, timedelta(minutes=10))


def test_operations_tables_and_the_journal_path_from_the_environment(tmp_path: Path) -> None:
    text = BASE + (
        '[journal]\nsize = "2MB"\nhold_after = "10s"\n'
        '[logging]\nformat = "json"\nlevel = "debug"\n'
        '[retention]\ninbound_log = "7d"\n'
    )
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    environ = {"GRIDBOT_JOURNAL_PATH": "/srv/gridbot-2/inbound.journal"}

    settings = load_settings(str(tmp_path / "c.toml"), environ=environ)

    assert settings.journal == JournalSettings(
        Path("/srv/gridbot-2/inbound.journal"), 2 * 1024 * 1024, timedelta(seconds=10)
    )
    assert (settings.logging.format, settings.logging.level) == ("json", "DEBUG")
    assert settings.retention.inbound_log == timedelta(days=7)


def test_the_media_table(tmp_path: Path) -> None:
    text = BASE + '[media]\npath = "/srv/gridbot/photos"\nmax_size = "512KB"\nwindow = "30m"\n'
    settings = load_text(tmp_path, text)
    assert settings.media == MediaSettings(
        Path("/srv/gridbot/photos"), 512 * 1024, timedelta(minutes=30)
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('max_size = "10"', 'media.max_size: expected a size like "10MB" or "512KB", got "10"'),
        ('max_size = "1KB"', 'media.max_size: between 64KB and 100MB, got "1KB"'),
        ('window = "2d"', 'media.window: at most 24h, got "2d"'),
        ('path = ""', "media.path: "),
    ],
)
def test_wrong_media_values_are_named(tmp_path: Path, line: str, expected: str) -> None:
    assert expected in error_for(tmp_path, BASE + f"[media]\n{line}\n")


def test_example_holds_the_demo_directory() -> None:
    directory = load_settings(str(REPO_ROOT / "config.example.toml"), environ={}).directory
    assert {c.name for c in directory.communities} == {"石马社区", "小和山社区"}
    assert len(directory.landlord_grids) >= 10
    people = {person.key: person for person in directory.people}
    for house in directory.landlord_grids:
        assert "landlord_grid_leader" in people[house.leader].roles
        assert house.group_chat
    foreign = [p for p in directory.people if p.lang == "en" and "tenant" in p.roles]
    assert len(foreign) >= 2 and all(p.home and p.room for p in foreign)


# -- values ----------------------------------------------------------------------------------


def test_plain_database_urls_get_the_async_drivers(tmp_path: Path) -> None:
    for given, expected in [
        ("sqlite:///var/x.db", "sqlite+aiosqlite:///var/x.db"),
        (
            "postgresql://postgres@127.0.0.1:5432/test",
            "postgresql+asyncpg://postgres@127.0.0.1:5432/test",
        ),
        ("postgres://u@db/prod", "postgresql+asyncpg://u@db/prod"),
        ("postgresql+asyncpg://u@db/prod", "postgresql+asyncpg://u@db/prod"),
    ]:
        text = f'timezone = "UTC"\ndatabase_url = "{given}"\n'
        assert load_text(tmp_path, text).database_url == expected


def test_sqlite_file_is_relative_to_the_current_directory() -> None:
    assert sqlite_file("sqlite+aiosqlite:///var/gridbot.db") == Path("var/gridbot.db")
    assert sqlite_file("sqlite+aiosqlite:////srv/gridbot.db") == Path("/srv/gridbot.db")
    assert sqlite_file("sqlite+aiosqlite:///:memory:") is None
    assert sqlite_file("postgresql+asyncpg://u@db/prod") is None


def test_durations_in_every_unit(tmp_path: Path) -> None:
    text = BASE + '[followup]\nconfirmation_timeout = "1h30m"\nduplicate_window = "2d"\n'
    followup = load_text(tmp_path, text).followup
    assert followup.confirmation_timeout == timedelta(minutes=90)
    assert followup.duplicate_window == timedelta(days=2)


def test_a_kind_table_takes_what_it_leaves_out_from_the_default(tmp_path: Path) -> None:
    text = BASE + (
        '[followup.default]\nreminder_interval = "3h"\nescalate_after = 4\n'
        '[followup.parking]\nacknowledge = "10m"\n'
        "[followup.security]\nurgent = true\n"
    )
    followup = load_text(tmp_path, text).followup
    parking = followup.policy_for(Kind.PARKING)
    assert parking.acknowledge == timedelta(minutes=10)
    assert (parking.reminder_interval, parking.escalate_after) == (timedelta(hours=3), 4)
    security = followup.policy_for(Kind.SECURITY)
    assert security.urgent and not security.working_time


def test_the_text_limit_defaults_to_a_screen_and_may_be_set(tmp_path: Path) -> None:
    assert load_text(tmp_path, BASE).bot.text_limit == 2000
    assert load_text(tmp_path, BASE + "[bot]\ntext_limit = 500\n").bot.text_limit == 500


def test_secret_hides_its_value() -> None:
    secret = Secret("puppet_token_123")
    assert "puppet_token_123" not in repr(secret)
    assert "puppet_token_123" not in str(secret)
    assert "puppet_token_123" not in f"{secret}"
    assert secret.reveal() == "puppet_token_123"


def test_settings_repr_hides_the_token_and_the_key(tmp_path: Path) -> None:
    settings = load_text(
        tmp_path,
        BASE + '[wechaty]\ntoken = "puppet_token_123"\n',
        {"GRIDBOT_SECRET_KEY": "k" * 32},
    )
    assert settings.wechaty.token is not None
    assert settings.wechaty.token.reveal() == "puppet_token_123"
    assert settings.secret_key is not None and settings.secret_key.reveal() == "k" * 32
    assert "puppet_token_123" not in repr(settings)
    assert "k" * 32 not in repr(settings)


# -- one clear message per mistake -------------------------------------------------------------


def test_message_names_the_file_and_the_dotted_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, BASE + '[followup.leak]\nacknowledge = "soon"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings("config.toml", environ={})
    assert str(caught.value) == (
        'config.toml: followup.leak.acknowledge: expected a duration like "1h" or "30m", got "soon"'
    )
    assert isinstance(caught.value, UsageError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[web]\nport = "8080"\n', 'web.port: expected a port number from 1 to 65535, got "8080"'),
        ("[web]\nport = 70000\n", "web.port: expected a port number from 1 to 65535, got 70000"),
        ("[web]\nport = true\n", "web.port: expected a port number from 1 to 65535, got true"),
        ('transport = "telegram"\n', 'transport: expected "simulator" or "wechaty" or "memory"'),
        ("[followup.noise]\nurgent = 1\n", "followup.noise.urgent: expected true or false, got 1"),
        ("[bot]\nname = 3\n", "bot.name: expected a string, got 3 (an integer)"),
        (
            "[bot]\ntext_limit = 10\n",
            "bot.text_limit: expected a whole number from 200 to 100000, got 10",
        ),
        ('web = "127.0.0.1"\n', 'web: expected a table, got "127.0.0.1"'),
        ('[logging]\nformat = "xml"\n', 'logging.format: expected "text" or "json", got "xml"'),
        ('[logging]\nlevel = "loud"\n', 'logging.level: expected "DEBUG" or "INFO" or'),
        ('[journal]\nsize = "64"\n', 'journal.size: expected a size like "64MB" or "512KB", got'),
        ('[journal]\nsize = "512KB"\n', 'journal.size: at least 1MB, got "512KB"'),
        ('[journal]\nhold_after = "0s"\n', "journal.hold_after: must be longer than zero"),
        ('[retention]\ninbound_log = "2h"\n', "retention.inbound_log: at least 1d (redeliveries"),
        (
            "[followup.leak]\nescalate_after = -1\n",
            "followup.leak.escalate_after: expected a whole number from 1 to 100, got -1",
        ),
        (
            "[followup.urgent]\nescalate_after = 0\n",
            "followup.urgent.escalate_after: 0 is not allowed: it is how many reminders the "
            "responsible person gets before the event climbs one level, at least 1",
        ),
        (
            "[followup.default]\nescalate_after = 101\n",
            "followup.default.escalate_after: expected a whole number from 1 to 100, got 101",
        ),
    ],
)
def test_wrong_type_or_value(tmp_path: Path, text: str, expected: str) -> None:
    assert error_for(tmp_path, BASE + text).startswith(f"{tmp_path / 'config.toml'}: {expected}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('timezon = "UTC"\n', 'timezon: unknown key (did you mean "timezone"?)'),
        ("[web]\nprot = 8080\n", 'web.prot: unknown key (did you mean "port"?)'),
        ('[followup.leek]\nresolve = "1d"\n', 'followup.leek: unknown key (did you mean "leak"?)'),
        ("[followup.leak]\nacknowlege = '1h'\n", "followup.leak.acknowlege: unknown key (did you"),
        (
            '[followup.registration]\nresolve = "1d"\n',
            "followup.registration: no follow-up for this kind; policies are for dispute, drain,",
        ),
        (
            'colour = "red"\n',
            "colour: unknown key (known keys: accounts, assessment, bot, console, database_url,",
        ),
    ],
)
def test_unknown_key_suggests_the_closest(tmp_path: Path, text: str, expected: str) -> None:
    assert error_for(tmp_path, BASE + text).startswith(f"{tmp_path / 'config.toml'}: {expected}")


def test_missing_required_key(tmp_path: Path) -> None:
    message = error_for(tmp_path, 'timezone = "Asia/Shanghai"\n')
    assert message == f"{tmp_path / 'config.toml'}: database_url: missing required key"
    message = error_for(tmp_path, BASE + '[followup.quiet_hours]\nstart = "22:00"\n')
    assert message.endswith("followup.quiet_hours.end: missing required key")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"25:61"', '"25:61" is not a time of day (00:00 to 23:59)'),
        ('"24:00"', '"24:00" is not a time of day (00:00 to 23:59)'),
        ('"7.30"', 'expected a time of day like "07:30", got "7.30"'),
        ("730", 'expected a time of day like "07:30", got 730 (an integer)'),
    ],
)
def test_impossible_time(tmp_path: Path, value: str, expected: str) -> None:
    text = BASE + f'[followup.quiet_hours]\nstart = {value}\nend = "07:30"\n'
    assert error_for(tmp_path, text).endswith(f"followup.quiet_hours.start: {expected}")


def test_quiet_hours_may_be_toml_local_times(tmp_path: Path) -> None:
    text = BASE + "[followup.quiet_hours]\nstart = 21:30:00\nend = 06:00:00\n"
    quiet = load_text(tmp_path, text).followup.quiet_hours
    assert (quiet.start, quiet.end) == (time(21, 30), time(6, 0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"soon"', 'expected a duration like "1h" or "30m", got "soon"'),
        ("30", 'expected a duration like "1h" or "30m", got 30 (an integer)'),
        ('"1h 30"', 'expected a duration like "1h" or "30m", got "1h 30"'),
        ('"0m"', 'must be longer than zero, got "0m"'),
    ],
)
def test_bad_duration(tmp_path: Path, value: str, expected: str) -> None:
    text = BASE + f"[followup.noise]\nreminder_interval = {value}\n"
    assert error_for(tmp_path, text).endswith(f"followup.noise.reminder_interval: {expected}")


def test_policy_contradictions(tmp_path: Path) -> None:
    text = BASE + '[followup.leak]\nacknowledge = "2h"\nresolve = "1h"\n'
    assert error_for(tmp_path, text).endswith(
        "followup.leak.resolve: the resolve deadline (1h) is shorter than acknowledge (2h)"
    )
    text = BASE + "[followup.urgent]\nworking_time = true\n"
    assert "followup.urgent.working_time: an urgent policy counts every hour" in error_for(
        tmp_path, text
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@db/app", 'database_url: expected "sqlite+aiosqlite:///FILE" or'),
        ("sqlite:/var/x.db", 'database_url: expected "sqlite+aiosqlite:///FILE" or'),
        ("sqlite://", 'database_url: expected "sqlite+aiosqlite:///FILE" (three slashes)'),
        ("postgresql://u@db", 'database_url: no database name in "postgresql://u@db"'),
        ("postgresql://u@db:99999/x", 'database_url: bad port in "postgresql://u@db:99999/x"'),
        ("postgresql:///prod", 'database_url: no host in "postgresql:///prod"'),
    ],
)
def test_bad_database_url(tmp_path: Path, url: str, expected: str) -> None:
    message = error_for(tmp_path, f'timezone = "UTC"\ndatabase_url = "{url}"\n')
    assert message.startswith(f"{tmp_path / 'config.toml'}: {expected}")


def test_bad_database_url_never_shows_the_password(tmp_path: Path) -> None:
    text = 'timezone = "UTC"\ndatabase_url = "mysql://root:hunter2@db/app"\n'
    message = error_for(tmp_path, text)
    assert "hunter2" not in message and "root:***@db" in message


def test_bad_timezone(tmp_path: Path) -> None:
    text = 'timezone = "Asia/Shangai"\ndatabase_url = "sqlite:///x.db"\n'
    assert error_for(tmp_path, text).endswith(
        'timezone: "Asia/Shangai" is not a known time zone (did you mean "Asia/Shanghai"?)'
    )
    text = 'timezone = "../../etc/passwd"\ndatabase_url = "sqlite:///x.db"\n'
    assert "timezone: " in error_for(tmp_path, text)


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:8788", "localhost", "host:0", ":8788"])
def test_bad_wechaty_endpoint(tmp_path: Path, endpoint: str) -> None:
    message = error_for(tmp_path, BASE + f'[wechaty]\nendpoint = "{endpoint}"\n')
    assert message.endswith(
        f'wechaty.endpoint: expected "HOST:PORT" like "127.0.0.1:8788", got "{endpoint}"'
    )


def test_wechaty_transport_loads_without_a_token_only_run_needs_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(BASE + 'transport = "wechaty"\n', encoding="utf-8")
    settings = load_settings(str(path), environ={})
    assert (settings.transport, settings.wechaty.token) == ("wechaty", None)


def test_short_secret_key_is_refused_without_being_shown(tmp_path: Path) -> None:
    message = error_for(tmp_path, BASE + 'secret_key = "abc123xyz"\n')
    assert "secret_key: too short (9 characters)" in message and "abc123xyz" not in message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, BASE + "[web]\nport = \n")
    assert message.startswith(f"{tmp_path / 'config.toml'}: line 4, column 8: invalid TOML: ")


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_bytes(BASE.encode() + '[bot]\nname = "网格"\n'.encode("gbk"))
    with pytest.raises(ConfigError, match=r"config\.toml: line 4: not UTF-8 text$"):
        load_settings(str(tmp_path / "config.toml"), environ={})


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        load_settings(str(missing), environ={})
    assert (
        str(caught.value) == f"{missing}: cannot read the configuration: no such file or directory"
    )
    with pytest.raises(ConfigError, match="cannot read the configuration: is a directory"):
        load_settings(str(tmp_path), environ={})


def test_directory_errors_become_config_errors(tmp_path: Path) -> None:
    text = BASE + (
        '[[directory.communities]]\ncode = "shima"\nname = "石马社区"\n'
        '[[directory.communities]]\ncode = "shima"\nname = "石马"\n'
    )
    message = error_for(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'config.toml'}: directory.communities")


# -- environment -----------------------------------------------------------------------------


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    environ = {
        "GRIDBOT_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
        "GRIDBOT_TRANSPORT": "wechaty",
        "GRIDBOT_WECHATY_TOKEN": "insecure_token",
        "GRIDBOT_WECHATY_ENDPOINT": "10.0.0.5:9001",
        "GRIDBOT_WEB_HOST": "0.0.0.0",
        "GRIDBOT_WEB_PORT": "9000",
        "GRIDBOT_SECRET_KEY": "s" * 20,
    }
    text = BASE + '[web]\nport = 8080\n[wechaty]\ntoken = "old"\nlogin_timeout = "2m"\n'
    settings = load_text(tmp_path, text, environ)
    assert settings.database_url == "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    assert settings.transport == "wechaty"
    assert settings.wechaty.token == Secret("insecure_token")
    assert settings.wechaty.endpoint == "10.0.0.5:9001"
    assert settings.wechaty.login_timeout_s == 120.0
    assert (settings.web.host, settings.web.port) == ("0.0.0.0", 9000)
    assert settings.secret_key == Secret("s" * 20)


def test_empty_environment_variable_counts_as_unset(tmp_path: Path) -> None:
    settings = load_text(tmp_path, BASE, {"GRIDBOT_DATABASE_URL": "", "GRIDBOT_WEB_PORT": " "})
    assert settings.database_url == "sqlite+aiosqlite:///var/test.db"
    assert settings.web.port == 8080


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    message = error_for(tmp_path, BASE, {"GRIDBOT_WEB_PORT": "eighty"})
    assert message == (
        "environment variable GRIDBOT_WEB_PORT: web.port: expected a port number from 1 to "
        '65535, got "eighty"'
    )
    message = error_for(tmp_path, BASE, {"GRIDBOT_DATABASE_URL": "mysql://u:pw@db/x"})
    assert message.startswith("environment variable GRIDBOT_DATABASE_URL: database_url: ")
    assert "pw@" not in message


# -- where the file comes from -----------------------------------------------------------------


def _port_file(directory: Path, name: str, port: int) -> Path:
    return write(directory, BASE + f"[web]\nport = {port}\n", name)


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    explicit = _port_file(tmp_path, "explicit.toml", 1001)
    named = _port_file(tmp_path, "named.toml", 1002)
    _port_file(tmp_path, "config.toml", 1003)
    _port_file(tmp_path, "config.example.toml", 1004)
    environ = {"GRIDBOT_CONFIG": str(named)}
    assert load_settings(str(explicit), environ=environ).web.port == 1001
    assert load_settings(environ=environ).web.port == 1002
    assert load_settings(environ={}).web.port == 1003
    assert load_settings(environ={}).source == "config.toml"
    (tmp_path / "config.toml").unlink()
    settings = load_settings(environ={})
    assert (settings.web.port, settings.source) == (1004, "config.example.toml")


def test_repo_example_is_the_last_resort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert Path(settings.source) == REPO_ROOT / "config.example.toml"


def test_gridbot_config_naming_a_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _port_file(tmp_path, "config.toml", 1003)
    with pytest.raises(ConfigError, match=r"^gone\.toml: cannot read the configuration: no such"):
        load_settings(environ={"GRIDBOT_CONFIG": "gone.toml"})


# -- the command line --------------------------------------------------------------------------


def _gridbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    environ["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_config_check_prints_a_summary(tmp_path: Path) -> None:
    result = _gridbot(
        tmp_path, "--config", str(REPO_ROOT / "config.example.toml"), "config", "check"
    )
    assert result.returncode == 0, result.stderr
    assert "timezone: Asia/Shanghai" in result.stdout
    assert "2 communities" in result.stdout and "10 landlord grids" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        BASE + "[web]\nport = \n",  # TOML syntax
        BASE + '[followup.leak]\nacknowledge = "soon"\n',  # bad value
        'timezone = "Asia/Shanghai"\n',  # missing key
    ],
)
def test_config_check_fails_with_one_line_and_status_2(tmp_path: Path, text: str) -> None:
    write(tmp_path, text, "bad.toml")
    result = _gridbot(tmp_path, "--config", "bad.toml", "config", "check")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("gridbot: bad.toml: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_gas_companys_line_is_read_and_optional(tmp_path: Path) -> None:
    example = load_settings(str(REPO_ROOT / "config.example.toml"), environ={})
    assert "96777" in example.emergency.gas_company
    assert load_text(tmp_path, BASE).emergency.gas_company == ""
    line = load_text(tmp_path, BASE + '[emergency]\ngas_company = " 燃气抢修 96777 "\n')
    assert line.emergency.gas_company == "燃气抢修 96777"
    assert "emergency.gas_company: expected a string" in error_for(
        tmp_path, BASE + "[emergency]\ngas_company = 96777\n"
    )
    assert "emergency.phone: unknown key" in error_for(
        tmp_path, BASE + '[emergency]\nphone = "1"\n'
    )
