"""A bounded load test of `kamerzoek serve` on 127.0.0.1.

Starts the server (python -m indexer.cli serve) on a free port with a fresh index in a
temporary folder, waits for /healthz, then for each concurrency level sends a mix of search
page, letter page and API requests from that many client threads, in two mixes: "plain"
(words, phrases, OR, NOT, a prefix, a field, a date) and "fuzzy" (the same with one fuzzy
word, `begroting~`, in the queries, the costly kind). Each level stops after --requests
requests or --seconds seconds, whichever comes first; the server is stopped at the end.
Reports per mix and level throughput (req/s), p50/p95 latency, the searches stopped by the
server's time budget (503, counted apart) and the errors (any other status than 200).

    python scripts/loadtest.py                       # both mixes, 8 and 32 clients, 2000 requests each
    python scripts/loadtest.py --mix plain --clients 8 --requests 200 --letters 0   # the short CI run
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLAIN = ["mensenhandel", "lokprofiel", "webcrawler", '"seksueel geweld"', "opsporing OR vervolging",
         "zeden -kinderen", "lokprof*", "subject:mensenhandel", "date:2016", "politie"]
MIXES = {"plain": PLAIN, "fuzzy": PLAIN + ["begroting~"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workdir: Path, letters: int, threads: int, log=None) -> tuple[subprocess.Popen, int, list[str]]:
    corpus = workdir / "corpus"
    if letters:
        from tests.robust_corpus import make_variants, variant_id

        make_variants(corpus, letters)
        ids = [variant_id(n) for n in range(letters)]
    else:
        corpus = ROOT / "corpus"
        ids = ["jenv-2021-11-17-3627733"]
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--index", str(workdir / "ix"), "--corpus", str(corpus), "--threads", str(threads)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port, ids
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not come up")


def request_mix(rng: random.Random, ids: list[str], queries: list[str]) -> str:
    kind = rng.random()
    q = quote(rng.choice(queries))
    if kind < 0.4:
        return f"/?q={q}"
    if kind < 0.7:
        return f"/api/search?q={q}"
    letter = rng.choice(ids)
    if kind < 0.9:
        return f"/letters/{letter}" + (f"?q={q}" if rng.random() < 0.5 else "")
    return f"/api/letters/{letter}"


def run_level(port: int, ids: list[str], clients: int, requests: int, seconds: float, mix: str = "plain") -> dict:
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    over_budget = [0]
    issued = [0]
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= requests:
                    return
                issued[0] += 1
            path = request_mix(rng, ids, MIXES[mix])
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = f"{type(exc).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if status == 503 and "/api/search" in path or status == 503 and path.startswith("/?"):
                    over_budget[0] += 1  # stopped by the search's time budget, as designed
                elif status != 200:
                    errors.append(f"{status} {path}")
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"mix": mix, "clients": clients, "requests": len(latencies), "over_budget": over_budget[0], "seconds": round(elapsed, 2),
            "req_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "max_ms": round(pct(1.0), 1),
            "errors": len(errors), "error_samples": errors[:5]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--mix", choices=["plain", "fuzzy", "both"], default="both")
    parser.add_argument("--requests", type=int, default=2000, help="per level (bound)")
    parser.add_argument("--seconds", type=float, default=60.0, help="per level (bound)")
    parser.add_argument("--letters", type=int, default=100, help="variant letters to index (0: corpus/)")
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--server-log", metavar="FILE", help="keep the server's stderr (tracebacks) here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kamerzoek-load-") as tmp:
        log = open(args.server_log, "w") if args.server_log else None
        proc, port, ids = start_server(Path(tmp), args.letters, args.threads, log)
        try:
            run_level(port, ids, 2, 20, 10)  # warm-up: open the searcher, fill caches
            mixes = ["plain", "fuzzy"] if args.mix == "both" else [args.mix]
            results = [run_level(port, ids, c, args.requests, args.seconds, mix) for mix in mixes for c in args.clients]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{'mix':>5} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
              f"{'503':>5} {'errors':>6}")
        for r in results:
            print(f"{r['mix']:>5} {r['clients']:>7} {r['requests']:>8} {r['req_per_s']:>7} {r['p50_ms']:>7} "
                  f"{r['p95_ms']:>7} {r['max_ms']:>7} {r['over_budget']:>5} {r['errors']:>6}")
            for sample in r["error_samples"]:
                print(f"        {sample}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
