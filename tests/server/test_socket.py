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


def test_the_client_drops_idle_connections_before_the_server_does() -> None:
    """Both at 5 s (the libraries' defaults), a request sent as the server closed its idle
    connection failed, and the terminal said 离线 with the server up (seen in tmux: Esc, wait
    5 s, open a screen)."""
    from api_client.client import KEEPALIVE_EXPIRY_S
    from server.cli import uvicorn_config

    config = uvicorn_config(object())
    assert config.timeout_keep_alive >= 10 * KEEPALIVE_EXPIRY_S


def test_a_client_told_the_server_is_ready_is_queued_not_refused() -> None:
    """The ready file is written during the app's startup, before uvicorn's own listen(): a
    client that connected in between was refused (CI: test_sync_crash's restarted server,
    `Connection refused` right after start_server returned). The socket listens once bound."""
    sock = listening_socket("127.0.0.1", 0)
    try:
        early = socket.create_connection(sock.getsockname(), timeout=5)  # nobody accepts yet
        early.close()
    finally:
        sock.close()
