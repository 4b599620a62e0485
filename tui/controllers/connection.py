"""Online or offline, and the probe that looks for the server again while offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.session import Session


class Connection:
    RECHECK_SECONDS = 10.0  # how often to look for the server while offline

    def __init__(self) -> None:
        self.state = "checking"  # "checking", "online" or "offline"
        self.probing = False  # the app runs the probe timer while this is True

    def checking(self) -> None:
        self.state = "checking"

    def reached(self) -> None:
        """The server answered, though not as hoped (an error): it is there; a running probe
        keeps its schedule."""
        self.state = "online"

    def offline(self) -> bool:
        """The server is gone; True when the probe should start now (it was not running)."""
        self.state = "offline"
        start = not self.probing
        self.probing = True
        return start

    def online(self) -> tuple[bool, bool]:
        """The server answered: (it was offline, so the outbox waits to be sent; the probe
        was running and stops)."""
        was_offline, was_probing = self.state == "offline", self.probing
        self.state, self.probing = "online", False
        return was_offline, was_probing

    @staticmethod
    async def probe(session: Session) -> bool:
        """Is the server there? Any error (unreachable, or an odd answer) counts as no."""
        from api_client import ApiError

        try:
            await session.check_server()
        except ApiError:
            return False
        return True
