"""The thread pool bolt runs its (lazy) listeners in, which knows when all work handed to it is done."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class ListenerPool(ThreadPoolExecutor):
    """A ThreadPoolExecutor that counts unfinished tasks.

    bolt submits a lazy listener before it returns the HTTP response to Slack, so once a response is back,
    `wait_idle()` returning means every answer, reaction and click that request started has finished:
    the event tests wait on instead of a stretch of silence.
    """

    def __init__(self, max_workers: int = 10) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="slack-listener")
        self._pending = 0
        self._finished = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run fn in the pool, counting it as pending until it has returned or raised."""
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(lambda _: self._done())
        return future

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            self._finished += 1
            self._idle.notify_all()

    @property
    def finished(self) -> int:
        """How many tasks have finished so far."""
        with self._idle:
            return self._finished

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until no task is pending (True), or until the timeout (False)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)
