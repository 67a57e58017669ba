"""`kamerzoek harvest` end to end, against local stand-ins of KOOP's SRU and the Tweede Kamer's
OData serving made letters (tests/data/harvest): paging to the end, incremental and resumable
runs, changed records, deletions, failures that are reported and retried, one letter from two
sources stored once, and the command line."""
from __future__ import annotations

import datetime as _dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.harvest import HarvestOptions, Harvester
from indexer.indexing import find_files, index_paths
from indexer.parsers import parse_file
from indexer.search import SearchRequest, SearchService
from tests.conftest import ROOT
from tests.harvest_data import made_letter_files, made_sru_record, made_tk_documents, made_tk_file, tombstone
from tests.harvest_server import Fault, FakeSources, local_client

LETTERS = 7  # made KOOP letters kst-99902-1 .. kst-99902-7
ALL_LETTERS = sorted([*(f"kst-99902-{n}.xml" for n in range(1, LETTERS + 1)), "2024D99902.docx", "2024D99903.pdf"])
FIRST_RUN = _dt.datetime(2024, 7, 1, tzinfo=_dt.timezone.utc)  # the moment the first run starts


def made_koop_letter(fake: FakeSources, n: int, modified: str = "2024-07-01T09:00:00+02:00", sentence: str = "") -> None:
    """Made letter n, last changed at ``modified`` (by default the morning of the first run)."""
    key, date = f"kst-99902-{n}", f"2024-02-{10 + n:02d}"
    record = made_sru_record(key, date, modified)
    fake.sru_records = [r for r in fake.sru_records if f"<dcterms:identifier>{key}<" not in r] + [record]
    fake.files.update(made_letter_files(key, date, sentence or f"Brief nummer {n}."))


@pytest.fixture()
def fake():
    with FakeSources() as sources:
        for n in range(1, LETTERS + 1):
            made_koop_letter(sources, n)
        sources.documents = made_tk_documents()
        for document in sources.documents:
            sources.files[f"tk:{document['Id']}"] = made_tk_file(document)
        yield sources


def harvest(fake: FakeSources, corpus: Path, now: _dt.datetime = FIRST_RUN, **options):
    settings = {"page_size": 3, **options}
    opts = HarvestOptions(corpus=corpus, koop_url=f"{fake.base}/sru", tk_url=f"{fake.base}/OData/v4/2.0", **settings)
    return Harvester(opts, local_client(retries=2), now=lambda: now).run()


def file_requests(fake: FakeSources) -> list[str]:
    return [r.path for r in fake.requests_for("") if r.path not in ("/sru", "/OData/v4/2.0/Document")]


def stored(corpus: Path) -> list[str]:
    """The letters in the corpus, as the indexer finds them (companions are not letters)."""
    return sorted(p.name for p in find_files([corpus], []))


def test_paging_to_the_end_stores_every_letter_of_both_sources(fake, tmp_path):
    report = harvest(fake, tmp_path)
    assert [r.query["startRecord"] for r in fake.requests_for("/sru")] == ["1", "4", "7"]
    assert stored(tmp_path) == ALL_LETTERS
    assert sorted(report.fetched) == sorted([*(f"kst-99902-{n}" for n in range(1, LETTERS + 1)),
                                             "2024D99902", "2024D99903"])
    assert report.updated == ["kst-99902-2"]  # TK's metadata joined to the KOOP letter
    assert report.failed == [] and report.removed == []
    assert (tmp_path / "2024" / "kst-99902-5.metadata.xml").is_file()
    assert (tmp_path / "2024" / "kst-99902-5.harvest.json").is_file()
    assert not list(tmp_path.rglob(".part-*"))


