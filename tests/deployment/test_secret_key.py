"""A wrong secret key is noticed before anything reads personal data, and `gridbot keys
rotate` re-encrypts everything under a new key in one transaction (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import sys
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, delete, select

from bot.cli import UsageError
from bot.commands import keys as keys_command
from bot.privacy import DataKeys
from bot.register.draft import Draft, from_slots, to_slots
from bot.register.keys import WRONG_KEY
from bot.register.store import save_registration, tenant_by_document
from models.crud.dialogs import open_dialog
from models.crud.grid import landlord_grid_by_code
from models.db import database, session_scope
from models.key_check import DataKeyCheck
from models.messaging import Dialog
from models.tenant import Tenant
from tests.street import STREET_SECRET_KEY
from tests.street_fixture import STREET_START, CliRunner

NEW_KEY = "wutong-rotated-secret-key-2027"
OTHER_KEY = "someone-elses-secret-key-0000"
ID_NUMBER = "330106199503142029"
PASSPORT = "E12345678"
PHONE = "13812345678"
DRAFT_PHONE = "13998765432"


async def register_tenants(url: str, secret: str) -> None:
    """Two tenants of 清水湾3号楼 and one registration still being asked about."""
    keys = DataKeys.from_secret(secret)
    async with database(url) as (_, factory), session_scope(factory) as session:
        house = await landlord_grid_by_code(session, code="qs-3")
        assert house is not None and house.id is not None
        for draft in (
            Draft(name="张伟", document_type="id_card", document_number=ID_NUMBER, phone=PHONE),
            Draft(
                name="Omar Haddad",
                document_type="passport",
                document_number=PASSPORT,
                nationality="JO",
                visa_expiry=date(2027, 6, 30),
            ),
        ):
            await save_registration(
                session,
                keys=keys,
                draft=draft,
                landlord_grid_id=house.id,
                person_id=None,
                now=STREET_START,
                tz=ZoneInfo("Asia/Shanghai"),
            )
        waiting = Draft(name="林晓", phone=DRAFT_PHONE, room="301")
        await open_dialog(
            session,
            chat_id="18833201475@chatroom",
            sender_id="wxid_dai1962",
            name="tenant_register",
            slots={"draft": to_slots(waiting, keys.cipher)},
            expires_at=STREET_START,
        )


async def stored_tenants(url: str) -> list[Tenant]:
    async with database(url) as (_, factory), session_scope(factory) as session:
        return list((await session.exec(select(Tenant).order_by(col(Tenant.id)))).all())


async def test_the_key_is_recorded_at_upgrade_and_another_key_refuses_every_reader(
    street_db: str, street_gridbot: CliRunner
) -> None:
    upgraded = await street_gridbot("db", "upgrade")  # street_db upgraded once already
    assert "secret key: checked: the personal data in the database is stored with it" in (
        upgraded.out
    )
    assert (await street_gridbot("keys", "check")).status == 0
    other = {"GRIDBOT_SECRET_KEY": OTHER_KEY}

    for command in (("tenants", "qs-3"), ("tenants", "all"), ("keys", "check")):
        run = await street_gridbot(*command, env=other)
        assert (run.status, run.err) == (2, f"gridbot: {WRONG_KEY}\n"), command
    refused_run = await street_gridbot(
        "run", env={**other, "GRIDBOT_WECHATY_TOKEN": "insecure_not_reached"}
    )
    assert (refused_run.status, refused_run.err) == (2, f"gridbot: {WRONG_KEY}\n")
    upgrade = await street_gridbot("db", "upgrade", env=other)
    assert upgrade.status == 2 and "the database is migrated, but the secret key" in upgrade.err
    assert OTHER_KEY not in refused_run.err + upgrade.err


async def test_data_stored_before_the_check_existed_must_open_with_the_key(
    street_db: str, street_gridbot: CliRunner
) -> None:
    await register_tenants(street_db, STREET_SECRET_KEY)
    async with database(street_db) as (_, factory), session_scope(factory) as session:
        await session.exec(delete(DataKeyCheck))  # as before this version

    refused = await street_gridbot("keys", "check", env={"GRIDBOT_SECRET_KEY": OTHER_KEY})
    assert refused.status == 2 and "is not the one the personal data" in refused.err
    assert (await street_gridbot("keys", "check")).status == 0  # the right key: recorded
    again = await street_gridbot("keys", "check", env={"GRIDBOT_SECRET_KEY": OTHER_KEY})
    assert again.status == 2


async def test_rotation_reseals_every_number_and_draft_under_the_new_key(
    street_db: str, street_gridbot: CliRunner
) -> None:
    await register_tenants(street_db, STREET_SECRET_KEY)
    before = await stored_tenants(street_db)

    rotated = await street_gridbot("keys", "rotate", env={"GRIDBOT_NEW_SECRET_KEY": NEW_KEY})

    assert rotated.status == 0, rotated.err
    assert rotated.out.startswith(
        "re-encrypted the numbers of 2 tenants and 1 registrations in progress"
    )
    assert NEW_KEY not in rotated.out + rotated.err
    old_keys, new_keys = DataKeys.from_secret(STREET_SECRET_KEY), DataKeys.from_secret(NEW_KEY)
    after = await stored_tenants(street_db)
    zhang, omar = after
    assert zhang.document_number_encrypted != before[0].document_number_encrypted
    assert new_keys.cipher.decrypt((zhang.document_number_encrypted or b"").decode()) == ID_NUMBER
    assert new_keys.cipher.decrypt((zhang.phone_encrypted or b"").decode()) == PHONE
    assert (zhang.document_hash, zhang.phone_hash) == (
        new_keys.lookup(ID_NUMBER),
        new_keys.lookup(PHONE),
    )
    assert omar.document_hash == new_keys.lookup(PASSPORT) != old_keys.lookup(PASSPORT)
    assert (omar.phone_encrypted, omar.phone_hash) == (None, None)
    async with database(street_db) as (_, factory), session_scope(factory) as session:
        found = await tenant_by_document(session, keys=new_keys, number="E 1234 5678")
        assert found is not None and found.name == "Omar Haddad"
        [dialog] = (await session.exec(select(Dialog))).all()
    assert from_slots(dialog.slots["draft"], new_keys.cipher).phone == DRAFT_PHONE

    old = await street_gridbot("tenants", "qs-3")
    assert (old.status, old.err) == (2, f"gridbot: {WRONG_KEY}\n")
    shown = await street_gridbot("tenants", "qs-3", env={"GRIDBOT_SECRET_KEY": NEW_KEY})
    assert shown.status == 0 and "3301**********2029  138****5678" in shown.out


async def test_a_rotation_that_meets_an_unreadable_number_changes_nothing(
    street_db: str, street_gridbot: CliRunner
) -> None:
    await register_tenants(street_db, STREET_SECRET_KEY)
    stranger = DataKeys.from_secret(OTHER_KEY)
    async with database(street_db) as (_, factory), session_scope(factory) as session:
        [_, omar] = (await session.exec(select(Tenant).order_by(col(Tenant.id)))).all()
        omar.document_number_encrypted = stranger.cipher.encrypt(PASSPORT).encode()
        session.add(omar)
    before = await stored_tenants(street_db)

    failed = await street_gridbot("keys", "rotate", env={"GRIDBOT_NEW_SECRET_KEY": NEW_KEY})

    assert failed.status == 2
    assert f"tenant #{omar.id}: a stored number cannot be opened" in failed.err
    assert "nothing was changed" in failed.err
    after = await stored_tenants(street_db)
    assert [t.document_number_encrypted for t in after] == [
        t.document_number_encrypted for t in before
    ]
    assert [t.document_hash for t in after] == [t.document_hash for t in before]
    assert (await street_gridbot("keys", "check")).status == 0  # still the old key


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GRIDBOT_NEW_SECRET_KEY": STREET_SECRET_KEY}, "the new secret key is the current one"),
        ({"GRIDBOT_NEW_SECRET_KEY": "short"}, "the new key is too short (5 characters)"),
        ({}, "no new key: set GRIDBOT_NEW_SECRET_KEY, or run `gridbot keys rotate` in a"),
        (
            {"GRIDBOT_SECRET_KEY": OTHER_KEY, "GRIDBOT_NEW_SECRET_KEY": NEW_KEY},
            "is not the one the personal data in this database was stored with",
        ),
    ],
)
async def test_a_rotation_is_refused_with_a_reason(
    street_db: str, street_gridbot: CliRunner, env: dict[str, str], message: str
) -> None:
    run = await street_gridbot("keys", "rotate", env=env)
    assert run.status == 2 and message in run.err
    assert run.out == ""  # nothing of the keys is printed


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_new_key_is_typed_twice_at_a_prompt_that_does_not_echo_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GRIDBOT_NEW_SECRET_KEY", raising=False)
    monkeypatch.setattr(sys, "stdin", Terminal())
    typed = iter([NEW_KEY, NEW_KEY, NEW_KEY, "a-different-second-entry"])
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("getpass.getpass", getpass)
    assert keys_command._new_secret() == NEW_KEY
    assert prompts == ["new secret key (not shown): ", "the same again: "]
    with pytest.raises(UsageError, match="the two entries of the new key differ"):
        keys_command._new_secret()


def test_the_fingerprint_tells_keys_apart_and_reveals_none() -> None:
    one, same, other = (DataKeys.from_secret(s) for s in (NEW_KEY, NEW_KEY, OTHER_KEY))
    assert one.fingerprint == same.fingerprint != other.fingerprint
    assert len(one.fingerprint) == 64 and NEW_KEY not in one.fingerprint
    assert one.fingerprint != one.lookup(NEW_KEY)
