"""The server's listening socket makes asyncio turn on TCP_NODELAY for every connection.

Without it, keep-alive responses waited for a delayed ACK (~40 ms each, every request of the
terminal client). Checked on the accepted socket itself, not with a timing.
"""

from __future__ import annotations

import asyncio
import socket

from server.cli import listening_socket


async def test_accepted_connections_have_nodelay() -> None:
    sock = listening_socket("127.0.0.1", 0)
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def protocol() -> asyncio.Protocol:
        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                peer = transport.get_extra_info("socket")
                accepted.set_result(peer.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        return Probe()

    server = await asyncio.get_running_loop().create_server(protocol, sock=sock)
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", sock.getsockname()[1])
        assert await asyncio.wait_for(accepted, 5) != 0
        writer.close()
    finally:
        server.close()
        await server.wait_closed()
