"""An empty index is a normal state, and `kamerzoek serve` starts anywhere: without a corpus,
after a failed first indexing, and outside the checkout (where the bundled letters are found)."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer import cli, demo
from indexer.layout import index_exists, open_or_create
from indexer.search import SearchRequest, SearchService
from web import create_app

from .conftest import CORPUS, EXAMPLE_LETTER


@pytest.fixture()
def empty_index(tmp_path) -> Path:
    open_or_create(tmp_path / "ix")
    return tmp_path / "ix"


@pytest.mark.parametrize("q", ["", "mensenhandel", "lokprof*", "lokprofiel~", '"seksueel geweld"', "date:2021",
                               "subject:x OR kenmerk:1"])
def test_searching_an_empty_index_finds_nothing_and_counts_nothing(empty_index, q):
    service = SearchService(str(empty_index))
    for sort in ("relevance", "date_desc"):
        result = service.search(SearchRequest(q=q, sort=sort))
        assert (result.total, result.hits) == (0, [])
        assert all(values == [] for values in result.facets.values())
    assert service.letter_count() == 0 and service.get_letter("x") is None


def test_every_route_answers_on_an_empty_index(empty_index):
    client = create_app({"INDEX_DIR": str(empty_index), "CORPUS_DIRS": [], "TESTING": True}).test_client()
    for url in ("/", "/?q=mensenhandel", "/api/search?q=mensenhandel", "/feed?q=mensenhandel", "/healthz"):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/search?q=mensenhandel").get_json()["total"] == 0
    assert client.get("/healthz").get_json() == {"status": "ok", "letters": 0}
    assert client.get("/letters/jenv-2021-11-17-3627733").status_code == 404


def test_the_search_page_is_told_how_many_letters_the_index_holds(empty_index, client, app, monkeypatch):
    seen = []
    monkeypatch.setattr("web.search.render_template", lambda name, **context: seen.append(context) or "")
    client.get("/")
    assert seen[0]["letters_indexed"] == SearchService(app.config["INDEX_DIR"]).letter_count() > 1
    empty = create_app({"INDEX_DIR": str(empty_index), "CORPUS_DIRS": [], "TESTING": True}).test_client()
    empty.get("/")
    assert seen[1]["letters_indexed"] == 0


def test_the_cli_searches_an_empty_index_without_complaint(empty_index, capsys):
    assert cli.main(["search", "mensenhandel", "--index", str(empty_index)]) == 0
    assert capsys.readouterr().out.startswith("0 brieven")


def test_serve_indexes_when_the_index_is_missing_or_holds_no_letters(tmp_path, empty_index):
    assert cli._needs_indexing(str(tmp_path / "nog-niet"))
    assert cli._needs_indexing(str(empty_index))
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / EXAMPLE_LETTER.name).write_bytes(EXAMPLE_LETTER.read_bytes())
    cli._first_indexing(str(letters), str(empty_index))
    assert not cli._needs_indexing(str(empty_index))


def test_serve_without_a_corpus_says_how_to_add_letters_and_leaves_no_index(tmp_path, capsys):
    cli._first_indexing(str(tmp_path / "geen-brieven"), str(tmp_path / "ix"))
    out = capsys.readouterr().out
    assert "geen brievenmap" in out and "kamerzoek index" in out and "kamerzoek harvest" in out
    assert not (tmp_path / "ix").exists()


def test_a_failed_first_indexing_leaves_no_index_behind(tmp_path, monkeypatch):
    def broken(paths, index_dir, **options):
        open_or_create(index_dir)  # the run had begun when it failed
        raise OSError("schijf vol")

    monkeypatch.setattr(cli, "index_paths", broken)
    with pytest.raises(OSError):
        cli._first_indexing(str(CORPUS), str(tmp_path / "ix"))
    assert not (tmp_path / "ix").exists()
    assert cli._needs_indexing(str(tmp_path / "ix"))  # so the next start tries again


def test_an_existing_index_survives_a_failed_indexing(tmp_path, monkeypatch, empty_index):
    monkeypatch.setattr(cli, "index_paths", lambda *a, **k: (_ for _ in ()).throw(OSError("schijf vol")))
    with pytest.raises(OSError):
        cli._first_indexing(str(CORPUS), str(empty_index))
    assert index_exists(empty_index)


def test_the_bundled_letters_are_found_wherever_the_command_starts(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMERZOEK_CORPUS", raising=False)
    monkeypatch.chdir(tmp_path)  # outside the checkout, no corpus/ here
    assert Path(demo.default_corpus()).resolve() == CORPUS.resolve()
    (tmp_path / "corpus").mkdir()
    assert demo.default_corpus() == "corpus"  # a corpus/ in the working directory comes first
    monkeypatch.setenv("KAMERZOEK_CORPUS", "/elders")
    assert demo.default_corpus() == "/elders"


def test_an_installed_package_looks_in_its_prefix(tmp_path, monkeypatch):
    installed = tmp_path / "share" / "kamerzoek" / "corpus"
    installed.mkdir(parents=True)
    monkeypatch.setattr(demo.sys, "prefix", str(tmp_path))
    assert installed in demo.corpus_candidates()