def test_the_odata_pages_follow_the_change_time_to_the_end(fake, tmp_path):
    harvest(fake, tmp_path, sources=("tk",), page_size=2)
    pages = [r for r in fake.requests_for("/OData/v4/2.0/Document") if r.path == "/OData/v4/2.0/Document"]
    letters = [d for d in fake.documents if d["Soort"] == "Brief regering"]
    # each page starts at the change time of the last document handled (which it passes over)
    assert [r.query["$filter"] for r in pages if "Soort" in r.query["$filter"]] == [
        "(Soort eq 'Brief regering')",
        f"ApiGewijzigdOp ge {letters[1]['ApiGewijzigdOp']} and ((Soort eq 'Brief regering'))",
        f"ApiGewijzigdOp ge {letters[2]['ApiGewijzigdOp']} and ((Soort eq 'Brief regering'))",
    ]
    assert stored(tmp_path) == ["2024D99902.docx", "2024D99903.pdf", "kst-99902-2.pdf"]


def test_more_documents_changed_at_one_moment_than_fit_a_page_are_all_harvested(fake, tmp_path):
    for document in fake.documents:
        document["ApiGewijzigdOp"] = "2024-06-30T12:00:00Z"
    harvest(fake, tmp_path, sources=("tk",), page_size=1)
    assert stored(tmp_path) == ["2024D99902.docx", "2024D99903.pdf", "kst-99902-2.pdf"]
    assert len(file_requests(fake)) == 3


def test_a_second_run_fetches_nothing_that_did_not_change(fake, tmp_path):
    harvest(fake, tmp_path)
    before = len(file_requests(fake))
    report = harvest(fake, tmp_path)  # the same moment: KOOP lists what changed since the first run began
    assert len(file_requests(fake)) == before
    assert (report.fetched, report.updated, report.failed) == ([], [], [])
    assert report.skipped == LETTERS


def test_a_changed_record_is_fetched_again_and_only_that_one(fake, tmp_path):
    harvest(fake, tmp_path)
    made_koop_letter(fake, 3, modified="2024-07-01T16:30:00+02:00", sentence="Een zin die er later bij kwam.")
    fake.log.clear()
    report = harvest(fake, tmp_path)
    assert report.updated == ["kst-99902-3"] and report.fetched == []
    assert sorted(file_requests(fake)) == sorted([
        "/frbr/officielepublicaties/kst/99902/kst-99902-3/1/xml/kst-99902-3.xml",
        "/frbr/officielepublicaties/kst/99902/kst-99902-3/1/metadata/metadata.xml"])
    assert "Een zin die er later bij kwam." in (tmp_path / "2024" / "kst-99902-3.xml").read_text(encoding="utf-8")


def test_a_changed_tk_document_is_fetched_again(fake, tmp_path):
    harvest(fake, tmp_path, sources=("tk",))
    document = fake.documents[2]
    document.update({"Onderwerp": "Kosten, herzien", "ApiGewijzigdOp": "2024-06-25T12:00:00Z"})
    fake.files[f"tk:{document['Id']}"] = made_tk_file(document)
    fake.log.clear()
    report = harvest(fake, tmp_path, sources=("tk",))
    assert report.updated == ["2024D99903"]
    assert file_requests(fake) == [f"/OData/v4/2.0/Document({document['Id']})/resource"]
    assert parse_file(tmp_path / "2024" / "2024D99903.pdf").subject == "Kosten, herzien"


def test_a_tombstone_removes_a_letter_only_tk_had(fake, tmp_path):
    harvest(fake, tmp_path)
    only_tk = fake.documents[2]
    fake.documents.append(tombstone(only_tk["Id"], "2024-07-02T09:00:00Z"))
    report = harvest(fake, tmp_path)
    assert report.removed == ["2024D99903"]
    assert "2024D99903.pdf" not in stored(tmp_path)
    assert not (tmp_path / "2024" / "2024D99903.harvest.json").exists()


def test_a_tombstone_of_a_letter_koop_published_keeps_the_publication_and_drops_tk_metadata(fake, tmp_path):
    harvest(fake, tmp_path)
    fake.documents.append(tombstone(fake.documents[0]["Id"], "2024-07-02T09:00:00Z"))
    report = harvest(fake, tmp_path)
    assert report.removed == [] and report.updated == ["kst-99902-2"]
    record = json.loads((tmp_path / "2024" / "kst-99902-2.harvest.json").read_text())
    assert record["tk"] is None and record["koop"]["url"].endswith("kst-99902-2.html")
    assert parse_file(tmp_path / "2024" / "kst-99902-2.xml").kenmerk is None


