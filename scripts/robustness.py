"""Deep robustness runs, too long for CI (tests/test_robust_*.py hold the short versions).

    python scripts/robustness.py hostile [--letters 200] [--copies 6] [--seed N]
    python scripts/robustness.py kills [--letters 300] [--rounds 20] [--seed N]
    python scripts/robustness.py bigfile [--mb 50]

hostile: builds a corpus of good letters among at least 500 hostile entries (PDF bombs and
         floods, lying and encrypted PDFs, binary and noise under text names, FIFOs, links to
         devices, to / and to files outside, link loops, dangling links, hard links, folders
         nested 100 deep, JSON and XML nested 100,000 deep, 5,000-digit numbers, entity
         attacks, ids of 400,000 characters, names that are not UTF-8, sparse 61 MB files)
         and runs `kamerzoek index --workers 2` on it. Reports time, peak memory, the outcome
         per kind, hangs (a run over --timeout seconds), orphan processes, and checks that
         every good letter is in the index once and nothing from outside the corpus is.
kills:   indexes a growing corpus with `kamerzoek index --workers 2` and, each round, kills
         with SIGKILL a parse worker, the indexer itself, or a worker and then the indexer, at
         random moments. After each round: the index opens, no committed letter is lost or
         doubled, no process of the run is left, no run hangs. A final run completes the work.
bigfile: indexes one text letter of --mb megabytes beside a normal letter and reports the
         time and the indexer's peak RSS (VmHWM).
Exit status 0 when every check held.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_files as files  # noqa: E402
from tests.robust_corpus import (  # noqa: E402
    EXAMPLE, found_by_search, indexed_letters, make_variants, variant_id, variant_text,
)

SECRET = "GEHEIM-BUITEN-DE-CORPUSMAP"


# --- processes of a run ----------------------------------------------------------------------

def start_indexer(corpus: Path, index_dir: Path, output, workers: int = 2) -> subprocess.Popen:
    """`kamerzoek index` in a session of its own, so every process it starts can be found;
    its output goes to a file (a pipe nobody reads while it runs would stall it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "index", str(corpus), "--index", str(index_dir), "--workers", str(workers)],
        cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


