"""Placeholder signature; the fields helper replaces this module."""

from bot.nlu.reading import Person


def extract_person(text: str) -> Person:
    return Person()
