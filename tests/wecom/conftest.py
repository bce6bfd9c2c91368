"""The local WeCom robot service (tests/wecom/server.py) and a client connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.wecom.server import WecomEndpoint

BOT_ID, SECRET = "aibWutongStaff01", "wutong-robot-secret"


@pytest.fixture
async def wecom() -> AsyncIterator[WecomEndpoint]:
    endpoint = WecomEndpoint(bot_id=BOT_ID, secret=SECRET)
    await endpoint.start()
    yield endpoint
    await endpoint.stop()


# 梧桐街道 on WeChat and WeCom in one app (tests/wecom/both_channels.py).
from tests.wecom.both_channels import both, both_launch  # noqa: E402, F401
