"""Masking inside Jinja2 templates.

`JINJA_FILTERS` gives templates `{{ phone | mask_phone }}` and `{{ note | mask }}`;
`finalize` (as `Environment(finalize=finalize)`) masks every value a template prints, so
a template that forgets the filter still leaks nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup

from bot.privacy.masks import mask_id, mask_passport, mask_phone, mask_text


def mask(value: object) -> str:
    """Free text with every personal number masked; None prints as nothing."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        # Masking only swaps characters for "*", so safe markup stays safe.
        return Markup(mask_text(str(value)))
    return mask_text(str(value))


def finalize(value: object) -> object:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, int) and not isinstance(value, bool):
        masked = mask_text(str(value))
        return value if masked == str(value) else masked
    return value


def _whole(mask_one: Callable[[str], str]) -> Callable[[object], str]:
    def apply(value: object) -> str:
        return "" if value is None else mask_one(str(value))

    return apply


JINJA_FILTERS: Mapping[str, Callable[[object], str]] = {
    "mask": mask,
    "mask_id": _whole(mask_id),
    "mask_passport": _whole(mask_passport),
    "mask_phone": _whole(mask_phone),
}
