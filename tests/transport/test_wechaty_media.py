"""Reading the puppet service's file boxes within the size limit: an inline base64 box is
measured before it is decoded, a `Download` stream stops at the limit."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest

from bot.chat import MediaKind, MediaRef, MediaTooLarge, TransportError
from bot.transport.wechaty import media
from bot.transport.wechaty.media import DownloadResponse


class Stub:
    """The client's stub as `media.fetch` uses it: one box, and its Download chunks."""

    def __init__(self, box: dict[str, Any], chunks: list[bytes] = []) -> None:  # noqa: B006
        self.box, self.chunks, self.read = box, chunks, 0

    async def message_image(self, **_: Any) -> SimpleNamespace:
        return SimpleNamespace(filebox=json.dumps(self.box))

    async def message_file(self, **_: Any) -> SimpleNamespace:
        return SimpleNamespace(filebox=json.dumps(self.box))

    def _unary_stream(self, route: str, request: Any, response_type: Any) -> AsyncIterator[Any]:
        assert route == "/wechaty.Puppet/Download" and request.id == self.box["uuid"]

        async def stream() -> AsyncIterator[Any]:
            for chunk in self.chunks:
                self.read += 1
                yield DownloadResponse(chunk=chunk)

        return stream()


async def fetch(stub: Stub, limit: int, kind: MediaKind = MediaKind.IMAGE) -> bytes:
    puppet = SimpleNamespace(puppet_stub=stub)
    return await media.fetch(puppet, MediaRef(kind, "m1"), limit=limit)


async def test_an_inline_box_is_decoded() -> None:
    box = {"boxType": 1, "name": "a.png", "base64": base64.b64encode(b"picture").decode()}
    assert await fetch(Stub(box), 100) == b"picture"
    assert await fetch(Stub(box), 100, MediaKind.FILE) == b"picture"


async def test_an_inline_box_over_the_limit_is_refused_undecoded() -> None:
    box = {"boxType": 1, "name": "a.jpg", "base64": base64.b64encode(b"x" * 1000).decode()}
    with pytest.raises(MediaTooLarge):
        await fetch(Stub(box), 100)


async def test_a_download_stops_reading_at_the_limit() -> None:
    stub = Stub({"boxType": 7, "uuid": "u-1", "size": -1}, [b"x" * 60] * 10)
    with pytest.raises(MediaTooLarge):
        await fetch(stub, 100)
    assert stub.read == 2  # the rest was never asked for
    whole = Stub({"boxType": 7, "uuid": "u-1"}, [b"ab", b"cd"])
    assert await fetch(whole, 100) == b"abcd"


async def test_a_size_the_service_announces_is_refused_before_reading() -> None:
    stub = Stub({"boxType": 7, "uuid": "u-1", "size": 5000}, [b"x"])
    with pytest.raises(MediaTooLarge):
        await fetch(stub, 100)
    assert stub.read == 0


@pytest.mark.parametrize(
    "box",
    [{"boxType": 3, "qrCode": "x"}, {"boxType": 1, "base64": "not base64!"}],
    ids=["qr-code", "bad-base64"],
)
async def test_a_box_without_bytes_is_a_transport_error(box: dict[str, Any]) -> None:
    with pytest.raises(TransportError):
        await fetch(Stub(box), 100)
