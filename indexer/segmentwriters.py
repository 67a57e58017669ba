"""A large run's new letters written into segments of their own, by one process per core.

Whoosh's writer files the postings of every letter it is given, and at its commit sorts them
and encodes each term's blocks: in one process, that commit was half of the run's time on
modern letters (1,000 letters: 10 s of 22, the other core idle) and over 23 minutes at
150,000. Here each writer process files the letters it is sent, round the processes in turn,
and writes its own segment; the run's writer, which holds the lock and makes the deletions and
merges, adds those segments to the index in its one commit (``whoosh_internals.commit_with``).

Why not whoosh's own multiprocessing writer: a sub-writer that dies there is missed (its
result is waited for one second, then the commit goes on without its letters), and one
blocked on its job queue outlives a killed parent. Here a writer that is lost fails the run
with the reason, so nothing is committed and the index stays as it was; and writers are
children that never outlive the run (``indexer.children``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from typing import Callable

from .children import Lifeline, fork_child, kill_child, reap
from .layout import add_document
from .whoosh_internals import finished_segment, writer_beside


class WritingFailed(Exception):
    """A writer process was lost or failed; nothing of the run is committed."""


@dataclass
class WriterProcess:
    """A forked process that writes a segment and sends it back when done."""

    pid: int
    segment: Connection  # from it: the finished segment, or the reason it failed
    documents: Connection | None = None  # to it: documents, then None for "finish"

    def result(self):
        """The segment it sent; raises WritingFailed with the reason if it failed or was lost."""
        try:
            outcome = self.segment.recv()
        except (EOFError, OSError):
            raise self.lost() from None
        if isinstance(outcome, str):
            raise WritingFailed(f"een schrijfproces van de index faalde: {outcome}")
        return outcome

    def lost(self) -> WritingFailed:
        signal_name, code = reap(self.pid)
        self.pid = 0
        how = f"door signaal {signal_name}" if signal_name else f"met code {code}"
        return WritingFailed(f"een schrijfproces van de index stopte onverwacht ({how}); er is niets vastgelegd")

    def stop(self) -> None:
        for connection in (self.documents, self.segment):
            if connection is not None:
                connection.close()
        if self.pid:
            kill_child(self.pid)  # a finished one has exited; this reaps it
            self.pid = 0


def start_writer_process(lifeline: Lifeline, work: Callable[..., None], documents: bool = False) -> WriterProcess:
    """Fork a process that runs ``work(segment)``, or ``work(documents, segment)`` when it is
    sent ``documents``, with ``segment`` the connection that takes its outcome."""
    segment_r, segment_w = os.pipe()
    documents_r, documents_w = os.pipe() if documents else (-1, -1)
    keep = {segment_w} | ({documents_r} if documents else set())

    def child() -> None:
        segment = Connection(segment_w, readable=False)
        if documents:
            work(Connection(documents_r, writable=False), segment)
        else:
            work(segment)

    pid = fork_child(lifeline, keep, child)
    for fd in keep:
        os.close(fd)
    return WriterProcess(pid, Connection(segment_r, writable=False),
                         Connection(documents_w, readable=False) if documents else None)


class SegmentWriters:
    """``add(document)`` sends a pickled document to the next writer process; ``finish()`` returns
    their segments, for the locking ``writer``'s commit. Use as a context manager: leaving it
    stops every writer that is still running."""

    def __init__(self, writer, processes: int, **options):
        self._lifeline = Lifeline()
        work = partial(_write, writer, options)
        self._writers = [start_writer_process(self._lifeline, work, documents=True) for _ in range(processes)]
        self._next = 0

    def __enter__(self) -> "SegmentWriters":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, document: bytes) -> None:
        """Send a pickled document to the next writer process, as it came from the parsing
        worker (its end of the pipe unpickles it)."""
        writer = self._writers[self._next]
        self._next = (self._next + 1) % len(self._writers)
        try:
            writer.documents.send_bytes(document)
        except OSError:  # it died: its end of the pipe is closed
            raise writer.lost() from None

    def finish(self) -> list:
        for writer in self._writers:
            try:
                writer.documents.send(None)
            except OSError:
                raise writer.lost() from None
        return [writer.result() for writer in self._writers]

    def close(self) -> None:
        for writer in self._writers:
            writer.stop()
        self._lifeline.close()


def _write(locking_writer, options: dict, documents: Connection, segment: Connection) -> None:
    """A writer process: add each document it is sent to a new segment, and send the
    finished segment back (or why there is none)."""
    try:
        writer = writer_beside(locking_writer, **options)
        while (document := documents.recv()) is not None:
            add_document(writer, document)
        outcome = finished_segment(writer)
    except EOFError:  # the run was stopped
        return
    except Exception as exc:  # noqa: BLE001 - reported to the run, which fails with it
        outcome = f"{type(exc).__name__}: {exc}"[:300]
    segment.send(outcome)
