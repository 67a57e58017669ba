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
