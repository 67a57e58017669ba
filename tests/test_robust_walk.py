"""The walk of a corpus folder: only regular files inside the corpus folders are read, each odd
entry is reported with a one-line reason, and one file is one letter however it is reached.
All files are made in tmp_path."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from indexer.cli import main
from indexer.indexing import index_paths
from indexer.search import SearchRequest, SearchService
from web import create_app

from .robust_corpus import make_variants, variant_id, variant_text


def letters_in(index_dir: Path) -> dict[str, int]:
    service = SearchService(str(index_dir))
    result = service.search(SearchRequest(q="", per_page=100))
    counts: dict[str, int] = {}
    for hit in result.hits:
        counts[hit.letter.id] = counts.get(hit.letter.id, 0) + 1
    assert result.total == sum(counts.values())
    return counts


def one_line_reasons(entries) -> dict[str, str]:
    for path, reason in entries:
        assert reason and "\n" not in reason and "Traceback" not in reason, (path, reason)
    return {Path(p).name: r for p, r in entries}


@pytest.mark.parametrize("follow_links", [False, True])
def test_a_letter_reached_by_a_link_or_a_hard_link_is_one_letter(tmp_path, follow_links):
    corpus = tmp_path / "corpus"
    (letter,) = make_variants(corpus, 1)
    (corpus / "ook.md").symlink_to(letter)
    os.link(letter, corpus / "hard.md")
    report = index_paths([corpus], tmp_path / "ix", follow_links=follow_links)
    assert letters_in(tmp_path / "ix") == {variant_id(0): 1}
    assert [Path(p).name for p in report.added] == [letter.name]
    assert not report.failed
    duplicates = one_line_reasons(report.duplicates)
    assert "hard.md" in duplicates and letter.name in duplicates["hard.md"]
    if follow_links:
        assert "ook.md" in duplicates
    else:
        assert "niet gevolgd" in one_line_reasons(report.skipped)["ook.md"]


@pytest.mark.parametrize("follow_links", [False, True])
def test_special_files_and_broken_links_are_reported_and_the_rest_is_indexed(tmp_path, follow_links):
    corpus = tmp_path / "corpus"
    make_variants(corpus, 2)
    os.mkfifo(corpus / "wachtrij.md")  # opening it to read would block for ever
    (corpus / "nul.txt").symlink_to("/dev/zero")  # size 0, endless
    (corpus / "ruis.txt").symlink_to("/dev/urandom")
    (corpus / "a.md").symlink_to(corpus / "b.md")
    (corpus / "b.md").symlink_to(corpus / "a.md")
    (corpus / "weg.md").symlink_to(tmp_path / "bestaat-niet.md")
    latin1 = os.fsencode(str(corpus)) + b"/caf\xe9.md"  # as an unzip of a Latin-1 archive leaves it
    with open(latin1, "wb") as f:
        f.write(variant_text(5).encode("utf-8"))
    report = index_paths([corpus], tmp_path / "ix", follow_links=follow_links)
    assert set(letters_in(tmp_path / "ix")) == {variant_id(0), variant_id(1)}
    failed = one_line_reasons(report.failed)
    skipped = one_line_reasons(report.skipped)
    assert "FIFO" in skipped["wachtrij.md"]
    assert {"nul.txt", "ruis.txt"} <= set(skipped)
    assert "kring" in failed["a.md"] and "kring" in failed["b.md"]
    assert "niet bestaat" in failed["weg.md"]
    assert "UTF-8" in failed["caf\\xe9.md"]
    assert len(report.added) == 2


def test_nothing_outside_the_corpus_folders_is_read(tmp_path):
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.md").write_text(variant_text(9).replace("Ik wil deze brief", "GEHEIM Ik wil deze brief", 1))
    corpus = tmp_path / "corpus"
    make_variants(corpus / "2015", 2)
    (corpus / "alles").symlink_to("/", target_is_directory=True)
    (corpus / "buiten").symlink_to(outside, target_is_directory=True)
    (corpus / "wachtwoorden.txt").symlink_to("/etc/passwd")
    (corpus / "geheim.md").symlink_to(outside / "geheim.md")
    (corpus / "ook-2015").symlink_to(corpus / "2015", target_is_directory=True)
    for follow_links in (False, True):
        index_dir = tmp_path / f"ix-{follow_links}"
        report = index_paths([corpus], index_dir, follow_links=follow_links)
        assert set(letters_in(index_dir)) == {variant_id(0), variant_id(1)}
        skipped = one_line_reasons(report.skipped)
        assert {"alles", "buiten", "wachtwoorden.txt", "geheim.md"} <= set(skipped)
        assert len(report.added) == 2  # 2015 once, though a followed link leads there too
        if follow_links:
            assert "buiten de corpusmappen" in skipped["alles"]
        else:
            assert "ook-2015" in skipped


def test_source_paths_are_relative_to_their_corpus_folder_and_two_folders_stay_apart(tmp_path):
    first, second = tmp_path / "eerste", tmp_path / "tweede"
    for folder, n in ((first, 0), (second, 1)):
        (folder / "2015").mkdir(parents=True)
        (folder / "2015" / "brief.md").write_text(variant_text(n), encoding="utf-8")
    index_dir = tmp_path / "ix"
    report = index_paths([first, second], index_dir)
    assert len(report.added) == 2
    client = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(first), str(second)]}).test_client()
    for n, folder in ((0, first), (1, second)):
        letter = client.get(f"/api/letters/{variant_id(n)}").get_json()
        assert letter["source"]["path"] == "2015/brief.md"
        assert str(tmp_path) not in json.dumps(letter)
        source = client.get(f"/letters/{variant_id(n)}/source")
        assert source.status_code == 200 and source.data == (folder / "2015" / "brief.md").read_bytes()
    again = index_paths([first, second], index_dir)
    assert len(again.unchanged) == 2 and not again.added and not again.removed
    (second / "2015" / "brief.md").unlink()
    gone = index_paths([second], index_dir)
    assert len(gone.removed) == 1 and set(letters_in(index_dir)) == {variant_id(0)}


def test_duplicates_and_skipped_files_are_counted_and_are_no_failure(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (letter,) = make_variants(corpus, 1)
    (corpus / "kopie.md").write_bytes(letter.read_bytes())  # the same letter in another file
    (corpus / "brief-0000.metadata.xml").write_text("<metadata_gegevens/>", encoding="utf-8")  # read with its letter
    (corpus / "link.md").symlink_to(letter)
    code = main(["index", str(corpus), "--index", str(tmp_path / "ix")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "1 toegevoegd, 0 bijgewerkt, 0 ongewijzigd, 0 verwijderd, 1 dubbel, 1 overgeslagen, 0 mislukt" in out
    assert "kopie.md" in out and "link.md" in out


def test_files_are_shown_relative_to_the_working_folder_when_inside_it(tmp_path, monkeypatch):
    from indexer.walk import display_path, is_letter_name

    (tmp_path / "work" / "brieven").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    inside = (tmp_path / "work").resolve()
    assert display_path(inside / "brieven" / "a.md") == "brieven/a.md"
    assert display_path(str(inside)) == "."
    assert display_path(inside.parent / "elders" / "b.md") == str(inside.parent / "elders" / "b.md")
    assert display_path(str(inside) + "-ernaast/c.md") == str(inside) + "-ernaast/c.md"  # a sibling, not inside

    suffixes = {".md", ".xml"}
    assert [n for n in ("a.md", "B.XML", "readme.md", "x.metadata.xml", "x.", "md", ".md", "c.pdf")
            if is_letter_name(n, suffixes)] == ["a.md", "B.XML"]


def test_a_run_removes_only_letters_from_inside_the_folders_it_walked(tmp_path):
    from indexer.indexing import _inside

    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "brief.md").write_text("x")
    inside = _inside([tmp_path / "corpus", tmp_path / "." / "brief.md"])
    root = str(tmp_path.resolve())
    assert inside(f"{root}/corpus/a.md") and inside(f"{root}/corpus/sub/b.md")
    assert inside(f"{root}/brief.md")  # a file named on the command line
    assert not inside(f"{root}/corpus2/a.md")  # a sibling folder whose name begins the same
    assert not inside(f"{root}/brief.md.bak") and not inside(f"{root}/other/c.md")
