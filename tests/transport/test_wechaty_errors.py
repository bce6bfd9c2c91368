"""How the Wechaty transport words failures (no puppet service needed)."""

from __future__ import annotations

import pytest
from grpclib.const import Status
from grpclib.exceptions import GRPCError, StreamTerminatedError

from bot.chat import ChatKind, Delivery, TransportError
from bot.transport.wechaty.mapping import describe
from bot.transport.wechaty.transport import WechatyTransport


def test_a_rejected_token_is_named_without_repeating_it() -> None:
    reason = describe(GRPCError(Status.UNAUTHENTICATED, 'Invalid Wechaty TOKEN "s3cret"'))
    assert reason == "the puppet service rejected the token"


def test_a_service_of_another_kind_is_named() -> None:
    reason = describe(GRPCError(Status.UNIMPLEMENTED, "Received :status = '404'"))
    assert "not a Wechaty puppet service" in reason


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ConnectionRefusedError(111, "Connect call failed"), "connection refused"),
        (StreamTerminatedError("Connection lost"), "the connection was lost"),
        (TimeoutError(), "no answer (timed out)"),
    ],
)
def test_network_failures_read_plainly(error: Exception, reason: str) -> None:
    assert describe(error) == reason


@pytest.mark.parametrize("endpoint", ["127.0.0.1", "http://127.0.0.1", "127.0.0.1:port", ":8788"])
def test_an_endpoint_needs_host_and_port(endpoint: str) -> None:
    with pytest.raises(ValueError, match="host:port"):
        WechatyTransport(endpoint=endpoint, token="t")


async def test_sending_before_login_fails_so_the_outbox_retries() -> None:
    transport = WechatyTransport(endpoint="127.0.0.1:8788", token="t")
    with pytest.raises(TransportError, match="not logged in"):
        await transport.send(Delivery(ChatKind.DIRECT, "wxid_a", "hi"))
