"""The one place where feature routers are composed, in priority order.

First match wins, so the order is the policy:
0. onboarding: binding commands, then the gate (an unbound group stays silent after one
   introduction), language, invite codes,
1. leader commands (direct chats),
2. an open dialog with this sender in this chat,
3. reporter confirmations,
4. the NLU reading (reports, tenant register).
Each feature adds its module here; the module exposes `router: Router`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from bot.dispatch.callables import NamedCallable
from bot.dispatch.router import Router

ROUTER_MODULES: tuple[str, ...] = (
    "handlers.binding",  # group binding commands, bound or not
    "handlers.onboarding",  # unbound group: intro once, then silence; bound: know the sender
    "handlers.language",
    "handlers.invite",
    "handlers.unbound",  # staff asking for the groups still unbound
    "handlers.leader",
    "handlers.tenant_dialog",
    "handlers.report_dialog",
    "handlers.confirm",
    "handlers.tenants",
    "handlers.reports",
)


def load_routers(modules: Sequence[str] = ROUTER_MODULES) -> list[Router]:
    routers: list[Router] = []
    for name in modules:
        router = getattr(importlib.import_module(name), "router", None)
        if not isinstance(router, Router):
            raise TypeError(f"{name} must expose `router: Router`")
        routers.append(router)
    return routers


# Handlers of a member join (`join: MemberJoin`), as "module:function", called in order.
JOIN_HANDLERS: tuple[str, ...] = ("handlers.welcome:welcome_joins",)


def load_join_handlers(names: Sequence[str] = JOIN_HANDLERS) -> list[NamedCallable]:
    handlers: list[NamedCallable] = []
    for name in names:
        module, _, function = name.partition(":")
        handlers.append(NamedCallable(getattr(importlib.import_module(module), function)))
    return handlers
