"""argparse in Dutch: its usage line, headings and error messages, for the `kamerzoek` command.

argparse looks its texts up through gettext at the moment it uses them; the standard library
ships no Dutch catalogue, so ``in_dutch()`` lends argparse this table while a parser is built
and used, and leaves it as it was afterwards (so nothing else in the process changes).
"""
from __future__ import annotations

import argparse
from contextlib import contextmanager

DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hooguit één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s kan %(matches)s zijn",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "not allowed with argument %s": "niet samen met argument %s",
    "ignored explicit argument %r": "waarde genegeerd: %r",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}
DUTCH_PLURAL = {
    "expected %s argument": ("verwacht %s waarde", "verwacht %s waarden"),
}


def _gettext(message: str) -> str:
    return DUTCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    forms = DUTCH_PLURAL.get(singular, (singular, plural))
    return forms[0] if n == 1 else forms[1]


@contextmanager
def in_dutch():
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
