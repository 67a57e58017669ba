"""Kamerzoek's indexer: letters in, a searchable whoosh index out, and the search service."""
import os

# numpy's OpenBLAS starts a thread per core as numpy is imported, for matrix products that
# Kamerzoek never computes: 15-50 ms of every start on two cores, and the second core kept
# busy. One thread unless whoever runs us says otherwise (numpy is imported after this).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .lean_whoosh import import_whoosh  # noqa: E402 - after the thread setting, before any whoosh import

import_whoosh()
