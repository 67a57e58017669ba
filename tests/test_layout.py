"""The index layout is where the two wings meet: search reads it, the indexing run writes it,
and the search side never imports the parsers."""
from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_the_search_wing_imports_no_parser_and_not_the_indexing_run():
    code = (
        "import sys, indexer.search, web;"
        "print(sorted(m for m in sys.modules if m.startswith('indexer.parsers') or m == 'indexer.indexing'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_first_search_loads_no_numpy_module_that_searching_does_not_need(corpus_index):
    """np.unique and kin import numpy.ma on their first call: ~25 ms of a server's first page.
    A search of every kind (prefix, compound, phrase with slop, typo, date range) does without."""
    code = (
        "import sys; from indexer.search import SearchService, SearchRequest;"
        f"service = SearchService({str(corpus_index)!r});"
        "[service.search(SearchRequest(q=q, date_from='2020', date_to='2022')) for q in"
        " ('politie*', 'mensenhandel', 'hoge snelheidslijn', '\"ernstige feiten\"~2', 'lokprofeil~', 'xylofoon')];"
        "print(sorted(m for m in sys.modules if m.split('.')[:2] == ['numpy', 'ma']))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_whoosh_is_imported_without_the_modules_it_loads_and_never_uses(corpus_index):
    """urllib.request (with http.client, email, ssl), asyncio and whoosh's English word forms:
    40-60 ms of every start. whoosh's one cached property (a segment's deleted documents)
    still works, a later import of any of them gets the real module, and whoosh's English
    variations still answer."""
    code = (
        "import sys; from indexer.search import SearchService, SearchRequest;"
        f"service = SearchService({str(corpus_index)!r});"
        "reader = service.searcher().reader(); [r.deleted_docs_set for r, _ in reader.leaf_readers()];"
        "service.search(SearchRequest(q='lokprofiel'));"
        "print(sorted(m for m in sys.modules if m in ('asyncio', 'urllib.request', 'http.client', 'cached_property',"
        " 'whoosh.lang.morph_en')));"
        "import urllib.request, cached_property, whoosh.lang.morph_en; from whoosh.query.terms import variations;"
        "print(hasattr(urllib.request, 'urlopen'), hasattr(cached_property, 'threaded_cached_property'),"
        " hasattr(whoosh.lang.morph_en, 'rules'), 'walk' in variations('walking'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True True True True"]


def _a_letter():
    import datetime as dt

    from indexer.model import Footnote, Letter, Passage, Signer, Source

    return Letter(id="made-1", kenmerk="3627733", date=dt.date(2021, 11, 17), subject="Aanpak van mensenhandel",
                  signer=Signer("D. Yeşilgöz", "minister"), source=Source("a.md", "markdown", "0" * 64, None),
                  passages=[Passage("p-1", "Inleiding", "De Kamer is geïnformeerd over lokprofielen.")],
                  footnotes=[Footnote("1", "Kamerstuk 28 638, nr. 184")])


def test_a_stored_letter_reads_back_as_it_was_written():
    from indexer.layout import pack_letter, unpack_letter

    letter = _a_letter()
    assert unpack_letter(pack_letter(letter)) == letter


def test_a_letter_stored_by_the_earlier_zlib_format_still_reads():
    """Indexes written before stored letters were compressed with zstd need no rebuild."""
    import json
    import zlib

    from indexer.layout import _zdict, unpack_letter

    letter = _a_letter()
    packer = zlib.compressobj(6, zdict=_zdict())
    data = json.dumps(letter.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert unpack_letter(b"E" + packer.compress(data) + packer.flush()) == letter


def test_a_stored_letter_in_an_unknown_format_asks_for_a_rebuild():
    import pytest

    from indexer.layout import unpack_letter

    with pytest.raises(ValueError, match="rebuild"):
        unpack_letter(b"Q not a stored letter")
