"""Hand-made corpora for the robustness tests and scripts/robustness.py.

``make_variants`` copies the bundled example letter under other kenmerken and dates, so each
copy is a letter of its own (its id is ministry-date-kenmerk) with real Dutch text.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = next((ROOT / "corpus").glob("2021-11-17-jenv-*.md"))
EXAMPLE_KENMERK = "3627733"
EXAMPLE_DATE = "17 november 2021"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def variant_id(n: int) -> str:
    day = _dt.date(2015, 1, 1) + _dt.timedelta(days=n)
    return f"jenv-{day.isoformat()}-{5000000 + n}"


def variant_text(n: int, template: str | None = None) -> str:
    template = template if template is not None else EXAMPLE.read_text(encoding="utf-8")
    day = _dt.date(2015, 1, 1) + _dt.timedelta(days=n)
    text = template.replace(EXAMPLE_KENMERK, str(5000000 + n))
    return text.replace(EXAMPLE_DATE, f"{day.day} {MONTHS[day.month - 1]} {day.year}", 1)


def make_variants(folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` distinct letters in ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    template = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for n in range(start, start + count):
        path = folder / f"brief-{n:04d}.md"
        path.write_text(variant_text(n, template), encoding="utf-8")
        paths.append(path)
    return paths


# --- crash runs (tests/test_robust_crash.py and scripts/robustness.py) ----------------------

def indexed_letters(index_dir: Path) -> dict[str, int]:
    """letter id -> number of letter documents with that id; opening fails loudly if broken."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    counts: dict[str, int] = {}
    with ix.searcher() as searcher:
        for fields in searcher.documents(kind="letter"):
            counts[fields["uid"]] = counts.get(fields["uid"], 0) + 1
    return counts


def found_by_search(index_dir: Path, letter_ids) -> set[str]:
    """Which of the ids a search by kenmerk finds (the index answers queries, not just opens)."""
    from indexer.search import SearchRequest, SearchService

    service = SearchService(str(index_dir))
    found = set()
    for letter_id in letter_ids:
        kenmerk = letter_id.rsplit("-", 1)[1]
        result = service.search(SearchRequest(q=f"kenmerk:{kenmerk}", per_page=5))
        found |= {hit.letter.id for hit in result.hits} & {letter_id}
    service.close()
    return found


def kill_indexer_after(corpus: Path, index_dir: Path, delay: float, timeout: float = 600.0):
    """Start `python -m indexer.cli index`, SIGKILL it after ``delay`` seconds (if still running).
    Returns (killed, returncode)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "index", str(corpus), "--index", str(index_dir)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    return killed, proc.wait(timeout=timeout)


# --- children of a killed indexer ------------------------------------------------------------

HANG_AFTER_TOUCHING = """
import os, signal, sys
from pathlib import Path
from indexer import indexing, merging, segmentwriters
pids = Path(sys.argv[1])
def touch_and_hang(*args):
    (pids / str(os.getpid())).touch()
    signal.pause()
"""


def children_end_with_a_killed_indexer(tmp_path: Path, setup: str, children: int = 2) -> Path:
    """Start an indexing run of four letters whose ``setup`` (Python, after HANG_AFTER_TOUCHING)
    makes ``children`` of its child processes call ``touch_and_hang``; kill the run with SIGKILL
    once they have, and check that they end. Returns the corpus (its index: tmp_path / "ix")."""
    import os
    import select
    import subprocess
    import sys

    corpus, pids = tmp_path / "corpus", tmp_path / "pids"
    make_variants(corpus, 4)
    pids.mkdir()
    script = HANG_AFTER_TOUCHING + setup + "\nindexing.index_paths([sys.argv[2]], sys.argv[3], workers=2)\n"
    parent = subprocess.Popen([sys.executable, "-c", script, str(pids), str(corpus), str(tmp_path / "ix")], cwd=ROOT)
    try:
        watch = os.pidfd_open(parent.pid)
        while len(list(pids.iterdir())) < children:
            select.select([watch], [], [], 0.05)
            assert parent.poll() is None
        handles = [os.pidfd_open(int(p.name)) for p in pids.iterdir()]
    finally:
        parent.kill()
        parent.wait()
    for handle in handles:  # a pidfd turns readable when its process has ended
        readable, _, _ = select.select([handle], [], [], 60)
        assert readable, "a child outlived the killed indexer"
        os.close(handle)
    os.close(watch)
    return corpus
