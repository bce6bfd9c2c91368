"""An image's or file's bytes from the puppet service, read with a size limit.

The service answers `MessageImage`/`MessageFile` with a serialised FileBox (JSON). Which
kind depends on the provider and the size: a small box comes inline as base64, a big one
(over 20 KB in wechaty-puppet-service 1.x, so every real photo) as a UUID to be fetched
with the `Download` stream, and some providers give a URL. The Python client of wechaty
0.10.7 reads only the first (its FileBox.from_json fails on the others, and it has no
`Download` call at all), so the box is read here, and `Download` is called by its route
with the two small messages of its proto (wechaty-grpc's puppet/download-upload.proto).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import betterproto
from wechaty_grpc.wechaty.puppet import ImageType

from bot.chat import MediaKind, MediaRef, MediaTooLarge, TransportError

# FileBoxType of the file-box package (JS): what a serialised box's `boxType` says.
BASE64, URL, UUID = 1, 2, 7
DOWNLOAD_ROUTE = "/wechaty.Puppet/Download"


@dataclass(eq=False, repr=False)
class DownloadRequest(betterproto.Message):
    id: str = betterproto.string_field(1)


@dataclass(eq=False, repr=False)
class DownloadResponse(betterproto.Message):
    chunk: bytes = betterproto.bytes_field(1)


async def fetch(puppet: Any, media: MediaRef, *, limit: int) -> bytes:
    """The bytes of the image or file message `media.key`, at most `limit` of them."""
    stub = puppet.puppet_stub
    if media.kind is MediaKind.IMAGE:  # the full picture, not the chat's thumbnail
        answer = await stub.message_image(id=media.key, type=ImageType.IMAGE_TYPE_HD)
    else:
        answer = await stub.message_file(id=media.key)
    box = json.loads(answer.filebox)
    size = box.get("size")
    if isinstance(size, int) and size > limit:
        raise MediaTooLarge(f"the service says the file has {size} bytes (limit {limit})")
    box_type = box.get("boxType", box.get("type"))
    if box_type == BASE64:
        return _decoded(str(box.get("base64", "")), limit)
    if box_type == UUID:
        return await _download(stub, str(box["uuid"]), limit)
    if box_type == URL:
        return await _from_url(str(box.get("url") or box.get("remoteUrl")), limit)
    raise TransportError(f"the service gave a file box of type {box_type!r}, which has no bytes")


def _decoded(text: str, limit: int) -> bytes:
    if len(text) // 4 * 3 > limit + 2:  # told before decoding a huge string
        raise MediaTooLarge(f"the inline file is over {limit} bytes")
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error as error:
        raise TransportError(f"the inline file is not base64: {error}") from error
    if len(data) > limit:
        raise MediaTooLarge(f"the inline file has {len(data)} bytes (limit {limit})")
    return data


async def _download(stub: Any, uuid: str, limit: int) -> bytes:
    stream = stub._unary_stream(DOWNLOAD_ROUTE, DownloadRequest(id=uuid), DownloadResponse)
    return await _capped(stream, limit)


async def _capped(chunks: AsyncIterator[Any], limit: int) -> bytes:
    data = bytearray()
    async with contextlib.aclosing(chunks) as stream:  # type: ignore[type-var]
        async for response in stream:
            data += response.chunk
            if len(data) > limit:  # stop reading: the rest is not wanted
                raise MediaTooLarge(f"the download passed {limit} bytes")
    return bytes(data)


async def _from_url(url: str, limit: int) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise TransportError(f"the service gave a file address that is not http(s): {url[:80]}")
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        if response.status != 200:
            raise TransportError(f"the file address answered HTTP {response.status}")
        if (response.content_length or 0) > limit:
            raise MediaTooLarge(f"the file has {response.content_length} bytes (limit {limit})")
        data = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            data += chunk
            if len(data) > limit:
                raise MediaTooLarge(f"the download passed {limit} bytes")
        return bytes(data)