def session_processes(sid: int) -> list[int]:
    """Live (not zombie) processes of a session."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append(int(entry))
    return found


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def orphans_after(sid: int, grace: float = 2.0) -> int:
    """Processes of the session still alive ``grace`` seconds after its leader ended; they
    are killed after being counted, so one round cannot spoil the next."""
    deadline = time.monotonic() + grace
    while session_processes(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = session_processes(sid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return len(left)


def peak_rss_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


# --- hostile ---------------------------------------------------------------------------------

def build_hostile_corpus(base: Path, letters: int, copies: int, rng: random.Random) -> tuple[Path, Counter]:
    """The corpus folder and how many entries of each kind it holds."""
    corpus, outside = base / "corpus", base / "buiten"
    outside.mkdir(parents=True)
    (outside / "geheim.md").write_text(variant_text(9999).replace("Ik wil deze brief", f"{SECRET} Ik wil deze brief", 1))
    (outside / "geheim.txt").write_text(SECRET)
    make_variants(corpus / "goed", letters)
    kinds: Counter = Counter()
    bad = corpus / "slecht"
    bad.mkdir()

    def put(kind: str, name: str, data: bytes) -> None:
        (bad / name).write_bytes(data)
        kinds[kind] += 1

    template = EXAMPLE.read_text(encoding="utf-8")
    for n in range(copies):
        put("pdf-bom (8 MB opdrachten)", f"bom-{n}.pdf", files.operator_bomb_pdf())
        put("pdf-tekenvloed (60.000 tekens)", f"vloed-{n}.pdf", files.glyph_flood_pdf())
        put("pdf-zipbom (200 MB)", f"zipbom-{n}.pdf", files.zip_bomb_stream_pdf())
        put("pdf liegt over pagina's", f"paginas-{n}.pdf", files.lying_page_count_pdf())
        put("pdf versleuteld", f"slot-{n}.pdf", files.encrypted_pdf())
        put("pdf afgekapt", f"kapot-{n}.pdf", files.lying_page_count_pdf()[: 200 + n])
        put("pdf-kop met ruis", f"nep-{n}.pdf", b"%PDF-1.7\n" + rng.randbytes(4096))
        put("ruis (binair) als .md", f"ruis-{n}.md", rng.randbytes(rng.choice((64, 4096, 65536))))
        put("ruis (leesbare tekens) als .txt", f"tekens-{n}.txt", bytes(rng.randrange(32, 127) for _ in range(3000)))
        put("gzip als .txt", f"gz-{n}.txt", __import__("gzip").compress(template.encode()))
        put("png als .md", f"plaatje-{n}.md", b"\x89PNG\r\n\x1a\n" + rng.randbytes(3000))
        put("NUL-bytes", f"nul-{n}.md", b"Datum 1 januari 2020\x00\x00" * 200)
        put("leeg", f"leeg-{n}.md", b"")
        put("alleen witruimte", f"wit-{n}.txt", b" \n\t\n" * 10)
        put("JSON 100.000 diep", f"diep-{n}.json", b'{"Content": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
        put("XML 100.000 diep", f"diep-{n}.xml", b"<?xml version='1.0'?>" + b"<a>" * 100_000 + b"</a>" * 100_000)
        put("getal van 5.000 cijfers", f"getal-{n}.json", b'{"Content": [{"Tekst": "x"}], "n": ' + b"7" * 5000 + b"}")
        put("billion laughs", f"lol-{n}.xml", files.billion_laughs().encode())
        put("externe entiteit", f"xxe-{n}.xml", files.external_entity(outside / "geheim.txt").encode())
        put("html met scripts", f"script-{n}.html", files.HOSTILE_HTML.encode())
        put("kenmerk van 400.000 tekens", f"lang-kenmerk-{n}.md",
            variant_text(5000 + n, template).replace(str(5000000 + 5000 + n), "KZ" * 200_000).encode())
        sparse = bad / f"groot-{n}.txt"
        with open(sparse, "wb") as f:
            f.truncate(61 * 2**20)
        kinds["61 MB (ijl bestand)"] += 1
        os.mkfifo(bad / f"fifo-{n}.md")
        kinds["FIFO"] += 1
        (bad / f"nul-apparaat-{n}.txt").symlink_to("/dev/zero")
        (bad / f"urandom-{n}.txt").symlink_to("/dev/urandom")
        kinds["link naar apparaat"] += 2
        (bad / f"buiten-{n}.md").symlink_to(outside / "geheim.md")
        (bad / f"passwd-{n}.txt").symlink_to("/etc/passwd")
        kinds["link naar buiten"] += 2
        (bad / f"weg-{n}.md").symlink_to(base / f"bestaat-niet-{n}.md")
        kinds["hangende link"] += 1
        (bad / f"kring-a-{n}.md").symlink_to(bad / f"kring-b-{n}.md")
        (bad / f"kring-b-{n}.md").symlink_to(bad / f"kring-a-{n}.md")
        kinds["linkkring"] += 2
        (bad / f"ook-{n}.md").symlink_to(corpus / "goed" / f"brief-{n:04d}.md")
        os.link(corpus / "goed" / f"brief-{n:04d}.md", bad / f"hard-{n}.md")
        kinds["link/harde link naar een brief"] += 2
        with open(os.fsencode(str(bad)) + b"/caf\xe9-%d.md" % n, "wb") as f:
            f.write(variant_text(6000 + n, template).encode())
        kinds["naam geen UTF-8"] += 1
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(str(bad / f"sok-{n}.md"))
        kinds["socket"] += 1
    (corpus / "alles").symlink_to("/", target_is_directory=True)
    kinds["link naar /"] += 1
    deep = corpus / "diep"
    for level in range(100):
        deep = deep / f"n{level}"
    deep.mkdir(parents=True)
    (deep / "brief.md").write_text(variant_text(7000, template), encoding="utf-8")
    kinds["map 100 diep (goede brief)"] += 1
    return corpus, kinds


def hostile(letters: int, copies: int, seed: int, timeout: float, keep: str | None = None) -> int:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="kamerzoek-hostile-") as tmp:
        corpus, kinds = build_hostile_corpus(Path(tmp), letters, copies, rng)
        entries = sum(len(f) + len(d) for _, d, f in os.walk(corpus))
        print(f"{entries} entries in the corpus: {letters} good letters, {sum(kinds.values())} hostile ones")
        for kind, count in sorted(kinds.items()):
            print(f"  {count:4d}  {kind}")
        index_dir = Path(tmp) / "ix"
        started = time.perf_counter()
        with tempfile.TemporaryFile("w+") as output:
            proc = start_indexer(corpus, index_dir, output)
            peak, hung = 0, False
            while proc.poll() is None:
                peak = max(peak, peak_rss_mb(proc.pid) + sum(peak_rss_mb(c) for c in children(proc.pid)))
                if time.perf_counter() - started > timeout:
                    hung = True
                    os.killpg(proc.pid, signal.SIGKILL)
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            output.seek(0)
            out, err = output.read(), ""
        if keep:
            Path(keep).write_text(out, encoding="utf-8")
        orphans = orphans_after(proc.pid)
        summary = next((line for line in out.splitlines() if line.startswith("Index ")), "(geen samenvatting)")
        print(f"\nexit {proc.returncode} in {seconds:.1f} s, peak RSS of indexer and workers {peak} MB; "
              f"hung: {hung}; orphan processes: {orphans}")
        print(summary)
        reasons = Counter(_reason_kind(line) for line in out.splitlines() if line.startswith("  "))
        for reason, count in reasons.most_common():
            print(f"  {count:4d}  {reason}")
        if "Traceback" in out + err:
            print("TRACEBACK in output:\n" + err[-2000:])
        counts = indexed_letters(index_dir)
        good = {variant_id(n) for n in range(letters)} | {variant_id(7000)} | {variant_id(6000 + n) for n in range(copies)}
        missing = good - set(counts)
        doubled = [i for i, c in counts.items() if c != 1]
        leaked = found_text(index_dir, SECRET)
        print(f"good letters indexed: {len(good) - len(missing)} of {len(good)} "
              f"(non-UTF-8 names are refused: {len(missing & {variant_id(6000 + n) for n in range(copies)})}); "
              f"doubled: {len(doubled)}; text from outside the corpus in the index: {leaked}")
        missing -= {variant_id(6000 + n) for n in range(copies)}
        ok = not (hung or orphans or missing or doubled or leaked or "Traceback" in out + err) and proc.returncode == 1
        print("all checks held" if ok else "CHECKS FAILED")
        return 0 if ok else 1


def _reason_kind(line: str) -> str:
    label, _, rest = line.strip().partition(" ")
    reason = rest.split(": ", 1)[1] if ": " in rest else rest
    for cut in (" (", "; ", ": "):
        reason = reason.split(cut)[0]
    return f"{label.strip()}: {reason[:70]}"


def found_text(index_dir: Path, text: str) -> int:
    from indexer.search import SearchRequest, SearchService

    service = SearchService(str(index_dir))
    try:
        return service.search(SearchRequest(q=f'"{text.lower().replace("-", " ")}"')).total
    finally:
        service.close()


# --- kills -----------------------------------------------------------------------------------

def kills(letters: int, rounds: int, seed: int, timeout: float) -> int:
    from indexer.indexing import index_paths

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="kamerzoek-kills-") as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "ix"
        initial = letters // 2
        batch = max(1, (letters - initial) // rounds)
        make_variants(corpus, initial)
        index_paths([corpus], index_dir)
        committed = set(indexed_letters(index_dir))
        next_n, failures, times = initial, 0, []
        totals = Counter()
        print(f"{'round':>5} {'what was killed':<22} {'after':>6} {'exit':>5} {'letters':>7} {'lost':>4} "
              f"{'doubled':>7} {'orphans':>7} {'hung':>4} {'s':>5}")
        for r in range(rounds):
            make_variants(corpus, batch, start=next_n)
            next_n += batch
            if rng.random() < 0.3:  # a changed letter too: an update must not be half-done
                n = rng.randrange(initial)
                path = corpus / f"brief-{n:04d}.md"
                path.write_text(variant_text(n) + f"\n\nAanvulling {r}.\n", encoding="utf-8")
            plan = ("worker", "indexer", "worker+indexer")[r % 3]
            started = time.perf_counter()
            killed, delay, code, hung = run_and_kill(corpus, index_dir, plan, rng, timeout)
            orphans = orphans_after(code[1]) if isinstance(code, tuple) else 0
            code = code[0] if isinstance(code, tuple) else code
            seconds = time.perf_counter() - started
            times.append(seconds)
            try:
                counts = indexed_letters(index_dir)
            except Exception as exc:  # noqa: BLE001
                print(f"round {r + 1}: the index does not open: {exc!r}")
                return 1
            lost = committed - set(counts)
            doubled = [i for i, c in counts.items() if c != 1]
            totals.update(lost=len(lost), doubled=len(doubled), orphans=orphans, hung=hung, **{k: 1 for k in killed})
            print(f"{r + 1:>5} {'+'.join(killed) or '(finished first)':<22} {delay:>6.2f} {code:>5} {len(counts):>7} "
                  f"{len(lost):>4} {len(doubled):>7} {orphans:>7} {hung!s:>4} {seconds:>5.1f}")
            failures += bool(lost or doubled or orphans or hung)
            committed = set(counts)
        report = index_paths([corpus], index_dir)
        counts = indexed_letters(index_dir)
        want = {variant_id(n) for n in range(next_n)}
        complete = set(counts) == want and all(c == 1 for c in counts.values()) and not report.failed
        sample = random.Random(seed).sample(sorted(want), 20)
        complete = complete and found_by_search(index_dir, sample) == set(sample)
        print(f"\nkilled: {totals['worker']} workers, {totals['indexer']} indexers in {rounds} rounds; "
              f"letters lost {totals['lost']}, doubled {totals['doubled']}, orphan processes {totals['orphans']}, "
              f"hung runs {totals['hung']}; time per round: mean {sum(times) / len(times):.1f} s, max {max(times):.1f} s")
        print(f"final run: {report.summary()}; index {'complete' if complete else 'INCOMPLETE'} ({len(counts)} letters)")
        return 0 if complete and not failures else 1


def run_and_kill(corpus: Path, index_dir: Path, plan: str, rng: random.Random, timeout: float):
    """One indexing run, killed as planned: a worker once it is parsing, the indexer at a random
    moment (startup, parsing, commit). Returns (what was killed, delay, (exit, session), hung)."""
    proc = start_indexer(corpus, index_dir, subprocess.DEVNULL)
    started = time.monotonic()
    killed: list[str] = []
    delay = 0.0
    if "worker" in plan:
        while proc.poll() is None and time.monotonic() - started < timeout:
            workers = children(proc.pid)
            if workers:
                time.sleep(rng.uniform(0.0, 0.3))
                victim = rng.choice(workers)
                try:
                    os.kill(victim, signal.SIGKILL)
                    killed.append("worker")
                except ProcessLookupError:
                    pass
                break
            time.sleep(0.01)
    if "indexer" in plan:
        delay = rng.uniform(0.1, 2.5)
        while proc.poll() is None and time.monotonic() - started < delay:
            time.sleep(0.01)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed.append("indexer")
    hung = False
    try:
        proc.communicate(timeout=max(1.0, timeout - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        hung = True
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    return killed, delay or time.monotonic() - started, (proc.returncode, proc.pid), hung


# --- bigfile ---------------------------------------------------------------------------------

def bigfile(mb: int) -> int:
    with tempfile.TemporaryDirectory(prefix="kamerzoek-big-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_variants(corpus, 1)
        template = EXAMPLE.read_text(encoding="utf-8")
        body = template.split("Onderwerp", 1)[1]
        with open(corpus / "huge.md", "w", encoding="utf-8") as f:
            head = variant_text(999, template)
            f.write(head)
            size = len(head)
            while size < mb * 1024 * 1024:
                f.write(body)
                size += len(body)
        code = (
            "import re, time; from indexer.indexing import index_paths; t = time.perf_counter();"
            f"r = index_paths([{str(corpus)!r}], {str(Path(tmp) / 'ix')!r});"
            "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1);"
            "print(r.summary(), '|', r.failed, '|', round(time.perf_counter() - t, 1), '|', hwm)"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=1800)
        if out.returncode:
            print(out.stderr[-2000:])
            return 1
        summary, failed, seconds, hwm = out.stdout.strip().split(" | ")
        print(f"{mb} MB text letter: {summary}; {failed}; {seconds} s; peak RSS {int(hwm) // 1024} MB")
        return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Deep robustness runs for Kamerzoek.")
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("hostile")
    p.add_argument("--letters", type=int, default=200)
    p.add_argument("--copies", type=int, default=15, help="of each hostile kind (about 35 hostile entries a copy)")
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--timeout", type=float, default=900, help="seconds after which the run counts as hung")
    p.add_argument("--output", metavar="FILE", help="keep the indexer's output here")
    p = sub.add_parser("kills")
    p.add_argument("--letters", type=int, default=300)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--timeout", type=float, default=300, help="seconds after which a run counts as hung")
    p = sub.add_parser("bigfile")
    p.add_argument("--mb", type=int, default=50)
    args = parser.parse_args(argv)
    if args.what == "bigfile":
        return bigfile(args.mb)
    print(f"seed {args.seed}")
    if args.what == "hostile":
        return hostile(args.letters, args.copies, args.seed, args.timeout, args.output)
    return kills(args.letters, args.rounds, args.seed, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
