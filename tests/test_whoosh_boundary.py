"""Whoosh's private internals are used in one module only, written against one pinned version."""
import ast
import configparser
import re
import warnings
from pathlib import Path

from indexer import whoosh_internals

ROOT = Path(__file__).resolve().parents[1]
BOUNDARY = ROOT / "indexer" / "whoosh_internals.py"


def pinned_in_setup_cfg() -> str | None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    for line in config["options"]["install_requires"].splitlines():
        found = re.fullmatch(r"\s*whoosh-reloaded\s*==\s*([\w.]+)\s*", line)
        if found:
            return found.group(1)
    return None


def test_the_installed_whoosh_is_the_version_its_internals_were_written_against():
    installed, pinned = whoosh_internals.installed_whoosh(), whoosh_internals.WRITTEN_AGAINST
    assert pinned_in_setup_cfg() == pinned, (
        f"setup.cfg must pin whoosh-reloaded=={pinned}, the version indexer/whoosh_internals.py was written against"
    )
    assert installed == pinned, (
        f"whoosh-reloaded {installed} is installed, but indexer/whoosh_internals.py was written against "
        f"{pinned}: check every private whoosh name it uses against {installed}'s sources, then change "
        f"WRITTEN_AGAINST and the pin in setup.cfg together (or install whoosh-reloaded=={pinned})"
    )


def _modules():
    for folder in ("indexer", "web"):
        yield from (ROOT / folder).rglob("*.py")


def _private_names_defined_in(paths) -> set[str]:
    """Private names that these modules define: functions, classes, attributes, slots."""
    names = set()
    for path in paths:
        with warnings.catch_warnings():  # old escape sequences in whoosh's sources
            warnings.simplefilter("ignore", (SyntaxWarning, DeprecationWarning))
            tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
                names.add(node.value)  # __slots__ entries
    return {name for name in names if _is_private(name)}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_module_but_the_boundary_touches_a_private_whoosh_name():
    import whoosh

    whoosh_names = _private_names_defined_in(Path(whoosh.__path__[0]).rglob("*.py"))
    foreign = whoosh_names - _private_names_defined_in(_modules())
    trespasses = []
    for path in _modules():
        if path == BOUNDARY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                trespasses += [f"{path.name}: imports {a.name}" for a in node.names if _is_private(a.name)]
            elif isinstance(node, ast.Attribute) and node.attr in foreign:
                trespasses.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert not trespasses, "whoosh internals outside indexer/whoosh_internals.py: " + ", ".join(trespasses)
