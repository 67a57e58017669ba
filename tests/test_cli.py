"""The kamerzoek command, as a user runs it: exit codes, summaries, JSON output."""
from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from indexer.cli import main

from .conftest import CORPUS, EXAMPLE_ID


@pytest.fixture()
def small_corpus(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(next(CORPUS.glob("2021-11-17-jenv-*.md")), folder)
    return folder


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_reports_what_it_did_and_exits_0_when_all_files_went_in(capsys, small_corpus, tmp_path):
    index = str(tmp_path / "ix")
    code, out, _ = run(capsys, "index", str(small_corpus), "--index", index)
    assert code == 0
    assert "1 toegevoegd, 0 bijgewerkt, 0 ongewijzigd, 0 verwijderd, 0 dubbel, 0 overgeslagen, 0 mislukt" in out
    code, out, _ = run(capsys, "index", str(small_corpus), "--index", index)
    assert "0 toegevoegd, 0 bijgewerkt, 1 ongewijzigd" in out


def test_index_names_each_failed_file_with_its_reason_and_exits_1(capsys, small_corpus, tmp_path):
    (small_corpus / "leeg.md").write_text("")
    (small_corpus / "junk.md").write_bytes(bytes(range(256)) * 20)
    code, out, _ = run(capsys, "index", str(small_corpus), "--index", str(tmp_path / "ix"))
    assert code == 1
    assert "1 toegevoegd" in out and "2 mislukt" in out
    assert "leeg.md: leeg bestand" in out
    assert "junk.md: binaire gegevens, geen tekst" in out


def test_a_removed_file_leaves_the_index_and_a_changed_file_is_updated(capsys, small_corpus, tmp_path):
    index = str(tmp_path / "ix")
    letter = next(small_corpus.glob("*.md"))
    run(capsys, "index", str(small_corpus), "--index", index)
    letter.write_text(letter.read_text(encoding="utf-8") + "\n\nEen toegevoegde slotalinea over zeehonden.\n", encoding="utf-8")
    _, out, _ = run(capsys, "index", str(small_corpus), "--index", index)
    assert "1 bijgewerkt" in out
    _, out, _ = run(capsys, "search", "zeehonden", "--index", index)
    assert out.startswith("1 brief (")
    letter.unlink()
    _, out, _ = run(capsys, "index", str(small_corpus), "--index", index)
    assert "1 verwijderd" in out


def test_search_json_has_the_designed_shape(capsys, corpus_index):
    code, out, _ = run(capsys, "search", "lokprofiel", "--json", "--index", str(corpus_index))
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"query", "total", "page", "per_page", "took_ms", "hits", "facets"}
    hit = next(h for h in data["hits"] if h["id"] == EXAMPLE_ID)
    assert hit["date"] == "2021-11-17"
    assert hit["passages"][0]["url"].startswith(f"/letters/{EXAMPLE_ID}")


def test_a_malformed_query_is_a_usage_error_with_a_message(capsys, corpus_index):
    code, _, err = run(capsys, "search", '"lokprofiel', "--index", str(corpus_index))
    assert code == 2
    assert "aanhalingsteken" in err


