"""Which segments of the index are merged, and merging them while a run does its other work.

Each run writes its letters into a new segment, and deletes the documents of changed and
removed letters where they are. Merging keeps both in bounds: segments of one size class are
merged once MERGE_FACTOR of them exist, and a segment whose deleted share reaches PURGE_SHARE
is rewritten without its deleted documents.

A run with one worker merges in its commit, as whoosh does. A run with more workers merges
in a process of its own (``MergeAhead``), begun as soon as it holds the index's lock: the
segments to merge are known then, as the policy only looks at the segments already in the
index, and a segment's documents never change. Merging the small segments of a 150,000-letter
index took 4-5 s of a 14 s update; begun ahead, it runs on the other core while the run
walks the 150,000 files and parses the changed ones. Documents deleted by the run from
segments being merged are deleted from the merged segment before the commit.
"""
from __future__ import annotations

import math

from whoosh.reading import SegmentReader

from .children import Lifeline
from .segmentwriters import start_writer_process
from .whoosh_internals import add_segment, finished_segment, writer_beside

MERGE_FACTOR = 4  # segments of one size class (live letters, in powers of 4) merge once 4 of them exist
PURGE_SHARE = 0.2  # a segment whose deleted documents reach this share is rewritten without them


def segments_to_merge(segments: list) -> tuple[list, list]:
    """(merge, keep). Merged: segments with a deleted share of PURGE_SHARE or more, and the
    segments of any size class that holds MERGE_FACTOR or more, so an index of n letters keeps
    about log4(n) * 3 segments however often it is updated."""
    merge = [s for s in segments if s.deleted_count() >= PURGE_SHARE * max(1, s.doc_count_all())]
    classes: dict[int, list] = {}
    for segment in segments:
        if segment not in merge:
            classes.setdefault(int(math.log(max(1, segment.doc_count()), MERGE_FACTOR)), []).append(segment)
    for members in classes.values():
        if len(members) >= MERGE_FACTOR:
            merge += members
    return merge, [s for s in segments if s not in merge]


def merge_policy(writer, segments: list) -> list:
    """Whoosh's merge policy for a commit: which segments to merge into the one being written.
    Its default (MERGE_SMALL) never rewrites a large segment, so the documents of updated
    and removed letters stay in it for ever, costing size and work on every search."""
    merge, keep = segments_to_merge(segments)
    for segment in merge:
        merge_into(writer, segment)
    return keep


def merge_into(writer, segment) -> None:
    """The live documents of ``segment`` copied into the segment ``writer`` writes."""
    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        add_segment(writer, reader)
    finally:
        reader.close()


class MergeAhead:
    """The segments ``segments_to_merge`` picks from the index ``writer`` holds, merged into
    one segment by a process of its own. ``finish()`` waits for it and returns the merged
    segment; ``policy`` is the merge policy of the run's commit, which drops the merged
    segments. Use as a context manager: leaving it stops the process if it still runs."""

    def __init__(self, writer, **options):
        self.merged, _ = segments_to_merge(writer.segments)
        self._deleted_before = [set(segment.deleted_docs()) for segment in self.merged]
        self._lifeline = Lifeline()
        self._process = None
        if self.merged:
            self._process = start_writer_process(self._lifeline, lambda out: _merge(writer, self.merged, options, out))

    def __enter__(self) -> "MergeAhead":
        return self

    def __exit__(self, *exc) -> None:
        if self._process:
            self._process.stop()
        self._lifeline.close()

    def policy(self, writer, segments: list) -> list:
        """Keep every segment but the merged ones: what else a merge would take waits for
        the next run, which merges it ahead in its turn."""
        merged = {segment.segment_id() for segment in self.merged}
        return [segment for segment in segments if segment.segment_id() not in merged]

    def finish(self) -> list:
        """[the merged segment] (none when nothing was merged), without the documents the run
        deleted from the merged segments meanwhile."""
        if not self._process:
            return []
        segment = self._process.result()
        offset = 0
        for old, before in zip(self.merged, self._deleted_before):
            deleted_since = set(old.deleted_docs()) - before
            if deleted_since:
                live = (docnum for docnum in range(old.doc_count_all()) if docnum not in before)
                renumbered = {docnum: offset + new for new, docnum in enumerate(live)}
                for docnum in deleted_since:
                    segment.delete_document(renumbered[docnum])
            offset += old.doc_count_all() - len(before)
        return [segment]


def _merge(locking_writer, segments: list, options: dict, out) -> None:
    """The merging process: the live documents of ``segments``, in order, into a new segment
    sent back through ``out`` (or why there is none). A merge copies a segment's live
    documents in order, so the document numbers it gives are known to the run."""
    try:
        writer = writer_beside(locking_writer, **options)
        for segment in segments:
            merge_into(writer, segment)
        outcome = finished_segment(writer)
    except Exception as exc:  # noqa: BLE001 - reported to the run, which fails with it
        outcome = f"{type(exc).__name__}: {exc}"[:300]
    out.send(outcome)
