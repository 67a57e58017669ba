"""Where the bundled letters (the repository's corpus/) are found when no corpus is named.

In order: ``$KAMERZOEK_CORPUS``; a ``corpus/`` folder in the working directory; the
repository's ``corpus/`` beside this package (a checkout or an editable install); the copy
that ``pip install`` puts in ``<prefix>/share/kamerzoek/corpus`` (setup.cfg's data_files, for
a virtual environment ``<venv>/share/kamerzoek/corpus``). So ``kamerzoek serve`` finds them
wherever it is started.
"""
from __future__ import annotations

import os
import site
import sys
from pathlib import Path

CORPUS_NAME = "corpus"
INSTALLED = Path("share", "kamerzoek", CORPUS_NAME)


def corpus_candidates() -> list[Path]:
    checkout = Path(__file__).resolve().parent.parent / CORPUS_NAME
    prefixes = [sys.prefix, site.getuserbase()]  # pip install, and pip install --user
    return [Path(CORPUS_NAME), checkout, *(Path(prefix) / INSTALLED for prefix in prefixes)]


def harvest_corpus() -> str:
    """Where harvested letters go when no folder is named: ``$KAMERZOEK_CORPUS`` or ``corpus/``
    in the working directory (never an installed package's folder), where `kamerzoek serve`
    started there looks first."""
    return os.environ.get("KAMERZOEK_CORPUS") or CORPUS_NAME


def default_corpus() -> str:
    """The folder of letters to use when none is named; ``corpus`` when none exists (a
    command then says that it found no letters there)."""
    named = os.environ.get("KAMERZOEK_CORPUS")
    if named:
        return named
    found = next((path for path in corpus_candidates() if path.is_dir()), Path(CORPUS_NAME))
    return str(found)
