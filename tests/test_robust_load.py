"""A short load run against the real server (scripts/loadtest.py): 200 requests, 8 clients.
Bounded by the number of requests, not by time: latency is measured in bench/."""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_a_short_load_run_has_no_errors():
    proc = subprocess.run(
        [sys.executable, "scripts/loadtest.py", "--clients", "8", "--requests", "200", "--seconds", "3600",
         "--letters", "0", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,  # bounded by requests; a hang guard only
    )
    results = json.loads(proc.stdout)
    assert proc.returncode == 0, results
    (level,) = results
    assert level["requests"] == 200 and level["errors"] == 0  # latency is measured in bench/, not here
