"""Processes an indexing run forks (parsing workers, segment writers): they never outlive the
run and hold nothing of the parent's but the pipes they were given.

A child cannot outlive the parent: on Linux the kernel kills it when the parent dies
(PR_SET_PDEATHSIG), and everywhere a thread in the child exits when the parent's end of a
*lifeline* pipe closes, which happens however the parent ends. Children are forked (they start
at once, with what the parent imported) and close every descriptor they inherited but their
own, so they hold neither the index's write lock nor the other children's pipes.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from typing import Callable


class Lifeline:
    """The pipe whose closing, however the parent ends, tells its children to exit."""

    def __init__(self):
        self.read_end, self._write_end = os.pipe()

    def close(self) -> None:
        for fd in (self.read_end, self._write_end):
            if fd >= 0:
                os.close(fd)
        self.read_end = self._write_end = -1


def fork_child(lifeline: Lifeline, keep: set[int], run: Callable[[], None]) -> int:
    """Fork a child that keeps only the descriptors ``keep`` (and stdio), runs ``run`` and
    exits: 0 when ``run`` returned, 1 when it raised. Returns the child's pid."""
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the parent's code
        code = 1
        try:
            _become_child(parent, lifeline.read_end, keep)
            run()
            code = 0
        finally:
            os._exit(code)
    return pid


def kill_child(pid: int) -> None:
    """Kill a child (if it still runs) and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def reap(pid: int) -> tuple[str | None, int]:
    """Wait for a child that has ended: (the name of the signal that stopped it, else None;
    its exit code)."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return (signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)), 0
    return None, os.WEXITSTATUS(status)


def _become_child(parent: int, lifeline: int, keep: set[int]) -> None:
    gc.freeze()  # inherited objects are never collected here, so none closes a reused descriptor
    _close_inherited_descriptors(keep={0, 1, 2, lifeline, *keep})
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent(parent, lifeline)


def _close_inherited_descriptors(keep: set[int]) -> None:
    fd = 3
    for kept in sorted(k for k in keep if k >= 3):
        os.closerange(fd, kept)
        fd = kept + 1
    os.closerange(fd, _max_descriptor())


def _max_descriptor() -> int:
    try:
        return max(int(n) for n in os.listdir("/proc/self/fd")) + 1
    except (OSError, ValueError):
        return os.sysconf("SC_OPEN_MAX")


def _die_with_parent(parent: int, lifeline: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the kernel could be told
        os._exit(1)
    threading.Thread(target=_exit_when_closed, args=(lifeline,), daemon=True).start()


def _exit_when_closed(lifeline: int) -> None:
    while os.read(lifeline, 1):
        pass
    os._exit(1)
