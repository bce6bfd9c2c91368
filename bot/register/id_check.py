"""Why a number written as a resident ID number is not one: its length, its birth date or
its check digit (GB 11643). The parser only takes numbers that pass; a landlord who mistyped
one digit should hear which part is wrong, not be asked for the number again as if he had
sent none."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.nlu.identifiers import id_check_ok
from bot.privacy import mask_id

# 15 to 19 digits, the last may be X (an ID number with a digit too few or too many, or a
# first-generation 15-digit one), or 18 written 6-8-4 with spaces or dashes. A mobile (11
# digits) or a room is far shorter; a room and a mobile side by side are apart.
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{6}[ \-][0-9]{8}[ \-][0-9]{3}[0-9Xx]|[0-9]{14,18}[0-9Xx])"
    r"(?![0-9A-Za-z])"
)
_SEPARATORS = re.compile(r"[ \-]")

Part = Literal["length", "birth_date", "check_digit"]


@dataclass(frozen=True, slots=True)
class IdProblem:
    number: str  # masked
    part: Part  # what is wrong with it
    length: int  # characters it has (18 wanted)


def id_problem(text: str) -> IdProblem | None:
    """What is wrong with the ID number `text` gives, None when it gives a right one or
    none at all."""
    problems = []
    for match in _CANDIDATE.finditer(text):
        number = _SEPARATORS.sub("", match.group()).upper()
        part = _wrong_part(number)
        if part is None:
            return None  # a right one is there: the parser has it
        problems.append(IdProblem(mask_id(number), part, len(number)))
    return problems[0] if problems else None


def _wrong_part(number: str) -> Part | None:
    if len(number) != 18:
        return "length"
    if not _is_birth_date(number[6:14]):
        return "birth_date"
    return None if id_check_ok(number) else "check_digit"


def _is_birth_date(digits: str) -> bool:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return born.year >= 1900
