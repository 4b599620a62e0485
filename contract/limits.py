"""Limits a client must know before it sends something: file counts, sizes and types.

The server enforces them (server.domain re-exports them where its rules use them); the terminal
checks a file against them before reading it into a request."""

from __future__ import annotations

# A meeting's record: this many attachments, each up to this size.
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 512 * 1024

# 随手拍 images: the formats a terminal can hand to an image viewer, by their first bytes.
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
MAX_IMAGE_BYTES = 512 * 1024


def image_type(content: bytes) -> str | None:
    """The image type of these bytes, by their first bytes; None when not an accepted image."""
    return next((t for magic, t in IMAGE_TYPES.items() if content.startswith(magic)), None)
