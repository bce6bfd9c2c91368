"""Secrets that travel (login link tokens, session ids) and the hashes that are stored."""

from __future__ import annotations

import hashlib
import secrets

# 32 random bytes: guessing one within a link's ten minutes, or a session's life, is hopeless.
_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(_BYTES)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_secret(text: str) -> bool:
    """Cheap shape check before any database look-up (a URL path may hold anything)."""
    return 20 <= len(text) <= 64 and all(c.isalnum() or c in "-_" for c in text)
