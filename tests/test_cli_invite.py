"""`gridbot invite PERSON`: a printed one-time code whose hash alone is stored."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.config import load_settings
from bot.onboarding.invite_codes import code_hash
from models.crud.directory_sync import sync_directory
from models.db import database, session_scope
from models.invite import InviteCode

from .test_cli_grid import EXAMPLE, cli_db, gridbot

__all__ = ["cli_db"]

CODE = re.compile(r"GB-[A-Z0-9]{4}-[A-Z0-9]{4}")


async def test_an_invite_prints_a_code_valid_for_a_day_and_stores_only_its_hash(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gridbot("db", "upgrade") == 0
    directory = load_settings(str(EXAMPLE), environ={}).directory
    async with database(cli_db) as (_, factory), session_scope(factory) as session:
        await sync_directory(session, directory=directory)
    capsys.readouterr()
    assert await gridbot("invite", "王建国") == 0
    out = capsys.readouterr().out
    assert out.startswith("invite code for 王建国 (wang-jianguo): GB-")
    found = CODE.search(out)
    assert found is not None
    async with database(cli_db) as (_, factory), session_scope(factory) as session:
        [invite] = (await session.exec(select(InviteCode))).all()
    assert invite.code_hash == code_hash(found.group(0))
    assert found.group(0) not in invite.code_hash
    assert invite.expires_at - invite.created_at == timedelta(hours=24)


async def test_inviting_someone_not_in_the_directory_is_a_usage_error(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await gridbot("db", "upgrade") == 0
    assert await gridbot("invite", "nobody-here") == 2
    assert 'no person "nobody-here" in the grid directory' in capsys.readouterr().err
