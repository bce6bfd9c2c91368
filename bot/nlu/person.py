"""The tenant a message is about: name, mobile number, identity document, nationality."""

from __future__ import annotations

from bot.nlu.identifiers import identifiers, mask
from bot.nlu.names import find_name
from bot.nlu.nationality import find_nationality
from bot.nlu.reading import NO_PERSON, Person

# Longer messages are cut: tenant details come early, and regexes stay linear on junk.
MAX_CHARS = 2000


def extract_person(text: str) -> Person:
    text = text[:MAX_CHARS]
    cards, phones, passport = identifiers(text)
    masked = mask(text, [*cards, *phones, *([passport] if passport else [])])
    id_type: str | None = None
    id_number: str | None = None
    if cards:
        id_type, id_number = "id_card", cards[0].value
    elif passport is not None:
        id_type, id_number = "passport", passport.value
    name, nationality = find_name(masked), find_nationality(masked)
    if not (name or phones or id_type or nationality):
        return NO_PERSON  # most chat names nobody: one shared value, compared by identity
    return Person(
        name=name,
        phone=phones[0].value if phones else None,
        id_type=id_type,
        id_number=id_number,
        nationality=nationality,
    )
