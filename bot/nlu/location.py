"""Placeholder signature; the fields helper replaces this module."""

from bot.nlu.reading import Location


def extract_location(text: str) -> Location:
    return Location()