def test_tombstones_of_documents_never_harvested_change_nothing(fake, tmp_path):
    harvest(fake, tmp_path)
    fake.documents.append(tombstone("0b7e2a10-0000-4000-8000-00000000dead", "2024-07-02T09:00:00Z"))
    report = harvest(fake, tmp_path)
    assert (report.removed, report.updated, report.failed) == ([], [], [])


def test_the_same_letter_from_both_sources_is_stored_once_with_the_metadata_of_both(fake, tmp_path):
    harvest(fake, tmp_path)
    linked = fake.documents[0]
    assert fake.requests_for(f"Document({linked['Id']})/resource") == []  # KOOP's XML is the text
    assert [name for name in stored(tmp_path) if "99902-2" in name] == ["kst-99902-2.xml"]
    letter = parse_file(tmp_path / "2024" / "kst-99902-2.xml")
    assert letter.id == "kst-99902-2"
    assert letter.kenmerk == "2024-0000199901"  # TK's KenmerkAfzender: the text has no kenmerk
    assert letter.source.url == "https://zoek.officielebekendmakingen.nl/kst-99902-2.html"


def test_a_letter_tk_had_first_is_replaced_by_the_koop_publication_under_the_same_id(fake, tmp_path):
    harvest(fake, tmp_path, sources=("tk",))
    before = parse_file(tmp_path / "2024" / "kst-99902-2.pdf")
    report = harvest(fake, tmp_path, sources=("koop",))
    assert "kst-99902-2" in report.updated
    assert [name for name in stored(tmp_path) if "99902-2" in name] == ["kst-99902-2.xml"]
    after = parse_file(tmp_path / "2024" / "kst-99902-2.xml")
    assert before.id == after.id == "kst-99902-2"
    assert after.kenmerk == "2024-0000199901" and after.source.format == "xml"


def test_a_record_whose_file_is_missing_is_reported_skipped_and_tried_again_next_run(fake, tmp_path):
    missing = "/frbr/officielepublicaties/kst/99902/kst-99902-4/1/xml/kst-99902-4.xml"
    kept = fake.files.pop(missing)
    report = harvest(fake, tmp_path)
    assert [(who, reason.split(" (")[0]) for who, reason in report.failed] == [("KOOP kst-99902-4", "HTTP 404 Not Found")]
    assert "kst-99902-4.xml" not in stored(tmp_path) and "kst-99902-5.xml" in stored(tmp_path)
    fake.files[missing] = kept
    again = harvest(fake, tmp_path, now=FIRST_RUN + _dt.timedelta(days=200))
    assert again.fetched == ["kst-99902-4"] and again.failed == []


def test_a_file_that_stays_missing_is_tried_in_three_runs_then_left_until_its_record_changes(fake, tmp_path):
    missing = "/frbr/officielepublicaties/kst/99902/kst-99902-4/1/xml/kst-99902-4.xml"
    del fake.files[missing]
    runs = [harvest(fake, tmp_path, sources=("koop",), now=FIRST_RUN + _dt.timedelta(days=day)) for day in range(4)]
    assert [len(run.failed) for run in runs] == [1, 1, 1, 0]
    assert len(fake.requests_for(missing, completed_only=False)) == 3


def test_a_document_without_a_usable_file_is_reported_with_its_identifier(fake, tmp_path):
    fake.documents[2]["ContentType"] = None
    report = harvest(fake, tmp_path, sources=("tk",))
    assert report.failed == [("TK 2024D99903", "bestandstype geen bestand wordt niet gelezen")]
    assert "2024D99902.docx" in stored(tmp_path)
    assert harvest(fake, tmp_path, sources=("tk",)).failed == []  # reported once, until the record changes


def test_a_truncated_sru_page_is_fetched_again(fake, tmp_path):
    fake.fault("/sru", Fault(), Fault(cut_to=300))  # the second page arrives cut off once
    report = harvest(fake, tmp_path, sources=("koop",))
    assert report.failed == [] and len(report.fetched) == LETTERS
    assert [r.query["startRecord"] for r in fake.requests_for("/sru")] == ["1", "4", "4", "7"]


