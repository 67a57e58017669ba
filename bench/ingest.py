"""End-to-end ingest: files of each format through ``kamerzoek index``, the command users run.

    nice python -m bench.ingest [--pdf 100] [--xml 1000] [--workers 2] [--no-profile] [--incremental 10000]

Sets of files, each indexed into a new index by ``kamerzoek index FILE... --rebuild
--workers N`` in a child process (parsing in N worker processes, as the command does):

- real files from ../shared: PDF letters (rijksoverheid and Wob letters, Kamerstukken),
  officielebekendmakingen XML (Kamerstukken and answers to Kamervragen, with the motions kept
  beside the parser tests), Staten-Generaal Digitaal JSON records;
- generated files: the first letters of the generated corpus written as PDF and as
  officielebekendmakingen XML by ``bench/files.py`` (modern-length letters, as many as asked).

Reported per set: files, letters indexed, MB, seconds, letters/s and MB/s (wall, and per
CPU-second of the command and its workers). The profile (unless ``--no-profile``) parses and
indexes each set again in this process under pyinstrument (bench/profiles/ingest-<set>.txt),
the time split into parsing, adding letters to the index and committing.

``--incremental N`` measures re-indexing at scale: N generated XML letters indexed once, then
five runs of ``kamerzoek index`` after 100 of them were edited (each timed, with the segments
the merge policy leaves), and a run with nothing changed.

``--incremental-on N`` measures an update at the size of the whole record without parsing N
files first: N generated letters written as XML files into a folder, and indexed from the
letters themselves as ``bench.run`` builds (both cores, the same code), each with its file as
its source and that file's sha256, so the index holds what ``kamerzoek index`` of the folder
would. Then ``kamerzoek index`` over the folder: a first run (no record of the files' stats
yet, so every file is hashed once and found indexed), five runs after 100 files spread over
the folder were edited, and one with nothing changed.

``--updates FOLDER INDEX`` runs those updates on a folder that is indexed already (the folder
and index an ``--incremental N`` run leaves), each invocation on a fresh copy of INDEX: so two
checkouts can be measured in turn from the same index.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

from bench.real import REAL, SHARED, require_shared

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench" / "ingest"
PROFILES = ROOT / "bench" / "profiles"
OB_EXTRA = SHARED / "ob-holdout"  # real officielebekendmakingen XML (motions)


def real_sets() -> dict[str, list[Path]]:
    require_shared()
    xml = [p for p in sorted(REAL.rglob("*.xml")) + sorted(OB_EXTRA.glob("*.xml")) if _is_publication(p)]
    return {
        "real PDF": sorted(REAL.rglob("*.pdf")),
        "real OB XML": xml,
        "real SGD JSON": sorted(p for p in REAL.rglob("*.json") if _is_sgd(p)),
    }


def _is_publication(path: Path) -> bool:
    return b"<officiele-publicatie" in path.read_bytes()[:4096]


def _is_sgd(path: Path) -> bool:
    try:
        return "Content" in json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, TypeError):
        return False


def generated_sets(pdfs: int, xmls: int, seed: int = 1, corpus_letters: int = 10000) -> dict[str, list[Path]]:
    """The first letters of the generated corpus as PDF and XML files (written once, reused)."""
    return {"generated PDF": generated_files("pdf", pdfs, seed, corpus_letters),
            "generated OB XML": generated_files("xml", xmls, seed, corpus_letters)}


def generated_files(suffix: str, count: int, seed: int = 1, corpus_letters: int = 10000) -> list[Path]:
    """The first ``count`` letters of the generated corpus as files of one format, in a folder
    of their own (written once, reused)."""
    from bench.files import letter_pdf, letter_xml
    from bench.generate import ensure_corpus, load_letters

    folder = WORK / f"generated-{suffix}-{count}"
    if not folder.exists():
        corpus = ensure_corpus(max(corpus_letters, count), seed)
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for i, letter in enumerate(islice(load_letters(corpus), count)):
            data = letter_pdf(letter) if suffix == "pdf" else letter_xml(letter, f"{36000 + i // 100} 000", i % 100 + 1)
            (tmp / f"letter-{i:06d}.{suffix}").write_bytes(data)
        tmp.rename(folder)
    return sorted(folder.glob(f"*.{suffix}"))


def without_root(text: str) -> str:
    """Profiles name files relative to the project, the installed packages and the standard
    library, not by this machine's paths."""
    import sysconfig

    paths = sysconfig.get_paths()
    for prefix, name in ((ROOT, ""), (paths["purelib"], "site-packages/"), (paths["platlib"], "site-packages/"),
                         (paths["stdlib"], "python/")):
        text = text.replace(str(prefix) + "/", name)
    return text


