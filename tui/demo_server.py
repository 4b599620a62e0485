"""`gsdj --demo`: run the bundled server on the demo database in the background.

The database is kept under the data directory between runs (the first run seeds it, with a few
weeks of history); `gsdj --demo-reset` starts over. The server takes the port of its last run
when it is free, and the client keys its cache and outbox by DEMO_IDENTITY, not by the URL, so
what was queued while the server was down is still there whatever the port.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from offline_cache import client_data_dir

# What the client keys the demo's token, cache and outbox by (instead of its URL).
DEMO_IDENTITY = "gsdj-demo"


def forget_demo(root: Path | None = None) -> None:
    """`--demo-reset`: this terminal's cache and outbox of the demo go with its database (they
    name meetings and articles of a database that is no more)."""
    from offline_cache.store import server_dir

    shutil.rmtree(server_dir(DEMO_IDENTITY, root), ignore_errors=True)


class DemoServerError(RuntimeError):
    pass


class DemoServer:
    """The bundled server as a child process on a loopback port; stopped on exit."""

    def __init__(self, data_dir: Path | None = None, *, reset: bool = False) -> None:
        self.data_dir = data_dir or client_data_dir() / "demo"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.reset = reset  # the next start seeds a fresh database

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    @property
    def database(self) -> Path:
        return self.data_dir / "demo.sqlite3"

    @property
    def seeded(self) -> bool:
        """Will the next start serve a database kept from an earlier run?"""
        return not self.reset and self.database.exists()

    @property
    def died(self) -> bool:
        """The server was started and has exited since (killed, crashed)."""
        return self.process is not None and self.process.poll() is not None

    def _port(self) -> int:
        """The port of the last run when it is free (the URL the user saw stays the same),
        else 0: any free port."""
        try:
            port = int((self.data_dir / "port").read_text())
        except (OSError, ValueError):
            return 0
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return 0
        return port

    def start(self, timeout: float = 120.0) -> str:
        """Start the server (seeding the database first when there is none, or on reset) and
        answer its URL once it accepts requests."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.seeded:
            forget_demo()  # a fresh database: what this terminal kept of the old one goes too
        port = self._port()
        if self._launch(port, timeout):
            return self.url
        if port and self._launch(0, timeout):  # the old port was taken meanwhile
            return self.url
        self.stop()
        raise DemoServerError(f"演示服务器未能启动,详见日志 {self.log_path}")

    def _launch(self, port: int, timeout: float) -> bool:
        ready = self.data_dir / "ready.json"
        ready.unlink(missing_ok=True)
        env = dict(os.environ)
        env.pop("GSDJ_DATABASE_URL", None)  # the demo always uses its own SQLite file
        keep = [] if self.reset else ["--keep"]
        # A restart appends to the log of this run, so the crash that made it stays readable.
        with open(self.log_path, "ab" if self.process is not None else "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    # -P: not the current directory first on the path, so the installed
                    # server runs even when started from a folder that has a `server/` of
                    # its own (another checkout: its older server ran the demo unnoticed).
                    "-P",
                    "-m",
                    "server",
                    "demo",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--db",
                    str(self.database),
                    "--ready-file",
                    str(ready),
                    "--history",
                    *keep,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready.exists():
                self.url = json.loads(ready.read_text())["url"]
                self.reset = False  # a restart after a crash keeps what this run made
                (self.data_dir / "port").write_text(self.url.rsplit(":", 1)[1])
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.05)
        self.stop()
        raise DemoServerError(f"演示服务器未能启动,详见日志 {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
