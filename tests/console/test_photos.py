"""An event's photos on its console page, each served only to a session that may see the
event: another house's event, a photo of another event, or no session get no picture."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.config import Settings
from bot.config.settings import MediaSettings
from bot.media import MediaFolder, StoredImage
from models.crud.event_queries import event_by_number
from models.crud.photos import add_photo
from models.photo import PhotoRole
from tests.console.support import NOW, START, console_app, seed, sign_in
from tests.photos import phone_photo


async def keep(
    sessions: async_sessionmaker[AsyncSession], folder: MediaFolder, number: str, seed: int
) -> StoredImage:
    stored = await folder.keep(phone_photo(seed=seed))
    async with sessions() as session, session.begin():
        event = await event_by_number(session, number=number)
        assert event is not None and event.id is not None
        await add_photo(
            session, event_id=event.id, role=PhotoRole.REPORT, file=stored.name,
            size=stored.size, width=stored.width, height=stored.height, sender_id=None,
            message_id=None, now=NOW,
        )  # fmt: skip
    return stored


async def test_photos_are_shown_and_served_within_the_scope_only(
    console_settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    settings = dataclasses.replace(console_settings, media=MediaSettings(path=tmp_path / "media"))
    folder = MediaFolder(settings.media.path)
    seeded = await seed(sessions, START)
    ours, theirs = seeded.numbers["qs-3"][0], seeded.numbers["lt-2"][0]
    our_photo = await keep(sessions, folder, ours, 1)
    their_photo = await keep(sessions, folder, theirs, 2)

    async with TestClient(TestServer(console_app(settings, sessions, clock))) as client:
        path = f"/console/events/{ours}/photos/{our_photo.name}"
        assert (await client.get(path)).status == 401  # signed out: no picture
        await sign_in(client, sessions, "dai-guohua", NOW)  # 清水湾3号楼's landlord
        page = await (await client.get(f"/console/events/{ours}")).text()
        assert re.findall(r'<img src="([^"]+)"', page) == [path]
        photo = await client.get(path)
        assert photo.status == 200 and photo.content_type == "image/jpeg"
        assert await photo.read() == (folder.path / our_photo.name).read_bytes()
        assert "private" in photo.headers["Cache-Control"]

        elsewhere = f"/console/events/{theirs}/photos/{their_photo.name}"
        not_this_event = f"/console/events/{ours}/photos/{their_photo.name}"
        climbing = f"/console/events/{ours}/photos/..%2F..%2Fstreet.toml"
        for refused in (elsewhere, not_this_event, climbing):
            assert (await client.get(refused)).status == 404, refused
        assert "<img" not in await (await client.get(f"/console/events/{theirs}")).text()
