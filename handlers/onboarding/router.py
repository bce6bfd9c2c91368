"""Onboarding: groups bound to landlord grids, people known and linked, languages chosen.

Tried before every other feature, in this order: binding commands ("绑定 …", bound or not),
the gate (an unbound group gets one introduction and then silence; a bound group's sender
becomes a person), language switches, invite codes, staff asking for unbound groups. Joins:
the welcome.
"""

from __future__ import annotations

from bot.dispatch.router import Router
from handlers.onboarding import binding, gate, invite, language, unbound, welcome

router = Router("onboarding")
router.include(
    binding.router, gate.router, language.router, invite.router, unbound.router, welcome.router
)
