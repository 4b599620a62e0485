"""A toast never gets a negative timeout.

Textual's Toast times itself out after its notification's `time_left`, measured when the toast
is built. On a busy machine a short notification can be built after it has already expired, and
Textual's Timer given a negative delay loops forever: the app keeps running and nothing else
happens (seen as a test that hung for half an hour in CI; py-spy showed a Timer with
`_interval = -0.00005`). An expired toast now goes at once instead.
"""

from __future__ import annotations

from textual.notifications import Notification
from textual.widgets._toast import Toast

SHORTEST_S = 0.01

_toast_init = Toast.__init__


def _init(self: Toast, notification: Notification) -> None:
    _toast_init(self, notification)
    self._timeout = max(self._timeout, SHORTEST_S)


if Toast.__init__ is not _init:
    Toast.__init__ = _init  # type: ignore[method-assign]
