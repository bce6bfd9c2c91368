"""CSRF protection for every form: a signed token in a cookie and in the form.

A forged cross-site post carries neither; a token is valid only with its own signature,
so a cookie planted by a neighbouring site cannot be paired with a made-up form field.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from aiohttp import web

COOKIE = "gridbot_csrf"
FIELD = "csrf_token"


class CsrfGuard:
    """One per group of pages: the household forms use the cookie on "/h/", the console its
    own cookie on "/" (marked Secure when the site is served over https)."""

    def __init__(
        self,
        key: bytes | None = None,
        *,
        cookie: str = COOKIE,
        path: str = "/h/",
        secure: bool = False,
    ) -> None:
        self._key = key or secrets.token_bytes(32)
        self.cookie, self.path, self.secure = cookie, path, secure

    def token_for(self, request: web.Request) -> str:
        """The client's current token, or a new one (set it with `remember`)."""
        current = request.cookies.get(self.cookie, "")
        return current if self._valid(current) else self._new()

    def remember(self, response: web.StreamResponse, token: str) -> None:
        response.set_cookie(
            self.cookie, token, httponly=True, samesite="Strict", path=self.path, secure=self.secure
        )

    def check(self, request: web.Request, form_token: str) -> bool:
        cookie = request.cookies.get(self.cookie, "")
        return self._valid(cookie) and hmac.compare_digest(cookie, form_token)

    def _new(self) -> str:
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._sign(nonce)}"

    def _valid(self, token: str) -> bool:
        nonce, _, signature = token.partition(".")
        return bool(nonce) and hmac.compare_digest(signature, self._sign(nonce))

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()[:32]
