"""Parsing in worker processes that can be lost without losing the run, and that never outlive it.

Why not multiprocessing.Pool or a library pool: their workers share one task queue guarded by
a lock, so a worker killed while it holds the lock (the kernel's OOM killer, a kill -9) stalls
the pool for ever, and a worker blocked on that lock outlives a killed parent. Here each worker
has a pipe of its own and nothing is shared: a worker that dies or overruns its time costs only
the file it was parsing, which is reported with the reason, and a new worker takes its place.
Workers never outlive the run and hold none of its descriptors (``indexer.children``).
"""
from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Sequence

from .children import Lifeline, fork_child, kill_child, reap
from .limits import ParseLimits

JOBS_PER_WORKER = 2  # queued in its pipe, so it never waits for the parent between files
LOOKAHEAD_PER_WORKER = 8  # results kept for in-order delivery, bounded so memory is


class WorkerLost(Exception):
    """The worker parsing a file died or overran its time; the message is the one-line reason."""


@dataclass
class _Worker:
    pid: int
    jobs: Connection
    results: Connection
    assigned: deque = field(default_factory=deque)  # job numbers sent, oldest first
    since: float = 0.0  # when its oldest assigned job became the one it works on


class ParsePool:
    """``run(jobs)`` yields ``(job, outcome)`` in the order of ``jobs``: what ``work(job)``
    returned in a worker, or a ``WorkerLost`` for a job whose worker was lost."""

    def __init__(self, work: Callable, workers: int, limits: ParseLimits = ParseLimits()):
        self.work, self.size, self.limits = work, max(1, workers), limits
        self._lifeline = Lifeline()
        self.workers: list[_Worker] = []

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, jobs: Sequence) -> Iterator[tuple[object, object]]:
        pending = deque(range(len(jobs)))
        done: dict[int, object] = {}
        next_out = 0
        while next_out < len(jobs):
            while next_out in done:
                yield jobs[next_out], done.pop(next_out)
                next_out += 1
            if next_out == len(jobs):
                return
            self._dispatch(jobs, pending, next_out + LOOKAHEAD_PER_WORKER * self.size)
            self._collect(done, pending)

    def _dispatch(self, jobs: Sequence, pending: deque, horizon: int) -> None:
        while len(self.workers) < self.size:
            self.workers.append(self._start())
        for worker in self.workers:
            while pending and pending[0] < horizon and len(worker.assigned) < JOBS_PER_WORKER:
                number = pending.popleft()
                if not worker.assigned:
                    worker.since = time.monotonic()
                worker.assigned.append(number)
                try:
                    worker.jobs.send(jobs[number])
                except OSError:  # it died; _collect reads its end and blames the job it was on
                    break

    def _collect(self, done: dict, pending: deque) -> None:
        """Wait for a result, a lost worker or the first overrun, and record what happened."""
        busy = [w for w in self.workers if w.assigned]
        deadline = min(w.since for w in busy) + self.limits.seconds
        ready = wait([w.results for w in busy], timeout=max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        for worker in busy:
            if worker.results in ready:
                try:
                    done[worker.assigned.popleft()] = worker.results.recv()
                    worker.since = now
                except (EOFError, OSError):
                    self._lose(worker, done, pending, self._death_reason(worker))
            elif now - worker.since >= self.limits.seconds:
                self._lose(worker, done, pending, f"verwerken duurde langer dan {self.limits.seconds:g} s; afgebroken")

    def _lose(self, worker: _Worker, done: dict, pending: deque, reason: str) -> None:
        """The worker's current job failed; its queued jobs go back to the front of the line."""
        done[worker.assigned.popleft()] = WorkerLost(reason)
        pending.extendleft(reversed(worker.assigned))
        self._stop(worker)
        self.workers.remove(worker)

    def _death_reason(self, worker: _Worker) -> str:
        signal_name, code = reap(worker.pid)
        worker.pid = 0
        if signal_name:
            hint = " (te weinig geheugen?)" if signal_name == "SIGKILL" else ""
            return f"het verwerkingsproces werd gestopt door signaal {signal_name}{hint}"
        return f"het verwerkingsproces stopte onverwacht (code {code})"

    def _stop(self, worker: _Worker) -> None:
        for conn in (worker.jobs, worker.results):
            conn.close()
        if worker.pid:
            kill_child(worker.pid)
            worker.pid = 0

    def close(self) -> None:
        """Stop every worker (busy ones are killed: their files are not needed any more)."""
        for worker in self.workers:
            self._stop(worker)
        self.workers = []
        self._lifeline.close()

    # -- the worker's side --------------------------------------------------------------

    def _start(self) -> _Worker:
        jobs_r, jobs_w = os.pipe()
        results_r, results_w = os.pipe()
        pid = fork_child(self._lifeline, {jobs_r, results_w}, lambda: self._serve(jobs_r, results_w))
        os.close(jobs_r)
        os.close(results_w)
        return _Worker(pid, Connection(jobs_w, readable=False), Connection(results_r, writable=False))

    def _serve(self, jobs_r: int, results_w: int) -> None:
        _limit_memory(self.limits.memory_mb)
        jobs, results = Connection(jobs_r, writable=False), Connection(results_w, readable=False)
        while True:
            try:
                job = jobs.recv()
            except EOFError:  # the parent closed the pool or died
                return
            try:
                outcome = self.work(job)
            except Exception as exc:  # noqa: BLE001 - ``work`` reports its own failures; this is a last resort
                outcome = WorkerLost(f"{type(exc).__name__}: {exc}"[:300])
            try:
                results.send(outcome)
            except Exception as exc:  # noqa: BLE001 - e.g. an outcome that cannot be pickled
                results.send(WorkerLost(f"uitkomst niet over te dragen ({type(exc).__name__})"))


def _limit_memory(megabytes: int) -> None:
    """Cap the address space at what the worker has now plus ``megabytes``: a parser that
    wants more gets a MemoryError, not the machine's memory."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    limit = current + megabytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
