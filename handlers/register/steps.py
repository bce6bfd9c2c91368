"""The register conversation's steps: ask for what is missing, show it masked, confirm, store.

One dialog per (chat, sender), named DIALOG; its slots hold the action, the step and the
draft, numbers encrypted. A register change is stored only after the sender's "确认"/"yes".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import ChatKind, Inbound
from bot.config.settings import Settings
from bot.dispatch.outbound import Outbound, ToPerson, reply
from bot.privacy import DataKeys, scan_for_unmasked
from bot.register.draft import Draft, from_slots, to_slots
from bot.register.houses import house_url
from bot.register.id_check import id_problem
from bot.register.store import moment, save_registration, update_tenant
from handlers.register.house import House
from models.crud.dialogs import close_dialog, open_dialog
from models.crud.tenants import sign_out
from models.messaging import Dialog
from models.tenant import Residence, Tenant

DIALOG = "tenant_register"
DIALOG_TTL = timedelta(minutes=30)
REGISTER, MOVE_OUT, UPDATE = "register", "move_out", "update"


@dataclass(frozen=True, slots=True)
class Step:
    """Where a register conversation stands."""

    action: str
    house: House
    draft: Draft
    lang: str
    target: int | None = None  # the residence a move-out or an update is about
    hint: bool = False  # numbers were written in a group: suggest the household code


def exposed(inbound: Inbound) -> bool:
    """Personal numbers written where the whole group reads them."""
    return inbound.chat_kind is ChatKind.GROUP and bool(scan_for_unmasked(inbound.text))


async def advance(
    session: AsyncSession,
    *,
    inbound: Inbound,
    step: Step,
    settings: Settings,
    keys: DataKeys,
    now: datetime,
) -> list[Outbound]:
    """Ask for the missing fields, or show the change and ask for the one-word confirmation."""
    missing = step.draft.missing(settings.register.required) if step.action == REGISTER else []
    await open_dialog(
        session,
        chat_id=inbound.chat_id,
        sender_id=inbound.sender_id,
        name=DIALOG,
        slots={
            "action": step.action,
            "step": "ask" if missing else "confirm",
            "house": step.house.id,
            "role": step.house.role,
            "draft": to_slots(step.draft, keys.cipher),
            "lang": step.lang,
            "target": step.target,
            "asked": missing,
        },
        expires_at=now + DIALOG_TTL,
    )
    template = "register_ask" if missing else "register_confirm"
    # A mistyped ID number is not taken: say which part is wrong.
    context = _shown(step, settings, missing=missing) | {"id_problem": id_problem(inbound.text)}
    return [reply(inbound, template, context, lang=step.lang)]


async def commit(
    session: AsyncSession,
    *,
    inbound: Inbound,
    step: Step,
    sender_person_id: int | None,
    settings: Settings,
    keys: DataKeys,
    now: datetime,
) -> list[Outbound]:
    await close_dialog(session, chat_id=inbound.chat_id, sender_id=inbound.sender_id)
    tz = settings.timezone
    if step.action == REGISTER:
        person_id = sender_person_id if step.house.role == "self" else None
        await save_registration(
            session,
            keys=keys,
            draft=step.draft,
            landlord_grid_id=step.house.id,
            person_id=person_id,
            now=now,
            tz=tz,
        )
    elif step.target is not None:
        residence = await session.get_one(Residence, step.target)
        if step.action == MOVE_OUT:
            at = moment(step.draft.move_in, now=now, tz=tz)  # the move-out date rides in move_in
            await sign_out(session, residence_id=step.target, at=at)
        else:
            tenant = await session.get_one(Tenant, residence.tenant_id)
            await update_tenant(session, keys=keys, tenant=tenant, draft=step.draft)
    shown = _shown(step, settings)
    outbounds = [reply(inbound, "register_done", shown, lang=step.lang)]
    if step.house.role != "landlord" and step.house.leader.contact_id:
        notice = {**shown, "by": inbound.sender_name, "via": "chat"}
        outbounds.append(
            Outbound("register_notice", ToPerson(step.house.leader.contact_id), notice)
        )
    return outbounds


def step_of(dialog: Dialog, house: House, keys: DataKeys) -> Step:
    slots = dialog.slots
    return Step(
        action=str(slots["action"]),
        house=house,
        draft=from_slots(slots.get("draft", {}), keys.cipher),
        lang=str(slots.get("lang", "zh")),
        target=slots.get("target"),
    )


def _shown(step: Step, settings: Settings, *, missing: list[str] | None = None) -> dict[str, Any]:
    return {
        "action": step.action,
        "house": step.house.grid.name,
        "tenant": step.draft.shown(),
        "missing": missing or [],
        "privacy_hint": step.hint,
        "link": house_url(settings.register.public_url, step.house.grid.code),
    }