def kamerzoek_command() -> list[str]:
    """``kamerzoek`` as the code of this checkout, run from its root: the installed script
    would run whatever checkout the environment was installed from."""
    return [sys.executable, "-c", "import sys; from indexer.cli import main; sys.exit(main())"]


def timed_index(name: str, paths: list[Path], index_dir: Path, workers: int, rebuild: bool = True) -> tuple[float, float, str]:
    """``kamerzoek index PATHS`` in a child process: (wall seconds, CPU seconds of the command
    and its workers, its summary line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*kamerzoek_command(), "index", *map(str, paths), "--index", str(index_dir),
                           *(["--rebuild"] if rebuild else []), "--workers", str(workers)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some files failed, the rest are indexed
        raise SystemExit(f"bench.ingest: kamerzoek index failed for {name}:\n{done.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    summary = next((line for line in reversed(done.stdout.splitlines()) if "toegevoegd" in line), "")
    return wall, cpu, summary.strip()


def index_set(name: str, files: list[Path], workers: int) -> dict:
    """One set through ``kamerzoek index`` into a fresh index: time, CPU, letters indexed."""
    from indexer.search import SearchService

    index_dir = WORK / "index"
    shutil.rmtree(index_dir, ignore_errors=True)
    wall, cpu, _ = timed_index(name, files, index_dir, workers)
    letters = SearchService(str(index_dir)).letter_count()
    size = sum(f.stat().st_size for f in files)
    return {"set": name, "files": len(files), "letters": letters, "mb": round(size / 1e6, 2), "s": round(wall, 1),
            "cpu_s": round(cpu, 1), "letters_per_s": round(letters / wall, 1), "mb_per_s": round(size / 1e6 / wall, 2),
            "letters_per_cpu_s": round(letters / max(cpu, 0.01), 1), "workers": workers}


def profile_set(name: str, files: list[Path]) -> dict:
    """Where one process spends the time of a set, under pyinstrument: parsing every file (what
    ``kamerzoek index``'s workers do), then adding the letters to a new index and committing
    (what its main process does)."""
    from pyinstrument import Profiler

    from indexer.layout import add_letter, open_or_create, open_writer
    from indexer.parsers import ParseError, parse_file

    spent = {"parse": 0.0, "add to index": 0.0, "commit": 0.0}
    index_dir = WORK / "profile-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    profiler = Profiler(interval=0.002)
    profiler.start()
    started = time.perf_counter()
    letters = []
    for path in files:
        try:
            letters.append(parse_file(path))
        except ParseError:  # as the command: reported and left out
            pass
    parsed = time.perf_counter()
    writer = open_writer(open_or_create(index_dir))
    for letter in letters:
        add_letter(writer, letter, letter.source.path)
    added = time.perf_counter()
    writer.commit()
    done = time.perf_counter()
    profiler.stop()
    spent.update({"parse": parsed - started, "add to index": added - parsed, "commit": done - added})
    PROFILES.mkdir(parents=True, exist_ok=True)
    slug = name.lower().replace(" ", "-")
    (PROFILES / f"ingest-{slug}.txt").write_text(
        f"# kamerzoek ingest of {len(files)} files ({name}) in one process: parse, add, commit\n\n"
        + without_root(profiler.output_text(unicode=True, color=False, show_all=False)))
    total = done - started
    return {"set": name, "s": round(total, 1), "share": {k: round(v / total, 3) for k, v in spent.items()}}


def change_letters(files: list[Path], count: int, round_: int, keep_original: Path | None = None) -> list[Path]:
    """Edit ``count`` of the XML files spread over the corpus, as a correction would: a
    sentence added to the first paragraph. Each round edits other files. ``keep_original``:
    a folder that gets a copy of each file before its first edit."""
    step = max(1, len(files) // count)
    changed = []
    for i in range(count):
        path = files[(i * step + round_ * 7919) % len(files)]
        if keep_original and not (keep_original / path.name).exists():
            shutil.copy2(path, keep_original / path.name)
        data = path.read_bytes()
        path.write_bytes(data.replace(b"</al>", f" Gewijzigd in ronde {round_}.</al>".encode(), 1))
        changed.append(path)
    return changed


def incremental(letters: int = 10000, changed: int = 100, rounds: int = 5, workers: int = 2) -> dict:
    """Incremental re-indexing at scale: ``letters`` generated XML letters indexed once (timed,
    as the build), then ``rounds`` runs of ``kamerzoek index`` over the same folder after
    ``changed`` of its files were edited, each timed, and one run with nothing changed. The
    segments of the index after each run say what the merge policy rewrote."""
    from bench.generate import ensure_corpus

    ensure_corpus(max(10000, letters), 1)
    source = generated_files("xml", letters)
    corpus = WORK / f"incremental-{letters}"  # a copy: its files are edited
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(source[0].parent, corpus)
    files = sorted(corpus.glob("*.xml"))
    index_dir = WORK / f"incremental-{letters}-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    wall, cpu, summary = timed_index("incremental build", [corpus], index_dir, workers)
    out = {"letters": letters, "changed": changed, "build": {"s": round(wall, 1), "cpu_s": round(cpu, 1),
           "letters_per_s": round(letters / wall, 1), "letters_per_cpu_s": round(letters / max(cpu, 0.01), 1),
           "summary": summary, "segments": segment_sizes(index_dir)}, "rounds": []}
    print(f"incremental: built {letters} letters in {wall:.1f} s", file=sys.stderr, flush=True)
    for round_ in range(rounds):
        change_letters(files, changed, round_)
        wall, cpu, summary = timed_index(f"incremental round {round_}", [corpus], index_dir, workers, rebuild=False)
        out["rounds"].append({"s": round(wall, 1), "cpu_s": round(cpu, 1), "summary": summary,
                              "segments": segment_sizes(index_dir)})
        print(f"incremental: {changed} changed letters in {wall:.1f} s ({summary})", file=sys.stderr, flush=True)
    wall, cpu, summary = timed_index("unchanged", [corpus], index_dir, workers, rebuild=False)
    out["unchanged"] = {"s": round(wall, 1), "cpu_s": round(cpu, 1), "summary": summary}
    return out


def incremental_on(letters: int, changed: int = 100, rounds: int = 5, workers: int = 2) -> dict:
    """Updates of ``changed`` letters in a folder of ``letters`` files whose index was built
    from the same letters (see the module's docstring): each run timed, with its segments."""
    from bench.generate import ensure_corpus

    ensure_corpus(letters, 1)
    corpus = WORK / f"update-{letters}"  # a copy: its files are edited
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(generated_files("xml", letters, corpus_letters=letters)[0].parent, corpus)
    index_dir = WORK / f"update-{letters}-index"
    build = build_from_letters(corpus, letters, index_dir)
    print(f"incremental on {letters} files: index built in {build['total_s']} s", file=sys.stderr, flush=True)
    out = {"letters": letters, "changed": changed, "build": build,
           **update_rounds(corpus, index_dir, changed, rounds, workers)}
    shutil.rmtree(index_dir)  # several GB
    return out


def update_rounds(folder: Path, index_dir: Path, changed: int, rounds: int, workers: int,
                  keep_original: Path | None = None) -> dict:
    """``kamerzoek index`` over ``folder`` into ``index_dir``: once as it is ("first"), after
    each of ``rounds`` edits of ``changed`` files ("rounds"), and once more ("unchanged"),
    each timed with the segments it leaves."""
    files = sorted(folder.glob("*.xml"))
    out: dict = {"rounds": []}
    for round_ in range(-1, rounds):
        if round_ >= 0:
            change_letters(files, changed, round_, keep_original)
        wall, cpu, summary = timed_index(f"updates in {folder.name}, round {round_}", [folder], index_dir, workers,
                                         rebuild=False)
        entry = {"s": round(wall, 1), "cpu_s": round(cpu, 1), "summary": without_root(summary),
                 "segments": segment_sizes(index_dir)}
        print(f"updates in {folder.name}: {wall:.1f} s ({summary})", file=sys.stderr, flush=True)
        if round_ < 0:
            out["first"] = entry
        else:
            out["rounds"].append(entry)
    wall, cpu, summary = timed_index("unchanged", [folder], index_dir, workers, rebuild=False)
    out["unchanged"] = {"s": round(wall, 1), "cpu_s": round(cpu, 1), "summary": without_root(summary)}
    return out


def updates(folder: Path, index: Path, changed: int = 100, rounds: int = 5, workers: int = 2) -> dict:
    """Updates of ``changed`` files in a ``folder`` that ``kamerzoek index`` indexed into
    ``index`` (the folder and index of an earlier ``--incremental N``, or any): the runs of
    ``incremental_on`` on a copy of the index, so each invocation (of this code or another
    checkout's) starts from the same index; the edited files are put back afterwards."""
    index_dir = WORK / "updates-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.copytree(index, index_dir)
    backup = WORK / "updates-originals"
    shutil.rmtree(backup, ignore_errors=True)
    backup.mkdir(parents=True)
    try:
        return {"folder": without_root(str(folder)), "changed": changed,
                **update_rounds(folder, index_dir, changed, rounds, workers, keep_original=backup)}
    finally:
        for original in backup.iterdir():
            shutil.copy2(original, folder / original.name)
        shutil.rmtree(index_dir, ignore_errors=True)


def build_from_letters(corpus: Path, letters: int, index_dir: Path) -> dict:
    """The index of the folder's files built from the generated letters they were written
    from (file i holds letter i), each letter's source the file's key and content hash, as
    ``kamerzoek index`` records them."""
    from dataclasses import replace

    from bench.generate import default_path, load_letters
    from bench.kamerzoek_engine import build
    from indexer.indexing import file_sha256, supported_suffixes
    from indexer.model import Source
    from indexer.walk import walk

    found = walk([corpus], supported_suffixes()).files
    if len(found) != letters:
        raise SystemExit(f"bench.ingest: {len(found)} files in {corpus}, expected {letters}")
    sources = [Source(f.key, "xml", file_sha256(f.path)) for f in found]  # sorted by name: letter-000000.xml, ...
    sourced = (replace(letter, source=source)
               for letter, source in zip(load_letters(default_path(letters, 1)), sources))
    return build(sourced, index_dir)


def segment_sizes(index_dir: Path) -> list[tuple[int, int]]:
    """(documents, deleted) of each segment of the index, largest first."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    return sorted(((s.doc_count_all(), s.deleted_count()) for s in ix._segments()), reverse=True)


def run(pdfs: int = 100, xmls: int = 1000, workers: int = 2, profile: bool = True) -> dict:
    sets = {**real_sets(), **generated_sets(pdfs, xmls)}
    out = {"sets": [], "profiles": []}
    for name, files in sets.items():
        result = index_set(name, files, workers)
        out["sets"].append(result)
        print(f"ingest {name}: {result['letters']} letters, {result['letters_per_s']} letters/s, {result['mb_per_s']} MB/s",
              file=sys.stderr, flush=True)
    if profile:
        for name, files in sets.items():
            out["profiles"].append(profile_set(name, files[:200]))
    return out


def render(ingest: dict) -> str:
    lines = ["| ingest (`kamerzoek index`, both cores) | files | letters | MB | s | letters/s | MB/s | letters per CPU-s |",
             "|---|---|---|---|---|---|---|---|"]
    for x in ingest["sets"]:
        lines.append(f"| {x['set']} | {x['files']} | {x['letters']} | {x['mb']} | {x['s']} | {x['letters_per_s']} | "
                     f"{x['mb_per_s']} | {x['letters_per_cpu_s']} |")
    if ingest.get("incremental"):
        inc = ingest["incremental"]
        build = inc["build"]
        lines += ["", f"| incremental, {inc['letters']} generated XML letters | s | CPU s | segments (documents, deleted) |",
                  "|---|---|---|---|",
                  f"| build ({build['letters_per_s']} letters/s, {build['letters_per_cpu_s']} per CPU-s) | {build['s']} | "
                  f"{build['cpu_s']} | {build['segments']} |"]
        for n, r in enumerate(inc["rounds"], start=1):
            lines.append(f"| run {n}: {inc['changed']} letters changed | {r['s']} | {r['cpu_s']} | {r['segments']} |")
        lines.append(f"| nothing changed | {inc['unchanged']['s']} | {inc['unchanged']['cpu_s']} | |")
    if ingest.get("incremental_on"):
        inc = ingest["incremental_on"]
        build = inc["build"]
        lines += ["", f"| updates in a folder of {inc['letters']} files | s | CPU s | segments (documents, deleted) |",
                  "|---|---|---|---|",
                  f"| index built from the letters ({build['letters_per_s']} letters/s) | {build['total_s']} | | |",
                  f"| first run: every file hashed, found indexed | {inc['first']['s']} | {inc['first']['cpu_s']} | "
                  f"{inc['first']['segments']} |"]
        for n, r in enumerate(inc["rounds"], start=1):
            lines.append(f"| run {n}: {inc['changed']} files changed | {r['s']} | {r['cpu_s']} | {r['segments']} |")
        lines.append(f"| nothing changed | {inc['unchanged']['s']} | {inc['unchanged']['cpu_s']} | |")
    if ingest.get("updates"):
        upd = ingest["updates"]
        lines += ["", f"| updates in {upd['folder']} | s | CPU s | segments (documents, deleted) |", "|---|---|---|---|",
                  f"| first run | {upd['first']['s']} | {upd['first']['cpu_s']} | {upd['first']['segments']} |"]
        for n, r in enumerate(upd["rounds"], start=1):
            lines.append(f"| run {n}: {upd['changed']} files changed | {r['s']} | {r['cpu_s']} | {r['segments']} |")
        lines.append(f"| nothing changed | {upd['unchanged']['s']} | {upd['unchanged']['cpu_s']} | |")
    if ingest.get("profiles"):
        lines += ["", "| where one process spends indexing time | " + " | ".join(ingest["profiles"][0]["share"]) + " |",
                  "|---|" + "---|" * len(ingest["profiles"][0]["share"])]
        for p in ingest["profiles"]:
            lines.append(f"| {p['set']} ({p['s']} s) | " + " | ".join(f"{v:.0%}" for v in p["share"].values()) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdf", type=int, default=100, help="generated letters written as PDF")
    ap.add_argument("--xml", type=int, default=1000, help="generated letters written as XML")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--incremental", type=int, default=0, metavar="N",
                    help="also re-index 100 changed letters in an index of N generated XML letters (5 runs)")
    ap.add_argument("--only-incremental", action="store_true", help="only the incremental measurement")
    ap.add_argument("--incremental-on", type=int, default=0, metavar="N",
                    help="only: updates of 100 letters in a folder of N files (its index built from the letters)")
    ap.add_argument("--updates", nargs=2, type=Path, metavar=("FOLDER", "INDEX"),
                    help="only: updates of 100 files in FOLDER, indexed into INDEX, on a copy of INDEX")
    args = ap.parse_args(argv)
    if args.updates:
        result = {"sets": [], "updates": updates(*args.updates, workers=args.workers)}
        (ROOT / "var" / "bench" / "ingest-updates.json").write_text(json.dumps(result, indent=1))
        print(render(result))
        return
    if args.incremental_on:
        result = {"sets": [], "incremental_on": incremental_on(args.incremental_on, workers=args.workers)}
        out = ROOT / "var" / "bench" / f"ingest-incremental-on-{args.incremental_on}.json"
        out.write_text(json.dumps(result, indent=1))
        print(render(result))
        return
    result = {"sets": []} if args.only_incremental else run(args.pdf, args.xml, args.workers, not args.no_profile)
    if args.incremental or args.only_incremental:
        result["incremental"] = incremental(args.incremental or 10000, workers=args.workers)
    out = ROOT / "var" / "bench" / "ingest.json"
    out.write_text(json.dumps(result, indent=1))
    print(render(result))


if __name__ == "__main__":
    main()
