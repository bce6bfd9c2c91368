"""Register messages in a landlord group or a direct chat: registration, move-out, update.

Nothing is stored yet: the bot answers with what it understood (masked) and asks for the
missing fields or the confirmation (handlers.register.dialog takes the answers).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import Inbound
from bot.config.settings import Settings
from bot.dispatch.filters import reading_kind
from bot.dispatch.outbound import Outbound, reply
from bot.dispatch.participants import Sender
from bot.dispatch.router import Router
from bot.kinds import Kind
from bot.nlu.reading import Reading
from bot.privacy import DataKeys
from bot.register.draft import Draft, draft_from_reading
from bot.register.houses import house_url
from handlers.onboarding.language import answer_language
from handlers.own_messages import not_from_bot
from handlers.register import dialog
from handlers.register.house import House, find_house
from handlers.register.lookup import find_stays
from handlers.register.steps import MOVE_OUT, REGISTER, UPDATE, Step, advance, exposed

# Tried earlier than `router`, before the confirmations: answers inside a register
# conversation.
dialog_router = dialog.router

router = Router("register", not_from_bot)


async def _house(
    inbound: Inbound, reading: Reading, sender: Sender, session: AsyncSession
) -> House | None:
    return await find_house(
        session, inbound=inbound, person=sender.person, building=reading.location.building
    )


def _refused(
    inbound: Inbound, lang: str, house: House | None, settings: Settings
) -> Outbound | None:
    if house is None:
        return reply(inbound, "register_no_house", {"privacy_hint": exposed(inbound)}, lang=lang)
    if house.role not in settings.register.registrars:
        link = house_url(settings.register.public_url, house.grid.code)
        context = {"house": house.grid.name, "privacy_hint": exposed(inbound), "link": link}
        return reply(inbound, "register_not_allowed", context, lang=lang)
    return None


@router.message(reading_kind(Kind.REGISTRATION))
async def start_registration(
    inbound: Inbound,
    reading: Reading,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    data_keys: DataKeys,
    now: datetime,
) -> list[Outbound]:
    lang = await answer_language(session, person=sender.person, written=reading.lang)
    house = await _house(inbound, reading, sender, session)
    refused = _refused(inbound, lang, house, settings)
    if refused is not None or house is None:
        return [refused] if refused else []
    draft = draft_from_reading(reading)
    if house.role == "self" and not draft.name:
        draft = draft.merged(Draft(name=sender.person.name if sender.person else sender.name))
    step = Step(REGISTER, house, draft, lang, hint=exposed(inbound))
    return await advance(
        session, inbound=inbound, step=step, settings=settings, keys=data_keys, now=now
    )


@router.message(reading_kind(Kind.MOVE_OUT, Kind.TENANT_UPDATE))
async def start_change(
    inbound: Inbound,
    reading: Reading,
    sender: Sender,
    session: AsyncSession,
    settings: Settings,
    data_keys: DataKeys,
    now: datetime,
) -> list[Outbound]:
    lang = await answer_language(session, person=sender.person, written=reading.lang)
    house = await _house(inbound, reading, sender, session)
    refused = _refused(inbound, lang, house, settings)
    if refused is not None or house is None:
        return [refused] if refused else []
    stays = await find_stays(
        session,
        house=house,
        text=inbound.text,
        reading=reading,
        sender=sender,
        keys=data_keys,
        now=now,
    )
    hint = exposed(inbound)
    if len(stays) != 1:
        names = [{"name": tenant.name, "room": stay.room} for stay, tenant in stays]
        context = {"house": house.grid.name, "candidates": names, "privacy_hint": hint}
        return [
            reply(
                inbound, "register_not_found" if not stays else "register_which", context, lang=lang
            )
        ]
    stay, tenant = stays[0]
    if reading.kind is Kind.MOVE_OUT:
        # The move-out date rides in the draft's move_in: the day the change takes effect.
        draft = Draft(name=tenant.name, room=stay.room, move_in=reading.dates.move_out)
        step = Step(MOVE_OUT, house, draft, lang, target=stay.id, hint=hint)
    else:
        change = draft_from_reading(reading)
        draft = Draft(name=tenant.name, room=stay.room).merged(
            Draft(
                document_type=change.document_type,
                document_number=change.document_number,
                phone=change.phone,
                nationality=change.nationality,
                visa_expiry=change.visa_expiry,
            )
        )
        step = Step(UPDATE, house, draft, lang, target=stay.id, hint=hint)
    return await advance(
        session, inbound=inbound, step=step, settings=settings, keys=data_keys, now=now
    )
