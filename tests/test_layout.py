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
    """urllib.request (with http.client, email, ssl) and asyncio: 35-55 ms of every start.
    whoosh's one cached property (a segment's deleted documents) still works, and a later
    import of either module gets the real one."""
    code = (
        "import sys; from indexer.search import SearchService, SearchRequest;"
        f"service = SearchService({str(corpus_index)!r});"
        "reader = service.searcher().reader(); [r.deleted_docs_set for r, _ in reader.leaf_readers()];"
        "service.search(SearchRequest(q='lokprofiel'));"
        "print(sorted(m for m in sys.modules if m in ('asyncio', 'urllib.request', 'http.client', 'cached_property')));"
        "import urllib.request, cached_property;"
        "print(hasattr(urllib.request, 'urlopen'), hasattr(cached_property, 'threaded_cached_property'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True True"]
