"""`gsdj-server serve --workers N`: N processes accepting on one listening socket.

The socket is bound (and listening) before the fork, so `--port 0` is one port and every worker
accepts on it; the kernel hands each connection to one of them. Each worker is a whole server
(its own event loop, pools and daily job scheduler loop; the job's database lease lets one of
them run it). The supervisor reports ready once every worker has started, forwards SIGTERM and
SIGINT to them, and starts a worker again if one dies after that.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable

# A worker's body: given the function it calls once it accepts requests.
Worker = Callable[[Callable[[], None]], None]


def _spawn(sock: socket.socket, worker: Worker, ready_w: int, ready_r: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.close(ready_r)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        worker(lambda: os.write(ready_w, b"."))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def supervise(sock: socket.socket, count: int, worker: Worker, on_ready: Callable[[], None]) -> int:
    """Run `count` workers until SIGTERM or SIGINT; the exit status."""
    ready_r, ready_w = os.pipe()
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children = {_spawn(sock, worker, ready_w, ready_r) for _ in range(count)}
    started = 0
    status = 0
    while children:
        if stopping:
            for pid in children:
                os.kill(pid, signal.SIGTERM)
            for pid in list(children):
                os.waitpid(pid, 0)
            return status
        readable, _, _ = select.select([ready_r], [], [], 0.2)
        if readable:
            before = started
            started += len(os.read(ready_r, 64))
            if before < count <= started:
                on_ready()
        while children:
            pid, code = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            children.discard(pid)
            if stopping:
                continue
            print(f"工作进程 {pid} 已退出(状态 {code}),", end="", flush=True)
            if started < count:  # it failed to start: so would the next one
                print("服务停止", flush=True)
                stopping, status = True, 1
            else:
                print("正在重新启动", flush=True)
                time.sleep(1)
                children.add(_spawn(sock, worker, ready_w, ready_r))
    return status
