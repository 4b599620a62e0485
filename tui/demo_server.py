"""`gsdj --demo`: run the bundled server on a fresh demo database in the background."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from offline_cache import client_data_dir


class DemoServerError(RuntimeError):
    pass


class DemoServer:
    """The bundled server as a child process on a free loopback port; stopped on exit."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or client_data_dir() / "demo"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def start(self, timeout: float = 60.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ready = self.data_dir / "ready.json"
        ready.unlink(missing_ok=True)
        env = dict(os.environ)
        env.pop("GSDJ_DATABASE_URL", None)  # the demo always uses its own SQLite file
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server",
                    "demo",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--db",
                    str(self.data_dir / "demo.sqlite3"),
                    "--ready-file",
                    str(ready),
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
                return self.url
            if self.process.poll() is not None:
                break
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
