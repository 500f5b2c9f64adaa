"""An ASGI app served by a real uvicorn in a background thread, on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


class ThreadedServer:
    """uvicorn running an app in a daemon thread; `start()` waits until it accepts connections."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        """Host and port the server listens on."""
        host, port = self.sock.getsockname()[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """The server's base URL."""
        host, port = self.address
        return f"http://{host}:{port}"

    def start(self) -> ThreadedServer:
        """Start serving; fail when uvicorn is not up within 10 s."""
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "uvicorn did not start"
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@contextmanager
def serving(app: Any) -> Iterator[ThreadedServer]:
    """The app served for the duration of the block."""
    server = ThreadedServer(app).start()
    try:
        yield server
    finally:
        server.stop()
