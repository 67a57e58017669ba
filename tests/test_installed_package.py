"""The package as a user installs it: the wheel built from this checkout, installed (not
editable) into a virtual environment of its own, `kamerzoek serve` started from an empty
folder outside the checkout, and every route requested over HTTP.

This catches what the editable install of the other tests cannot: a template, static file,
data file or bundled letter missing from the wheel, or code that finds its files only when
started inside the checkout.

To stay quick, the new environment gets the wheel from pip and its declared dependencies
(and theirs) linked from the environment running the tests, at the versions installed
there; nothing undeclared is visible to it. That pip resolves those dependencies is what
installing the test environment itself checks.
"""
from __future__ import annotations

import importlib.metadata as metadata
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .conftest import EXAMPLE_ID, ROOT

NOT_PACKAGED = shutil.ignore_patterns(".git", ".venv*", "var", "build", "dist", "*.egg-info", "__pycache__",
                                      ".pytest_cache", ".hypothesis", "screenshots", "node_modules")
HANG_GUARD = 600  # seconds; not a limit on speed, only so a hung server cannot hang the run


def build_wheel(work: Path) -> Path:
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_PACKAGED, symlinks=True)  # the build writes beside its source
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source)],
                   check=True, capture_output=True, timeout=HANG_GUARD)
    (wheel,) = (work / "dist").glob("kamerzoek-*.whl")
    return wheel


def declared_dependencies(name: str) -> set[str]:
    """The distributions ``name`` requires, and what they require, as installed here."""
    found: set[str] = set()
    todo = [name]
    while todo:
        dist = metadata.distribution(todo.pop())
        for requirement in dist.requires or []:
            spec, _, marker = requirement.partition(";")
            if "extra" in marker or (marker and not _marker_holds(marker)):
                continue
            dependency = re.match(r"[A-Za-z0-9._-]+", spec).group(0)
            if dependency.lower() not in found:
                found.add(dependency.lower())
                todo.append(dependency)
    return found


def _marker_holds(marker: str) -> bool:
    from pip._vendor.packaging.markers import Marker  # pip's copy: always there

    return Marker(marker).evaluate()


def link_distribution(name: str, site_packages: Path) -> None:
    """Make an installed distribution importable from another environment's site-packages."""
    dist = metadata.distribution(name)
    tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
    for top in tops:
        target = Path(dist.locate_file(top))
        if target.exists() and not (site_packages / top).exists():
            (site_packages / top).symlink_to(target)


def install(wheel: Path, venv: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-deps", str(wheel)], check=True, capture_output=True, timeout=HANG_GUARD)
    site_packages = Path(subprocess.run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True).stdout.strip())
    for name in declared_dependencies("kamerzoek"):
        link_distribution(name, site_packages)


def start_server(venv: Path, folder: Path) -> tuple[subprocess.Popen, str]:
    """`kamerzoek serve` as the README starts it, on a free port; returns it and its address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAMERZOEK_", "PYTHON"))}
    proc = subprocess.Popen([venv / "bin" / "kamerzoek", "serve", "--port", "0"], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while selector.select(timeout=HANG_GUARD):
            line = proc.stdout.readline()
            output.append(line)
            address = re.search(r"http://[\d.]+:\d+/", line)
            if address:
                return proc, address.group(0).rstrip("/")
            if not line:
                break
    proc.kill()
    pytest.fail("kamerzoek serve did not start:\n" + "".join(output))


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=HANG_GUARD) as response:
        return response.status, response.headers.get_content_type(), response.read().decode("utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def served(wheel, tmp_path_factory):
    work = tmp_path_factory.mktemp("installed")
    install(wheel, work / "venv")
    folder = work / "elders"  # an empty folder outside the checkout
    folder.mkdir()
    proc, base = start_server(work / "venv", folder)
    yield base, folder
    proc.terminate()
    proc.wait(timeout=HANG_GUARD)


def test_the_installed_package_serves_every_route_from_a_folder_outside_the_checkout(served):
    base, folder = served
    assert get(f"{base}/healthz")[2] and json.loads(get(f"{base}/healthz")[2])["letters"] >= 1  # the bundled letters
    status, kind, page = get(f"{base}/")
    assert (status, kind) == (200, "text/html") and "<form" in page
    status, kind, page = get(f"{base}/?q=mensenhandel")
    assert (status, kind) == (200, "text/html") and f"/letters/{EXAMPLE_ID}" in page

    found = json.loads(get(f"{base}/api/search?q=lokprofiel")[2])
    hit = next(h for h in found["hits"] if h["id"] == EXAMPLE_ID)
    passage_url = hit["passages"][0]["url"]
    anchor = passage_url.split("#")[1]
    status, _, letter_page = get(passage_url if passage_url.startswith("http") else base + passage_url)
    assert status == 200 and f'id="{anchor}"' in letter_page and "<mark>" in letter_page
    assert get(f"{base}/letters/{EXAMPLE_ID}")[0] == 200
    assert json.loads(get(f"{base}/api/letters/{EXAMPLE_ID}")[2])["id"] == EXAMPLE_ID

    status, kind, feed = get(f"{base}/feed?q=mensenhandel")
    assert (status, kind) == (200, "application/atom+xml") and f"/letters/{EXAMPLE_ID}" in feed
    assert "/api/search" in json.loads(get(f"{base}/api/openapi.json")[2])["paths"]
    for static in ("style.css", "app.js"):
        assert get(f"{base}/static/{static}")[0] == 200
    # the compound word list ships as package data: a part finds the compound
    assert EXAMPLE_ID in [h["id"] for h in json.loads(get(f"{base}/api/search?q=crawler")[2])["hits"]]
    assert (folder / "var" / "index").is_dir(), "the index lives where the server was started"


def test_the_wheel_carries_every_file_of_the_packages_and_the_bundled_letters(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("web/templates", "web/static", "indexer/data"):
        for path in (ROOT / folder).iterdir():
            if path.is_file():
                assert f"{folder}/{path.name}" in names, f"{folder}/{path.name} is not in the wheel"
    for path in (ROOT / "corpus").iterdir():  # installed as <prefix>/share/kamerzoek/corpus (indexer/demo.py)
        assert any(n.endswith(f".data/data/share/kamerzoek/corpus/{path.name}") for n in names), path.name
