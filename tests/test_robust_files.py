"""Hostile files in a corpus folder: each is reported with a one-line reason, every good letter
beside them is indexed, secrets behind external entities never reach the index, the CLI
exits 1, and memory stays bounded. All files are made in tmp_path.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import json
from pathlib import Path

import pytest

from indexer.indexing import index_paths
from indexer.layout import open_or_create, stored_letter
from indexer.search import SearchRequest, SearchService

from .conftest import ROOT
from .hostile_files import (
    HOSTILE_HTML, _pdf, billion_laughs, encrypted_pdf, external_entity, lying_page_count_pdf, zip_bomb_stream_pdf,
)
from .robust_corpus import make_variants

SECRET = "GEHEIM-7f3a9c-NIET-PUBLICEREN"


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    secret = base / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    corpus = base / "corpus"
    good = make_variants(corpus, 3)
    latin = corpus / "cp1252.md"  # a Windows export: still a good letter
    latin.write_bytes(good[0].read_text(encoding="utf-8").replace("5000000", "5000099").encode("cp1252", "replace"))
    bad = {
        "truncated.pdf": _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])[:60],
        "encrypted.pdf": encrypted_pdf(),
        "pages.pdf": lying_page_count_pdf(),
        "bomb-stream.pdf": zip_bomb_stream_pdf(),
        "not-really.pdf": b"%PDF-1.7\n" + os.urandom(4096),
        "lol.xml": billion_laughs().encode(),
        "xxe.xml": external_entity(secret).encode(),
        "junk.md": os.urandom(64 * 1024),
        "nul.md": b"Datum 1 januari 2020\x00\x00\x00" * 100,
        "utf16-junk.txt": b"\xff\xfe" + os.urandom(3001),
        "empty.md": b"",
        "blank.txt": b" \n\t\n" * 10,
        "json-junk.json": b'{"Content": ' + b"[" * 100_000,
    }
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    (corpus / "script.html").write_text(HOSTILE_HTML, encoding="utf-8")
    huge = corpus / "huge.txt"  # sparse: over the size limit without using the disk
    with open(huge, "wb") as f:
        f.truncate(61 * 1024 * 1024)
    (corpus / "loop").mkdir()
    (corpus / "loop" / "again").symlink_to(corpus, target_is_directory=True)
    (corpus / "dangling.md").symlink_to(base / "gone.md")
    unreadable = corpus / "unreadable.md"
    unreadable.write_text("x")
    unreadable.chmod(0)
    return base, corpus, secret, good, latin


def test_bad_files_are_reported_and_good_letters_indexed_beside_them(hostile_corpus, tmp_path):
    base, corpus, secret, good, latin = hostile_corpus
    report = index_paths([corpus], tmp_path / "ix")
    added_names = {Path(p).name for p in report.added}
    assert {p.name for p in good} <= added_names
    assert latin.name in added_names
    failed = dict(report.failed)
    for path, reason in report.failed:
        assert reason and "\n" not in reason, f"{path}: a one-line reason"
        assert "Traceback" not in reason
    failed_names = {Path(p).name for p in failed}
    # paths are shown resolved, so the dangling link is reported under its target's name
    assert "dangling.md" in failed_names or "gone.md" in failed_names
    for name in ("truncated.pdf", "junk.md", "nul.md", "empty.md", "blank.txt", "huge.txt"):
        assert name in failed_names, f"{name} should be reported as failed: {sorted(failed_names)}"
    reasons = {Path(p).name: r for p, r in report.failed}
    assert "te groot" in reasons["huge.txt"]
    if os.geteuid() != 0:  # root reads mode-0 files
        assert "unreadable.md" in failed_names
    # every hostile file is accounted for: indexed, skipped or failed, never silently lost
    handled = added_names | failed_names | {Path(p).name for p, _ in report.skipped}
    expected = {p.name for p in corpus.iterdir() if p.name not in ("loop", "dangling.md")}
    assert expected - handled <= {"unreadable.md"}


def test_the_loop_is_walked_once(hostile_corpus, tmp_path):
    base, corpus, *_ = hostile_corpus
    report = index_paths([corpus], tmp_path / "ix")
    names = [Path(p).name for p in report.added + [p for p, _ in report.failed]]
    assert len(names) == len(set(names)), "no file is indexed twice through the symlink loop"


def test_no_secret_from_an_external_entity_reaches_the_index(hostile_corpus, tmp_path):
    base, corpus, secret, *_ = hostile_corpus
    index_dir = tmp_path / "ix"
    index_paths([corpus], index_dir)
    ix = open_or_create(index_dir)
    with ix.searcher() as searcher:
        for doc, fields in searcher.reader().iter_docs():
            assert SECRET not in repr(fields)
            letter = stored_letter(searcher.reader(), doc)
            assert SECRET not in json.dumps(letter.to_dict(), ensure_ascii=False)
        for field in ("body", "subject", "heading"):
            assert not any(SECRET.lower()[:7] in t.decode("utf-8", "replace")
                           for t in searcher.reader().lexicon(field))
    result = SearchService(str(index_dir)).search(SearchRequest(q="geheim"))
    assert result.total == 0


def test_the_cli_names_each_bad_file_and_exits_1(hostile_corpus, tmp_path):
    base, corpus, secret, good, _ = hostile_corpus
    proc = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "index", str(corpus), "--index", str(tmp_path / "ix")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,  # a hang guard
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    failed_lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("mislukt")]
    for name in ("junk.md", "truncated.pdf", "huge.txt", "empty.md"):
        assert any(name in line for line in failed_lines), (name, proc.stdout)
    added = int(re.search(r"(\d+) toegevoegd", proc.stdout).group(1))
    assert added >= 4, proc.stdout  # the three variants and the cp1252 letter, at least


def test_hostile_html_never_renders_raw_on_the_letter_or_search_page(hostile_corpus, tmp_path):
    from web import create_app

    base, corpus, *_ = hostile_corpus
    index_dir = tmp_path / "ix"
    report = index_paths([corpus], index_dir)
    client = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]}).test_client()
    html_ids = []
    for fields in SearchService(str(index_dir)).searcher().documents(kind="letter"):
        if fields["source_path"].endswith(".html"):
            html_ids.append(fields["uid"])
    pages = [client.get("/?q=kwaadaardige").get_data(as_text=True), client.get("/?q=alert").get_data(as_text=True)]
    pages += [client.get(f"/letters/{i}?q=alert").get_data(as_text=True) for i in html_ids]
    pages += [client.get(f"/api/letters/{i}").get_data(as_text=True) for i in html_ids]
    for page in pages:
        for raw in ("<script>alert", "onerror=alert(2)>", "<svg onload", "<iframe", 'href="javascript:', "onload=\"alert"):
            assert raw not in page
    assert "script.html" in {Path(p).name for p in report.added} | {Path(p).name for p, _ in report.failed}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_an_over_limit_file_costs_no_memory(tmp_path):
    """The size check happens before reading: a 61 MB file is refused with a small peak RSS."""
    corpus = tmp_path / "c"
    make_variants(corpus, 1)
    with open(corpus / "huge.md", "wb") as f:
        f.truncate(61 * 1024 * 1024)
    code = (
        "import re; from indexer.indexing import index_paths;"
        f"r = index_paths([{str(corpus)!r}], {str(tmp_path / 'ix')!r});"
        # VmHWM, not ru_maxrss: the latter survives exec and would report pytest's own peak
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1);"
        "print(len(r.added), len(r.failed), hwm)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)  # a hang guard
    added, failed, peak_kb = map(int, out.stdout.split())
    assert (added, failed) == (1, 1)
    assert peak_kb < 100 * 1024, f"peak RSS {peak_kb // 1024} MB (a run over one letter peaks near 35 MB)"
