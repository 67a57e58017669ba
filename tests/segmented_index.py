"""An index in several segments, for the tests of what reads segment by segment."""
from __future__ import annotations

from pathlib import Path

from whoosh.writing import NO_MERGE

from indexer.layout import add_letter, open_or_create, open_writer
from indexer.model import Letter


def index_in_segments(folder: Path, segments: list[list[Letter]]):
    """A new index in ``folder`` with a segment for each list of letters (one commit each,
    none merged); returns the index."""
    ix = open_or_create(folder)
    for letters in segments:
        writer = open_writer(ix)
        for letter in letters:
            add_letter(writer, letter, letter.source.path)
        writer.commit(mergetype=NO_MERGE)
    return ix