def test_a_page_that_stays_malformed_fails_the_source_and_the_next_run_resumes_there(fake, tmp_path):
    fake.fault("/sru", Fault(), *[Fault(cut_to=300)] * 3)
    report = harvest(fake, tmp_path, sources=("koop",))
    assert report.failed[0][0] == "KOOP SRU (vanaf record 4)"
    assert "geen geldige XML" in report.failed[0][1]
    assert len(report.fetched) == 3
    fake.log.clear()
    again = harvest(fake, tmp_path, sources=("koop",))
    assert [r.query["startRecord"] for r in fake.requests_for("/sru")] == ["4", "7"]
    assert len(again.fetched) == LETTERS - 3 and again.failed == []


def test_a_file_answered_with_429_then_500_is_stored_after_waiting(fake, tmp_path):
    path = "/frbr/officielepublicaties/kst/99902/kst-99902-1/1/xml/kst-99902-1.xml"
    fake.fault(path, Fault(status=429, headers={"Retry-After": "3"}), Fault(status=500))
    report = harvest(fake, tmp_path, sources=("koop",))
    assert report.failed == [] and "kst-99902-1" in report.fetched
    assert [r.status for r in fake.requests_for(path)] == [429, 500, 200]


def test_a_limited_run_stops_and_the_next_one_continues(fake, tmp_path):
    first = harvest(fake, tmp_path, sources=("koop",), limit=2)
    second = harvest(fake, tmp_path, sources=("koop",))
    assert len(first.fetched) == 2 and len(second.fetched) == LETTERS - 2
    assert len(file_requests(fake)) == 2 * LETTERS  # every file once


def test_a_half_written_file_of_a_killed_run_is_no_letter_and_is_cleared(fake, tmp_path):
    (tmp_path / "2024").mkdir(parents=True)
    leftover = tmp_path / "2024" / ".part-999-kst-99902-1.xml"
    leftover.write_bytes(b"<officiele-publicatie><kamer")
    assert stored(tmp_path) == []
    harvest(fake, tmp_path, sources=("koop",))
    assert not leftover.exists()


# --- kill -9 in the middle ---------------------------------------------------------------------

def run_cli(fake: FakeSources, corpus: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "no_proxy": "127.0.0.1"}  # anything not local fails instead of reaching the internet
    command = [sys.executable, "-m", "indexer.cli", "harvest", "--endpoint", fake.base, "--corpus", str(corpus),
               "--rate", "0", "--page-size", "3", *extra]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_run_killed_in_the_middle_resumes_with_nothing_lost_and_nothing_fetched_twice(fake, tmp_path):
    import threading

    reached, release = threading.Event(), threading.Event()
    middle = "/frbr/officielepublicaties/kst/99902/kst-99902-5/1/xml/kst-99902-5.xml"
    fake.fault(middle, Fault(reached=reached, release=release))
    first = run_cli(fake, tmp_path)
    assert reached.wait(60), first.communicate()
    first.send_signal(signal.SIGKILL)
    first.wait()
    release.set()
    assert 0 < len(stored(tmp_path)) < LETTERS

    second = run_cli(fake, tmp_path)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert stored(tmp_path) == ALL_LETTERS
    paths = file_requests(fake)
    assert len(paths) == len(set(paths)), "a file was fetched twice"
    assert not list(tmp_path.rglob(".part-*"))
    for path in find_files([tmp_path], []):
        parse_file(path)  # every stored letter is whole


# --- the command line --------------------------------------------------------------------------

def test_the_help_documents_every_option():
    from indexer.cli import build_parser

    parser = build_parser()
    harvest_parser = next(a for a in parser._subparsers._group_actions[0].choices.values() if a.prog.endswith("harvest"))
    text = harvest_parser.format_help()
    for action in harvest_parser._actions:
        assert action.help, f"{action.option_strings} has no help"
        assert action.option_strings[-1] in text
    for option in ("--from", "--to", "--source", "--corpus", "--index", "--endpoint", "--with-pdf", "--rate",
                   "--timeout", "--retries", "--max"):
        assert option in text


