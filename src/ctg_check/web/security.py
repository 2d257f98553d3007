"""Who may talk to the server: the Host it is bound to, the access token, the session and CSRF.

- Host: a request whose Host header is not the name the server is bound to is refused, so a web
  page from elsewhere cannot reach it through a DNS name that resolves to this machine.
- Token: when the server listens beyond loopback, every request carries the access token (in the
  URL once, then in a cookie).
- Session: a random cookie per browser; jobs belong to it. CSRF: every POST carries a token derived
  from the session (header X-CSRF-Token or form field csrf).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

SESSION_COOKIE = "ctg_session"
TOKEN_COOKIE = "ctg_token"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
ANY_ADDRESS = frozenset({"0.0.0.0", "::", "[::]"})
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class Guard:
    """The server's bound name and port, its access token (None on loopback) and its secret."""

    host: str
    port: int
    token: str | None
    secret: bytes

    def host_allowed(self, header: str) -> bool:
        if self.host in ANY_ADDRESS:  # every interface: the token is the protection
            return True
        names = LOOPBACK if self.host in LOOPBACK else {self.host}
        allowed = {f"{n}:{self.port}" for n in names}
        if self.port == 80:
            allowed |= names
        return header.lower() in allowed

    def token_ok(self, given: str | None) -> bool:
        return self.token is None or (
            given is not None and hmac.compare_digest(given.encode(), self.token.encode())
        )

    def csrf(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str | None, given: str | None) -> bool:
        return bool(session and given) and hmac.compare_digest(
            self.csrf(session or ""), given or ""
        )


def new_session() -> str:
    return secrets.token_urlsafe(32)


def cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar.load(value.decode("latin-1"))
    return {k: m.value for k, m in jar.items()}


class GuardMiddleware:
    """Refuse foreign Host headers and missing tokens; add the security headers to every answer."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        host = headers.get(b"host", b"").decode("latin-1")
        if not self.guard.host_allowed(host):
            await _refuse(send, 421, b"Misdirected request: unknown Host\n")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        from_url = (query.get("token") or [None])[0]
        given = from_url or cookies(scope).get(TOKEN_COOKIE)
        if not self.guard.token_ok(given):
            await _refuse(send, 403, b"Forbidden: the access token is missing or wrong\n")
            return

        async def secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = list(HEADERS)
                if from_url and self.guard.token:
                    extra.append((b"set-cookie", _cookie(TOKEN_COOKIE, self.guard.token)))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, secured)


def _cookie(name: str, value: str) -> bytes:
    return f"{name}={value}; HttpOnly; SameSite=Strict; Path=/".encode()


async def _refuse(send: Any, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
