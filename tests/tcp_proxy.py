"""A TCP proxy in front of PostgreSQL that a test can cut: the database "goes away".

    async with TcpProxy("127.0.0.1", 5432) as proxy:   # listens on proxy.port
        ...                                             # the app connects through it
        await proxy.cut()       # open connections are reset, new ones refused
        await proxy.restore()   # the same port accepts and forwards again

A cut closes the listening socket too, so a reconnect fails at once with "connection
refused", as it does when the server is down or a firewall rejects; nothing is mocked
between the app and the server but the network path.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from types import TracebackType

from sqlalchemy.engine import make_url


class TcpProxy:
    @classmethod
    def before(cls, database_url: str) -> TcpProxy:
        """A proxy for the server of `database_url` (enter it, then use `url(...)`)."""
        url = make_url(database_url)
        return cls(url.host or "127.0.0.1", url.port or 5432)

    def url(self, database_url: str) -> str:
        """`database_url` through this proxy."""
        url = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return url.render_as_string(hide_password=False)

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0
        self.connections = 0  # accepted since the start (to see that the app reconnects)

    async def __aenter__(self) -> TcpProxy:
        with socket.socket() as probe:  # a free port, kept across cut and restore
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        await self.restore()
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        await self.cut()

    @property
    def up(self) -> bool:
        return self._server is not None

    async def restore(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._accept, "127.0.0.1", self.port, reuse_address=True
            )

    async def cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()
        for writer in list(self._writers):
            _reset(writer)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        try:
            server_reader, server = await asyncio.open_connection(*self._target)
        except OSError:
            _reset(client)
            return
        self._writers.update((client, server))
        pumps = [
            asyncio.create_task(_pump(client_reader, server)),
            asyncio.create_task(_pump(server_reader, client)),
        ]
        self._tasks.update(pumps)
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
                self._tasks.discard(pump)
            for writer in (client, server):
                self._writers.discard(writer)
                _reset(writer)


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close at once (the peer sees a reset, as when a server dies), not gracefully."""
    transport = writer.transport
    with contextlib.suppress(OSError):
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
