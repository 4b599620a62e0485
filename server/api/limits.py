"""Refuse oversized request bodies before they reach a handler (413, never a 500)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import messages


class BodyLimit:
    def __init__(
        self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}  # a larger limit for a path that takes files (an import)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > limit:
                await self._refuse(send, limit)
                return
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read up to the limit here, then hand the body on.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await self._refuse(send, limit)
                return
            if not message.get("more_body", False):
                break
        await self.app(
            scope, _replay([{"type": "http.request", "body": bytes(body)}], receive), send
        )

    async def _refuse(self, send: Send, max_bytes: int) -> None:
        limit = f"{max_bytes // 1024} KiB" if max_bytes < 1024 * 1024 else f"{max_bytes >> 20} MiB"
        body = json.dumps(
            {"code": "body_too_large", "message": messages.BODY_TOO_LARGE.format(limit=limit)},
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(buffered: list[Message], receive: Receive) -> Receive:
    async def replay() -> Message:
        if buffered:
            return buffered.pop(0)
        return await receive()

    return replay
