"""One-time invite codes: easy to type on a phone, stored only as a hash.

A code is "GB-" and eight characters from an alphabet without look-alikes (0/O, 1/I/L),
about 40 bits: with a 24-hour life and single use, guessing one is hopeless.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "GB"
_LENGTH = 8
# Found anywhere in a message ("我的邀请码 gb-7k3m-q9xa"), any case, the dashes optional.
CODE_PATTERN = re.compile(r"(?<![A-Za-z0-9])GB-?([A-Z0-9]{4})-?([A-Z0-9]{4})(?![A-Za-z0-9])", re.I)


def new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(_LENGTH))
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def find_code(text: str) -> str | None:
    """The code a message carries, normalised ("GB-7K3M-Q9XA"), or None."""
    found = CODE_PATTERN.search(text)
    if found is None:
        return None
    return f"{PREFIX}-{found[1].upper()}-{found[2].upper()}"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()
