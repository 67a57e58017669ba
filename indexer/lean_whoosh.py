"""whoosh imported without three modules it loads and never uses: 40-60 ms of every start.

whoosh.compat imports ``urlretrieve`` from urllib.request (which loads http.client, email and
ssl) for a download helper nothing in whoosh calls, and whoosh.reading takes
``cached_property`` from the cached-property package, which imports asyncio for coroutine
support that whoosh's one cached property does not need; whoosh.query.terms imports
whoosh.lang.morph_en (~5 ms compiling English suffix rules) for its ``Variations`` query,
which Kamerzoek never builds. Together they are a sixth of a first query after start-up.

While whoosh is imported, each is stood in for by a module that holds only the name whoosh
takes from it; the stand-ins leave ``sys.modules`` as soon as whoosh is in, so every later
import gets the real module. What whoosh kept: a ``urlretrieve`` and a ``variations`` that load
the real ones when called, and the standard library's ``functools.cached_property``, which
stores the value in the instance as cached-property's does.
"""
from __future__ import annotations

import functools
import importlib
import sys
import types
from contextlib import contextmanager


def urlretrieve(*args, **kwargs):
    return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)


def variations(*args, **kwargs):
    return importlib.import_module("whoosh.lang.morph_en").variations(*args, **kwargs)


STAND_INS = {
    "urllib.request": {"urlretrieve": urlretrieve},
    "cached_property": {"cached_property": functools.cached_property},
    "whoosh.lang.morph_en": {"variations": variations},
}


def import_whoosh() -> None:
    """Import the whoosh modules that load the three, with the stand-ins in place."""
    if "whoosh.reading" in sys.modules:
        return
    with _standing_in(STAND_INS):
        # of urllib.request; of cached_property; of morph_en
        for importer in ("whoosh.compat", "whoosh.reading", "whoosh.query.terms"):
            importlib.import_module(importer)


@contextmanager
def _standing_in(stand_ins: dict[str, dict]):
    placed = {}
    for name, names in stand_ins.items():
        if name not in sys.modules:  # already imported by someone: nothing to save
            module = types.ModuleType(name, "stands in while whoosh is imported (indexer.lean_whoosh)")
            module.__dict__.update(names)
            placed[name] = sys.modules[name] = module
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
