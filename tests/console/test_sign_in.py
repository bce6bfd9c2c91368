"""Signing in with a one-time link, sessions that end, signing out, and refusals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.config import Settings
from bot.console.login import LoginRefused, Refusal, issue_login_link
from bot.console.tokens import secret_hash
from bot.web.app import CONSOLE_ROUTES
from bot.web.console.guard import is_protected
from bot.web.console.services import CSRF_COOKIE, SESSION_COOKIE
from models.console import ConsoleSession, LoginLink
from models.crud.people import ensure_chat_person, person_by_key
from tests.console.support import NOW, PUBLIC_URL, Client, console_app, csrf_of, login_url, sign_in
from tests.street_fixture import CliRun


async def test_a_link_opens_a_session_once_and_only_its_hash_is_stored(
    client: Client, sessions: async_sessionmaker[AsyncSession]
) -> None:
    url = await login_url(sessions, "xu-wenjuan", NOW)
    token = url.rsplit("/", 1)[1]
    page = await client.get(url)
    assert page.status == 200 and "许文娟" in await page.text()
    again = await client.get(url)  # looking does not use the link (chat apps look first)
    assert again.status == 200
    response = await client.post(
        url, data={"csrf_token": csrf_of(await again.text())}, allow_redirects=False
    )
    assert response.status == 303 and response.headers["Location"] == "/console"
    cookie = response.headers["Set-Cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert (await client.get("/console")).status == 200

    reused = await client.get(url)
    assert reused.status == 410 and 'data-reason="used"' in await reused.text()
    async with sessions() as session:
        [link] = (await session.exec(select(LoginLink))).all()
        [row] = (await session.exec(select(ConsoleSession))).all()
    assert link.token_hash == secret_hash(token) and token not in link.token_hash
    session_id = response.cookies[SESSION_COOKIE].value
    assert row.id_hash == secret_hash(session_id)
    assert row.expires_at == NOW + timedelta(hours=12)


async def test_an_expired_or_made_up_link_is_refused_and_guessing_is_throttled(
    client: Client, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    url = await login_url(sessions, "xu-wenjuan", NOW)
    clock.advance(timedelta(minutes=10))
    expired = await client.get(url)
    assert expired.status == 410 and 'data-reason="expired"' in await expired.text()
    made_up = await client.get("/login/" + "x" * 43)
    assert made_up.status == 404 and 'data-reason="unknown"' in await made_up.text()
    assert (await client.get("/login/short")).status == 404
    for _ in range(7):  # [console] link_attempts = 10 failures per client in 15 minutes
        await client.get("/login/" + "y" * 43)
    good = await login_url(sessions, "xu-wenjuan", clock.now())
    throttled = await client.get(good)
    assert throttled.status == 429 and 'data-reason="throttled"' in await throttled.text()
    clock.advance(timedelta(minutes=16))  # the window has passed: links work again
    assert (await client.get(await login_url(sessions, "xu-wenjuan", clock.now()))).status == 200


async def test_a_session_ends_when_idle_and_at_its_lifetime(
    client: Client, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    await sign_in(client, sessions, "xu-wenjuan", clock.now())
    for _ in range(30):  # used every 29 minutes: the idle timeout (30 min) never strikes...
        clock.advance(timedelta(minutes=29))
        response = await client.get("/console/events")
        if clock.now() - NOW >= timedelta(hours=12):
            break
        assert response.status == 200, clock.now()
    assert response.status == 401  # ...but 12 hours after sign-in the session is over
    await sign_in(client, sessions, "xu-wenjuan", clock.now())
    clock.advance(timedelta(minutes=31))
    assert (await client.get("/console")).status == 401


async def test_sign_out_here_and_everywhere(
    console_settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    phone_app, desk_app = (console_app(console_settings, sessions, clock) for _ in range(2))
    async with TestClient(TestServer(phone_app)) as phone, TestClient(TestServer(desk_app)) as desk:
        await sign_in(phone, sessions, "xu-wenjuan", NOW)
        await sign_in(desk, sessions, "xu-wenjuan", NOW)
        page = await phone.get("/console")
        refused = await phone.post("/console/sign-out-everywhere", data={})
        assert refused.status == 403  # no CSRF token, nothing happens
        assert (await desk.get("/console")).status == 200
        done = await phone.post(
            "/console/sign-out-everywhere",
            data={"csrf_token": csrf_of(await page.text())},
            allow_redirects=False,
        )
        assert done.status == 303
        assert (await phone.get("/console")).status == 401
        assert (await desk.get("/console")).status == 401

        await sign_in(desk, sessions, "xu-wenjuan", NOW)
        page = await desk.get("/console")
        out = await desk.post(
            "/console/sign-out", data={"csrf_token": csrf_of(await page.text())},
            allow_redirects=False,
        )  # fmt: skip
        assert out.status == 303 and "signed_out=here" in out.headers["Location"]
        assert (await desk.get("/console")).status == 401


async def test_cookies_are_secure_when_the_public_address_is_https(
    street_settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    https = street_settings  # the street's own config.toml: https://wutong.example.org
    assert https.register.public_url == PUBLIC_URL
    async with TestClient(TestServer(console_app(https, sessions, clock))) as client:
        url = await login_url(sessions, "xu-wenjuan", NOW)
        page = await client.get(url)
        assert "Secure" in page.headers["Set-Cookie"]  # the CSRF cookie
        # The test server speaks plain http, where a client keeps Secure cookies to itself:
        # the CSRF cookie is sent by hand, as a browser would over https.
        token = csrf_of(await page.text())
        response = await client.post(
            url,
            data={"csrf_token": token},
            headers={"Cookie": f"{CSRF_COOKIE}={token}"},
            allow_redirects=False,
        )
        assert response.status == 303
        session_cookie = response.headers["Set-Cookie"]
        assert SESSION_COOKIE in session_cookie and "Secure" in session_cookie


async def test_only_people_the_directory_gives_a_place_get_a_link(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        stranger = await ensure_chat_person(session, contact_id="wxid_x", name="路人")
        tenant = await person_by_key(session, key="zhou-xiaomei")
        landlord = await person_by_key(session, key="dai-guohua")
        assert tenant is not None and landlord is not None
        with pytest.raises(LoginRefused) as not_listed:
            await issue_login_link(session, person=stranger, now=NOW)
        with pytest.raises(LoginRefused) as no_place:
            await issue_login_link(session, person=tenant, now=NOW)
        link = await issue_login_link(session, person=landlord, now=NOW)
    assert not_listed.value.reason is Refusal.NOT_IN_DIRECTORY
    assert no_place.value.reason is Refusal.NO_SCOPE
    assert link.expires_at == NOW + timedelta(minutes=10)
    assert link.url("https://grid.example/").startswith("https://grid.example/login/")


async def test_gridbot_login_link_prints_a_link_and_refuses_clearly(
    street_db: str, street_gridbot: Callable[..., Awaitable[CliRun]]
) -> None:
    run = await street_gridbot("login-link", "许文娟")
    assert run.status == 0, run.err
    assert "login link for 许文娟 (xu-wenjuan):" in run.out
    assert f"{PUBLIC_URL}/login/" in run.out
    tenant = await street_gridbot("login-link", "zhou-xiaomei")
    assert tenant.status == 2 and "looks after no community" in tenant.err
    nobody = await street_gridbot("login-link", "nobody-here")
    assert nobody.status == 2 and "no person" in nobody.err
    ended = await street_gridbot("login-link", "xu-wenjuan", "--sign-out-everywhere")
    assert ended.status == 0 and "ended 0 console session(s) of 许文娟" in ended.out


def protected_paths() -> list[str]:
    paths = {"/register", "/register/qs-3", "/grid"}
    for table in CONSOLE_ROUTES:
        for route in table:
            path = getattr(route, "path", "")
            if is_protected(path.replace("{number}", "2026-0001")):
                paths.add(path.replace("{number}", "2026-0001"))
    return sorted(paths)


async def test_a_signed_out_request_to_every_protected_url_is_refused(client: Client) -> None:
    paths = protected_paths()
    assert {"/console", "/console/events", "/console/assessment.xlsx", "/grid"} <= set(paths)
    for path in paths:
        response = await client.get(path)
        assert response.status == 401, path
        assert 'data-reason="signed_out"' in await response.text()
    for path in ("/console/sign-out-everywhere", "/console/events/2026-0001/ack"):
        assert (await client.post(path, data={})).status == 401, path
    assert (await client.get("/console/sign-in")).status == 200
    assert (await client.get("/h/qs-3")).status == 200  # the household page stays public
