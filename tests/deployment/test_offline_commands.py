"""Only `gridbot run` talks to WeChat, so only it needs the puppet service's token.

梧桐街道's config says `transport = "wechaty"` and its operator has not exported
GRIDBOT_WECHATY_TOKEN (street_gridbot removes it from the environment).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.street import Street
from tests.street_fixture import CliRunner


async def test_every_offline_command_works_without_the_wechat_token(
    street: Street, street_db: str, street_gridbot: CliRunner, tmp_path: Path
) -> None:
    # street_db ran `gridbot db upgrade` and `gridbot grid import` without it already.
    commands = [
        ("config", "check"),
        ("db", "upgrade"),
        ("grid", "import", str(street.added_houses_file)),
        ("grid", "show"),
        ("invite", "dai-guohua"),
        ("report",),
        ("tenants", "qs-3"),
        ("tenants", "all"),
        ("qr", "qs-3", "--out", str(tmp_path / "qr")),
    ]
    for command in commands:
        run = await street_gridbot(*command)
        assert (run.status, run.err) == (0, ""), command

    parsed = await street_gridbot("parse", stdin="3号楼2单元502卫生间漏水了\n")
    assert parsed.status == 0, parsed.err
    assert json.loads(parsed.out.splitlines()[0])["kind"] == "leak"


async def test_config_check_says_the_token_is_only_for_run(
    street_db: str, street_gridbot: CliRunner
) -> None:
    run = await street_gridbot("config", "check")
    assert "transport: wechaty" in run.out
    assert "wechaty: 127.0.0.1:8788 (token not set; only `gridbot run` needs it)" in run.out


async def test_run_without_the_token_stops_at_once_and_says_what_to_export(
    street_db: str, street_gridbot: CliRunner
) -> None:
    run = await street_gridbot("run")
    assert run.status == 2
    assert "wechaty.token is not set: `gridbot run` needs the puppet service's token" in run.err
    assert "export GRIDBOT_WECHATY_TOKEN=" in run.err
    assert run.out == ""
