"""Deep robustness runs, too long for CI (see tests/test_robust_*.py for the short versions).

    python scripts/robustness.py kills [--letters 300] [--kills 20] [--seed N]
    python scripts/robustness.py bigfile [--mb 50]

kills:   indexes a corpus of variant letters that grows between runs and SIGKILLs
         `python -m indexer.cli index` at random moments (startup, parsing, commit). After
         each kill the index must open, keep every letter committed before it (once), and a
         final run must complete the work. Leftover files of killed writers are counted.
bigfile: indexes one text letter of --mb megabytes beside a normal letter and reports the
         time and the indexer's peak RSS (VmHWM).
Exit status 0 when every check held.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.robust_corpus import (  # noqa: E402
    EXAMPLE, found_by_search, indexed_letters, kill_indexer_after, make_variants, variant_id, variant_text,
)


def kills(letters: int, count: int, seed: int) -> int:
    from indexer.indexing import index_paths

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="kamerzoek-kills-") as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "ix"
        initial = letters // 2
        batch = max(1, (letters - initial) // count)
        make_variants(corpus, initial)
        started = time.perf_counter()
        index_paths([corpus], index_dir)
        per_file = (time.perf_counter() - started) / initial
        committed = set(indexed_letters(index_dir))
        killed = survived = 0
        next_n = initial
        k = 0
        while killed < count and k < 3 * count:  # runs that finish before the kill do not count
            make_variants(corpus, batch, start=next_n)
            next_n += batch
            if rng.random() < 0.3:  # change a committed letter too: an update must not be half-done
                n = rng.randrange(initial)
                path = corpus / f"brief-{n:04d}.md"
                path.write_text(variant_text(n) + f"\n\nAanvulling {k}.\n", encoding="utf-8")
            pending = next_n - len(committed)  # killed runs leave their work to the next one
            expected_run = 0.6 + per_file * (pending + 1)
            delay = rng.uniform(0.05, expected_run * 1.3)
            was_killed, code = kill_indexer_after(corpus, index_dir, delay)
            killed += was_killed
            try:
                counts = indexed_letters(index_dir)
            except Exception as exc:  # noqa: BLE001
                print(f"run {k + 1}: the index does not open: {exc!r}")
                return 1
            lost = committed - set(counts)
            doubled = [i for i, c in counts.items() if c != 1]
            status = "killed" if was_killed else f"finished ({code})"
            print(f"run {k + 1:2d}: kill after {delay:5.2f} s {status:14} letters {len(counts):4d} "
                  f"lost {len(lost)} doubled {len(doubled)}")
            if lost or doubled:
                return 1
            survived += 1
            committed = set(counts)
            k += 1
        leftovers = sorted(p.name for p in index_dir.iterdir())
        report = index_paths([corpus], index_dir)
        counts = indexed_letters(index_dir)
        want = {variant_id(n) for n in range(next_n)}
        ok = set(counts) == want and all(c == 1 for c in counts.values()) and not report.failed
        sample = random.Random(seed).sample(sorted(want), 20)
        ok = ok and found_by_search(index_dir, sample) == set(sample)
        after = sorted(p.name for p in index_dir.iterdir())
        print(f"{killed} of {k} runs killed, {survived} checks survived; final run: {report.summary()}")
        print(f"index files before the final run: {len(leftovers)}, after: {len(after)} "
              f"({sum(n.endswith('.seg') for n in after)} segments)")
        print("final index complete" if ok else "FINAL INDEX INCOMPLETE")
        return 0 if ok and killed >= count else 1


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
    p = sub.add_parser("kills")
    p.add_argument("--letters", type=int, default=300)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p = sub.add_parser("bigfile")
    p.add_argument("--mb", type=int, default=50)
    args = parser.parse_args(argv)
    if args.what == "kills":
        print(f"seed {args.seed}")
        return kills(args.letters, args.kills, args.seed)
    return bigfile(args.mb)


if __name__ == "__main__":
    sys.exit(main())
