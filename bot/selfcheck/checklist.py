"""A self-check's checklist as an outbound message, and the dialog that takes its answers.

One home for both the daily job (the first checklist, the reminder) and the answering
handler (the next house of a landlord with several).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config.selfcheck import Question
from bot.dispatch.outbound import Outbound, ToPerson
from models.crud.dialogs import current_dialog, open_dialog
from models.grid import LandlordGrid
from models.person import Person
from models.selfcheck import SelfCheck

DIALOG = "selfcheck"
# The dialog outlives the reminder; next month's checklist replaces it.
ANSWER_WINDOW = timedelta(days=27)


def open_numbers(check: SelfCheck) -> list[int]:
    """The question numbers (from 1) still unanswered, in order."""
    return [n for n in range(1, check.questions + 1) if str(n) not in check.answers]


def question_values(questions: tuple[Question, ...], numbers: list[int]) -> list[dict[str, Any]]:
    """The questions as templates see them: number and the texts by language."""
    return [
        {"number": n, "texts": dict(questions[n - 1].texts)} for n in numbers if n <= len(questions)
    ]


def checklist(
    check: SelfCheck,
    house: LandlordGrid,
    leader: Person,
    questions: tuple[Question, ...],
    *,
    template: str = "selfcheck_ask",
) -> Outbound:
    assert leader.contact_id is not None
    context = {
        "house": house.name,
        "period": check.period,
        "count": check.questions,
        "questions": question_values(questions, open_numbers(check)),
    }
    return Outbound(template, ToPerson(leader.contact_id), context)


async def await_answers(
    session: AsyncSession, *, leader: Person, check: SelfCheck, now: datetime
) -> bool:
    """Open the dialog in the landlord's direct chat that takes `check`'s answers, unless
    another conversation is open there (it goes first; the reminder asks again)."""
    assert leader.contact_id is not None and check.id is not None
    chat = leader.contact_id  # a direct chat's id is the person's contact id
    found = await current_dialog(session, chat_id=chat, sender_id=chat, now=now)
    if found is not None and found.name != DIALOG:
        return False
    await open_dialog(
        session,
        chat_id=chat,
        sender_id=chat,
        name=DIALOG,
        slots={"check": check.id},
        expires_at=now + ANSWER_WINDOW,
    )
    return True