def test_show_prints_a_letter_and_check_shows_what_a_file_yields(capsys, corpus_index):
    code, out, _ = run(capsys, "show", EXAMPLE_ID, "--json", "--index", str(corpus_index))
    assert code == 0 and json.loads(out)["kenmerk"] == "3627733"
    code, _, err = run(capsys, "show", "no-such-letter", "--index", str(corpus_index))
    assert code == 1 and "geen brief met id 'no-such-letter'" in err
    code, out, _ = run(capsys, "check", str(next(CORPUS.glob("2021-11-17-jenv-*.md"))))
    assert code == 0
    assert "kenmerk        3627733" in out and "Voetnoten (17)" in out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["search"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--limit", "0"])
    assert exit_info.value.code == 2


def test_parsing_in_worker_processes_indexes_the_same_letters(tmp_path):
    from indexer.indexing import index_paths
    from indexer.layout import LETTER_FIELD, open_or_create

    from .conftest import TEST_CORPUS
    from .robust_corpus import make_variants

    make_variants(tmp_path / "variants", 6)
    corpus = [*TEST_CORPUS, tmp_path / "variants"]  # every format, and several files per worker
    alone = index_paths(corpus, tmp_path / "one", workers=1)
    pooled = index_paths(corpus, tmp_path / "two", workers=3)
    assert sorted(pooled.added) == sorted(alone.added) and len(pooled.added) >= 6
    assert pooled.skipped == alone.skipped and pooled.failed == alone.failed

    def stored(index_dir):
        with open_or_create(index_dir).searcher() as s:
            letters = s.reader().column_reader(LETTER_FIELD)
            return sorted((f["uid"], f["source_sha"], letters[doc]) for doc, f in s.reader().iter_docs())

    assert stored(tmp_path / "one") == stored(tmp_path / "two")
    again = index_paths(corpus, tmp_path / "two", workers=2)
    assert len(again.unchanged) == len(alone.added) and not again.added


def test_an_index_from_an_earlier_version_is_named_as_such_and_rebuilt_by_index(capsys, small_corpus, tmp_path):
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    old = tmp_path / "old-index"
    old.mkdir()
    index.create_in(str(old), Schema(uid=ID(stored=True), ptext=TEXT))  # an earlier layout
    code, out, err = run(capsys, "search", "lokprofiel", "--index", str(old))
    assert code == 2 and "eerdere versie van Kamerzoek" in err and "--rebuild" in err
    code, out, _ = run(capsys, "index", str(small_corpus), "--index", str(old))
    assert code == 0 and "toegevoegd" in out
    code, out, _ = run(capsys, "search", "lokprofiel", "--index", str(old))
    assert code == 0


class FakeStream(io.StringIO):
    def __init__(self, terminal: bool):
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_index_progress_is_a_line_every_ten_seconds_in_a_log_and_a_bar_with_rate_and_time_left_on_a_terminal():
    from indexer.cli import Progress

    now = [0.0]
    log = FakeStream(terminal=False)
    progress = Progress(log, clock=lambda: now[0])
    for done in range(1, 101):  # a file a second for 100 seconds
        now[0] = float(done)
        progress(done, 100, f"brief-{done}.md")
    lines = log.getvalue().splitlines()
    assert 9 <= len(lines) <= 11, lines
    assert lines[0].startswith("voortgang: 10/100 bestanden (10 %), 1.0 per s, nog ongeveer 1 min 30 s")
    assert lines[-1].startswith("voortgang: 100/100")
    terminal = FakeStream(terminal=True)
    now[0] = 0.0
    progress = Progress(terminal, clock=lambda: now[0])
    now[0] = 20.0
    progress(40, 100, "brief-40.md")
    assert "40/100" in terminal.getvalue() and "2.0/s" in terminal.getvalue() and "nog   30 s" in terminal.getvalue()


# --- one language: Dutch ---------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["index"], ["search"], ["show"], ["check"], ["serve"], ["harvest"]])
def test_help_is_dutch(capsys, command):
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik: kamerzoek") and "opties:" in out and "toon deze hulp" in out
    assert not re.search(r"\b(usage|options|positional arguments|show this help)\b", out)
    assert not re.search(r"\b(HOST|PORT|THREADS|FILE)\b", out), "placeholders are Dutch too"


def test_every_argument_is_explained():
    import argparse

    from indexer.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in commands.choices.items():
        for action in parser._actions:
            assert action.help, f"kamerzoek {name}: {action.dest} has no help text"


def test_commands_other_than_harvest_start_without_the_harvest_client():
    import subprocess
    import sys

    check = ("import sys; from indexer.cli import main; code = main(['check', sys.argv[1]]); "
             "print('harvest loaded' if 'indexer.harvest' in sys.modules else 'harvest not loaded')")
    done = subprocess.run([sys.executable, "-c", check, str(next(CORPUS.glob("*.md")))],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("harvest not loaded")


def test_usage_errors_are_dutch_and_leave_argparse_as_it_was(capsys):
    import argparse

    with pytest.raises(SystemExit):
        main(["search"])
    assert "kamerzoek search: fout: deze argumenten ontbreken: ZOEKVRAAG" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["search", "x", "--sort", "willekeurig"])
    assert "ongeldige keuze: 'willekeurig'" in capsys.readouterr().err
    assert argparse._("usage: ") == "usage: "  # other users of argparse in the process keep English


def test_counts_of_letters_read_as_dutch():
    from indexer.cli import letters

    assert [letters(n) for n in (0, 1, 3)] == ["0 brieven", "1 brief", "3 brieven"]
