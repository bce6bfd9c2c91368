"""`[[accounts]]`: several chat accounts in one configuration; without it, one "main"."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import UsageError
from bot.clock import SystemClock
from bot.commands.run import make_transport
from bot.config import Secret
from bot.config.settings import AccountSettings
from bot.transport.accounts import AccountTransports
from bot.transport.wechaty.transport import WechatyTransport
from bot.transport.wecom.transport import WecomTransport
from tests.test_config import BASE, error_for, load_text

TWO = (
    BASE
    + """
[[accounts]]
name = "main"
channel = "wechaty"
endpoint = "127.0.0.1:9001"
token_env = "WUTONG_WECHAT_TOKEN"

[[accounts]]
name = "staff"
channel = "wecom"
bot_id = "aibAbCdEf"
secret_env = "WUTONG_WECOM_SECRET"
heartbeat = "20s"
"""
)


def test_the_single_transport_configuration_is_one_account_named_main(tmp_path: Path) -> None:
    settings = load_text(tmp_path, BASE + 'transport = "wechaty"\n', {"GRIDBOT_WECHATY_TOKEN": "t"})
    [main] = settings.served
    assert (main.name, main.channel) == ("main", "wechaty")
    assert main.wechaty is settings.wechaty and main.wechaty.token == Secret("t")
    assert settings.account_names == ("main",)
    assert load_text(tmp_path, BASE).served == (AccountSettings("main", "simulator"),)


def test_accounts_with_their_channels_and_secrets_from_the_environment(tmp_path: Path) -> None:
    environ = {"WUTONG_WECHAT_TOKEN": "puppet-token", "WUTONG_WECOM_SECRET": "robot-secret"}
    settings = load_text(tmp_path, TWO, environ)
    main, staff = settings.served
    assert settings.transport == "wechaty"  # the first account's channel
    assert main.wechaty is not None and main.wechaty.endpoint == "127.0.0.1:9001"
    assert main.wechaty.token == Secret("puppet-token")
    assert staff.wecom is not None and staff.wecom.bot_id == "aibAbCdEf"
    assert staff.wecom.secret == Secret("robot-secret") and staff.wecom.heartbeat_s == 20
    assert staff.wecom.url == "wss://openws.work.weixin.qq.com"
    assert "robot-secret" not in repr(settings)
    # No secret in the environment: the file loads (offline commands), `gridbot run` refuses.
    assert load_text(tmp_path, TWO).served[1].wecom.secret is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('transport = "wechaty"\n', "transport: give the channel of each account in [[accounts]]"),
        (
            '[[accounts]]\nname = "staff"\nchannel = "wecom"\nbot_id = "b"\nsecret_env = "S"\n',
            "accounts[2].name: 'staff' names two accounts",
        ),
        (
            '[[accounts]]\nname = "Staff:1"\nchannel = "memory"\n',
            'accounts[2].name: "Staff:1": an account name',
        ),
        ('[[accounts]]\nname = "x"\nchannel = "telegram"\n', "accounts[2].channel: "),
        (
            '[[accounts]]\nname = "x"\nchannel = "memory"\nbot_id = "b"\n',
            "accounts[2].bot_id: unknown",
        ),
    ],
)
def test_account_mistakes_name_the_table_and_key(tmp_path: Path, extra: str, expected: str) -> None:
    text = TWO.replace(BASE, BASE + extra) if extra.startswith("transport") else TWO + extra
    assert expected in error_for(tmp_path, text)


def test_run_serves_each_account_through_its_channel(tmp_path: Path) -> None:
    environ = {"WUTONG_WECHAT_TOKEN": "puppet-token", "WUTONG_WECOM_SECRET": "robot-secret"}
    transport = make_transport(load_text(tmp_path, TWO, environ), SystemClock())
    assert isinstance(transport, AccountTransports)
    wechat, robot = (account.inner for account in transport.by_name.values())
    assert isinstance(wechat, WechatyTransport) and isinstance(robot, WecomTransport)
    assert transport.by_name["staff"].bot_id == "staff:aibAbCdEf"  # its ids carry "staff"
    # One account "main": its transport as it is, ids unprefixed (nothing changes).
    single = make_transport(load_text(tmp_path, BASE), SystemClock())
    assert not isinstance(single, AccountTransports)


def test_run_refuses_an_account_without_its_secret(tmp_path: Path) -> None:
    settings = load_text(tmp_path, TWO, {"WUTONG_WECHAT_TOKEN": "puppet-token"})
    with pytest.raises(UsageError, match="account 'staff': the WeCom robot's secret is not set"):
        make_transport(settings, SystemClock())
