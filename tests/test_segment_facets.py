"""Each segment's facet values are worked out once and kept beside it (indexer.segment_facets):
the document table reads the same facets from those files as from the postings, trusts no
damaged file, serves an index it may only read, and the files go with their segments."""
import pytest
from whoosh.writing import NO_MERGE

from indexer.doctable import DocTable
from indexer.fields import FACETS
from indexer.layout import StoredLetters, open_or_create, open_writer
from indexer.model import Letter, Source
from indexer.segment_facets import SUFFIX

from .segmented_index import index_in_segments

MINISTRIES = ["Ministerie van Justitie en Veiligheid", "Ministerie van Financiën", None]


def made_letter(n: int) -> Letter:
    """A letter made for these tests; every third has no ministry, every fourth no directorate."""
    return Letter(id=f"made-{n}", subject=f"Brief {n}", ministry=MINISTRIES[n % 3],
                  directorate=None if n % 4 == 0 else f"Directie {n % 5}", doc_type="brief",
                  source=Source(f"made-{n}.md", "markdown", "0" * 64, None))


@pytest.fixture()
def index_dir(tmp_path):
    """Three segments (letters 0-5, 6-9, 10-13), with letters 2 and 7 deleted after."""
    ix = index_in_segments(tmp_path / "index", [[made_letter(n) for n in numbers]
                                                for numbers in (range(0, 6), range(6, 10), range(10, 14))])
    writer = open_writer(ix)
    for uid in ("made-2", "made-7"):
        writer.delete_by_term("uid", uid)
    writer.commit(mergetype=NO_MERGE)
    return tmp_path / "index"


def facets_of_stored_letters(reader, table: DocTable) -> dict[str, list]:
    """Each facet's value per live letter, read from the stored letters themselves."""
    stored = StoredLetters(reader)
    letters = [stored[int(doc)] for doc in table.letter_docs]
    return {facet.name: [facet.value_of(letter) or None for letter in letters] for facet in FACETS}


def facets_of_table(table: DocTable) -> dict[str, list]:
    found = {}
    for facet in FACETS:
        values, codes = table.facet(facet.name)
        found[facet.name] = [values[code] if code >= 0 else None for code in codes.tolist()]
    return found


def segment_files(index_dir):
    return sorted(p.name for p in index_dir.iterdir() if p.name.endswith(f".{SUFFIX}"))


def test_the_facets_read_from_the_segments_files_are_the_letters_own(index_dir):
    ix = open_or_create(index_dir)
    assert segment_files(index_dir) == []
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 3
        worked_out = DocTable(reader)  # from the postings; writes a file per segment
        assert len(segment_files(index_dir)) == 3
        read_back = DocTable(reader)  # from the files
        expected = facets_of_stored_letters(reader, worked_out)
        assert worked_out.count == 12
        assert facets_of_table(worked_out) == expected
        assert facets_of_table(read_back) == expected
        for facet in FACETS:  # offered: the values of live letters ("Directie 2" only deleted ones have)
            offered = read_back.facet(facet.name)[0]
            assert offered == worked_out.facet(facet.name)[0] == sorted({v for v in expected[facet.name] if v})
        assert "Directie 2" not in read_back.facet("directorate")[0]


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: data[:-4],  # a document's code short
    lambda data: b"",
    lambda data: b"KZFACETS9\n" + data[10:],  # another layout
    lambda data: data[:14] + b"{not json" + data[23:],
])
def test_a_damaged_file_is_not_trusted_and_is_written_again(index_dir, damage):
    ix = open_or_create(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        expected = facets_of_table(DocTable(reader))
        for name in segment_files(index_dir):
            path = index_dir / name
            path.write_bytes(damage(path.read_bytes()))
        assert facets_of_table(DocTable(reader)) == expected
        good = {name: (index_dir / name).read_bytes() for name in segment_files(index_dir)}
        assert all(data.startswith(b"KZFACETS1\n") for data in good.values())
        assert facets_of_table(DocTable(reader)) == expected


def test_an_index_the_process_may_only_read_is_served_without_its_files(index_dir, monkeypatch):
    from indexer import whoosh_internals

    def refused(*args):
        raise PermissionError("read-only")

    monkeypatch.setattr(whoosh_internals.os, "replace", refused)
    with open_or_create(index_dir).searcher() as searcher:
        reader = searcher.reader()
        for _ in range(2):
            table = DocTable(reader)
            assert facets_of_table(table) == facets_of_stored_letters(reader, table)
    assert segment_files(index_dir) == []
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]


def test_a_merge_takes_the_files_of_the_segments_it_retires_with_them(index_dir):
    ix = open_or_create(index_dir)
    with ix.searcher() as searcher:
        DocTable(searcher.reader())
    assert len(segment_files(index_dir)) == 3
    open_writer(ix).commit(optimize=True)
    ix = open_or_create(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        (segment, _), = reader.leaf_readers()
        assert segment_files(index_dir) == []  # the three went with their segments
        table = DocTable(reader)
        assert segment_files(index_dir) == [f"{segment.segment().segment_id()}.{SUFFIX}"]
        assert facets_of_table(table) == facets_of_stored_letters(reader, table)
