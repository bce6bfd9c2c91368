"""Personal data at rest: encrypted to store, keyed-hashed to look up.

One secret key string (config or GRIDBOT_SECRET_KEY) gives independent sub-keys through
HKDF-SHA256, so the lookup hashes reveal nothing about the encryption key, and the key's
fingerprint (stored with the data, to notice another key at start) reveals neither.
Encryption is Fernet (AES-128-CBC + HMAC-SHA256, random IV): equal numbers encrypt
differently, hence the keyed hash (HMAC-SHA256 of the normalised number) for finding one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.privacy.masks import normalise_number

MIN_SECRET_LENGTH = 16
KEY_LENGTH = 32
_SALT = b"gridbot personal data"


class DecryptionError(ValueError):
    """A stored value that this key cannot read (another key, or damaged)."""


def derive_key(secret: str, purpose: str) -> bytes:
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"the secret key must have at least {MIN_SECRET_LENGTH} characters")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_LENGTH, salt=_SALT, info=purpose.encode())
    return hkdf.derive(secret.encode("utf-8"))


class Cipher:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_LENGTH:
            raise ValueError(f"a cipher key has {KEY_LENGTH} bytes, got {len(key)}")
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as error:
            raise DecryptionError(
                "stored personal data cannot be decrypted with this key"
            ) from error


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 (hex) of the number however it was written: spaces, +86, x or X."""
    normalised = normalise_number(value).encode("utf-8")
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()


_FINGERPRINTED = b"gridbot data key check v1"


@dataclass(frozen=True)
class DataKeys:
    """The sub-keys of one secret: a cipher for the numbers, a key for their lookup hashes,
    and the secret's fingerprint (equal secrets, equal fingerprints)."""

    cipher: Cipher
    lookup_key: bytes
    fingerprint: str

    @classmethod
    def from_secret(cls, secret: str) -> DataKeys:
        check_key = derive_key(secret, "check/v1")
        return cls(
            cipher=Cipher(derive_key(secret, "encrypt/v1")),
            lookup_key=derive_key(secret, "lookup/v1"),
            fingerprint=hmac.new(check_key, _FINGERPRINTED, hashlib.sha256).hexdigest(),
        )

    def lookup(self, value: str) -> str:
        return keyed_hash(self.lookup_key, value)
