"""The one place where feature routers are composed, in priority order.

First match wins, so the order is the policy:
0. onboarding: binding commands, then the gate (an unbound group stays silent after one
   introduction), language, invite codes, the unbound-groups list; joins: the welcome,
   then a photo or file (it has no words for anyone else): kept with the report or the fix
   it follows, else chatter,
1. signing in to the staff console ("登录" in a direct chat, from anyone: the directory
   decides), then leader commands (direct chats), then clue reports ("举报 …" in a direct
   chat: never an ordinary, named report),
2. an open dialog with this sender in this chat (register, the location question, the
   monthly safety self-check's answers),
3. reporter confirmations,
4. the NLU reading (tenant register, reports),
5. an ID number posted in a group that nothing above answered (privacy advice).
A feature is a package under handlers/ whose router.py exposes its `router` (and, when it
answers inside a conversation of its own, a `dialog_router` tried earlier).
"""

from __future__ import annotations

from bot.dispatch.router import Router
from handlers.clue import router as clue
from handlers.confirm import router as confirm
from handlers.leader import router as leader
from handlers.onboarding import router as onboarding
from handlers.photos import router as photos
from handlers.privacy import router as privacy
from handlers.register import router as register
from handlers.reports import router as reports
from handlers.selfcheck import router as selfcheck
from handlers.signin import router as signin

ROUTERS: tuple[Router, ...] = (
    onboarding.router,
    photos.router,
    signin.router,
    leader.router,
    clue.router,
    register.dialog_router,
    reports.dialog_router,
    selfcheck.router,
    confirm.router,
    register.router,
    reports.router,
    privacy.router,
)