def test_harvest_then_index_in_one_run_makes_the_letters_searchable(fake, tmp_path, capsys):
    from indexer.cli import main

    corpus, index_dir = tmp_path / "brieven", tmp_path / "index"
    corpus.mkdir()
    (corpus / "eigen.md").write_text(
        "Datum 1 maart 2024\n\nOnderwerp Een eigen brief\n\nGeachte voorzitter, dit is een brief over toegankelijkheid.\n",
        encoding="utf-8")
    code = main(["harvest", "--endpoint", fake.base, "--corpus", str(corpus), "--rate", "0", "--index",
                 "--index-dir", str(index_dir), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "9 opgehaald, 1 bijgewerkt, 0 verwijderd, 0 overgeslagen, 0 mislukt" in out
    service = SearchService(str(index_dir))
    hits = {hit.letter.id: hit.letter for hit in service.search(SearchRequest(q="toegankelijkheid", per_page=50)).hits}
    assert {"kst-99902-1", "kst-99902-7", "2024d99902", "2024d99903"} <= set(hits)
    assert hits["kst-99902-1"].source.url == "https://zoek.officielebekendmakingen.nl/kst-99902-1.html"
    own = next(letter for letter in hits.values() if letter.source.path.endswith("eigen.md"))
    assert own.source.url is None


def test_the_exit_code_says_whether_anything_failed(fake, tmp_path, capsys):
    from indexer.cli import main

    del fake.files[f"tk:{fake.documents[1]['Id']}"]
    code = main(["harvest", "--endpoint", fake.base, "--corpus", str(tmp_path), "--rate", "0", "--retries", "0"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 mislukt" in out and "mislukt TK 2024D99902: HTTP 404" in out


def test_the_summary_counts_requests_in_dutch(tmp_path, capsys):
    from indexer.cli import main

    with FakeSources() as nothing:  # one empty page of KOOP, nothing more to ask
        code = main(["harvest", "--endpoint", nothing.base, "--corpus", str(tmp_path), "--source", "koop", "--rate", "0"])
    assert code == 0
    assert "0 mislukt (1 verzoek)" in capsys.readouterr().out


def test_a_bad_date_is_a_usage_error(capsys):
    from indexer.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["harvest", "--from", "1 januari"])
    assert stop.value.code == 2
    assert "ongeldige datum '1 januari' (verwacht JJJJ-MM-DD)" in capsys.readouterr().err


def test_an_index_of_harvested_letters_is_updated_when_only_their_metadata_changed(fake, tmp_path):
    harvest(fake, tmp_path, sources=("koop",))
    index_dir = tmp_path / ".index"
    index_paths([tmp_path], index_dir)
    harvest(fake, tmp_path, sources=("tk",))  # adds TK's kenmerk to kst-99902-2's record only
    report = index_paths([tmp_path], index_dir)
    assert any(path.endswith("kst-99902-2.xml") for path in report.updated)
    letter = SearchService(str(index_dir)).get_letter("kst-99902-2")
    assert letter.kenmerk == "2024-0000199901"


def test_the_progress_shows_count_rate_and_time_left_on_a_terminal_and_now_and_then_in_a_log():
    import io

    from indexer.harvest.progress import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    now = [0.0]
    terminal, log = Terminal(), io.StringIO()
    bar, lines = ProgressLine(terminal, clock=lambda: now[0]), ProgressLine(log, clock=lambda: now[0])
    for done, moment in ((1, 0.5), (20, 10.0), (90, 45.0)):
        now[0] = moment
        bar(done, 100, "kst-99902-1")
        lines(done, 100, "kst-99902-1")
    assert "20/100 · 2,0/s · nog 0:40 · kst-99902-1" in terminal.getvalue()
    assert log.getvalue().splitlines() == ["[#####################...] 90/100 · 2,0/s · nog 0:05 · kst-99902-1"]
