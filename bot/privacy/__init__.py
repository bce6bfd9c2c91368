"""Personal data: masked in everything sent or logged, encrypted and keyed-hashed at rest."""

from bot.privacy.crypto import (
    Cipher,
    DataKeys,
    DecryptionError,
    derive_key,
    keyed_hash,
)
from bot.privacy.log_filter import MaskingFilter
from bot.privacy.masks import (
    has_identity_number,
    mask_id,
    mask_passport,
    mask_phone,
    mask_text,
    normalise_number,
    scan_for_unmasked,
)
from bot.privacy.templating import JINJA_FILTERS, finalize, mask

__all__ = [
    "JINJA_FILTERS",
    "Cipher",
    "DataKeys",
    "DecryptionError",
    "MaskingFilter",
    "derive_key",
    "finalize",
    "has_identity_number",
    "keyed_hash",
    "mask",
    "mask_id",
    "mask_passport",
    "mask_phone",
    "mask_text",
    "normalise_number",
    "scan_for_unmasked",
]
