"""The `kamerzoek` command: a thin shell over the indexer, the search service and the web app.

    kamerzoek index [PATH ...] [--index DIR] [--rebuild] [--follow-links] [--workers N]
    kamerzoek search QUERY [--from DATE] [--to DATE] [--directorate X] [--ministry X] [--year X] [--type X] [--limit N] [--json]
    kamerzoek show ID [--json]
    kamerzoek check FILE [--json]
    kamerzoek serve [--host 127.0.0.1] [--port 8000] [--index DIR] [--corpus DIR] [--public-url URL] [--trusted-proxy ADDR]
    kamerzoek harvest [--from DATE] [--to DATE] [--source koop|tk|all] [--corpus DIR] [--index] ...

Exit codes: 0 all went well, 1 some files failed or nothing was found for show, 2 usage error.
Everything the command prints for its user is Dutch, like the web interface; --help too.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from .demo import default_corpus, harvest_corpus
from .dutch_argparse import in_dutch
from .fields import FACETS
from .indexing import IndexLocked, index_paths, parse_checked
from .layout import IndexOutdated, index_dir_from_env, index_exists, index_is_current
from .model import Letter
from .parsers import ParseError, supported_suffixes
from .query import QueryError
from .segmentwriters import WritingFailed

HOW_TO_ADD = "voeg brieven toe met `kamerzoek index MAP` of haal ze op met `kamerzoek harvest`"


def letters(n: int) -> str:
    return f"{n} brief" if n == 1 else f"{n} brieven"


# --- index ---------------------------------------------------------------------------------

PROGRESS_LINE_EVERY = 10.0  # seconds between progress lines in a log


class Progress:
    """Progress of an indexing run: on a terminal a bar with rate and time left, redrawn in
    place; in a log a line every PROGRESS_LINE_EVERY seconds, so it shows the run moving."""

    def __init__(self, stream, clock=time.monotonic):
        self.stream, self.clock = stream, clock
        self.terminal = stream.isatty()
        self.started = self.last_line = clock()

    def __call__(self, done: int, total: int, path: str) -> None:
        now = self.clock()
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0.0
        if self.terminal:
            self._bar(done, total, path, rate, left)
        elif now - self.last_line >= PROGRESS_LINE_EVERY or done == total:
            self.last_line = now
            self.stream.write(f"voortgang: {done}/{total} bestanden ({100 * done // max(total, 1)} %), "
                              f"{rate:.1f} per s, nog ongeveer {_duration(left)}\n")
            self.stream.flush()

    def _bar(self, done: int, total: int, path: str, rate: float, left: float) -> None:
        width = 24
        filled = int(width * done / max(total, 1))
        name = path if len(path) <= 30 else "…" + path[-29:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                          f"{rate:5.1f}/s nog {_duration(left):>6} {name:<30}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} u {seconds % 3600 // 60:02d} min"


def cmd_index(args) -> int:
    return _index_and_report(args.paths or [default_corpus()], index_dir_from_env(args.index), args.workers,
                             rebuild=args.rebuild, follow_links=args.follow_links)


def _index_and_report(paths, index_dir: str, workers: int, rebuild: bool = False, follow_links: bool = False) -> int:
    """Index, print the summary and each file skipped or failed; the exit code."""
    try:
        report = index_paths(paths, index_dir, rebuild=rebuild, progress=Progress(sys.stderr), workers=workers,
                             follow_links=follow_links)
    except (IndexLocked, WritingFailed) as exc:
        print(f"kamerzoek: {exc}", file=sys.stderr)
        return 1
    print_report(report, index_dir)
    return 1 if report.failed else 0


def print_report(report, index_dir: str) -> None:
    """The summary line, then one line per file that did not go in, with its reason."""
    print(f"Index {index_dir}: {report.summary()}", flush=True)
    for label, entries in (("dubbel", report.duplicates), ("overgeslagen", report.skipped), ("mislukt", report.failed)):
        for path, reason in entries:
            print(f"  {label:12} {path}: {reason}", flush=True)


def _no_index(index_dir: str) -> int:
    print(f"kamerzoek: geen index in {index_dir}; maak er een met `kamerzoek index`", file=sys.stderr)
    return 2


# --- search / show / check ----------------------------------------------------------------

def _service(index_dir: str):
    from .search import SearchService

    return SearchService(index_dir)


def cmd_search(args) -> int:
    from .search import SearchRequest

    index_dir = index_dir_from_env(args.index)
    if not index_exists(index_dir):
        return _no_index(index_dir)
    filters = {facet.name: getattr(args, facet.name) or [] for facet in FACETS}
    request = SearchRequest(
        q=args.query, date_from=args.date_from, date_to=args.date_to, filters=filters,
        sort=args.sort, per_page=args.limit, include_undated=args.include_undated, as_typed=args.as_typed,
    )
    try:
        result = _service(index_dir).search(request)
    except QueryError as exc:
        print(f"kamerzoek: {exc}", file=sys.stderr)
        return 2
    if args.json:
        from web.search_data import present, search_json  # the API's JSON, with relative links

        data = present(request, result, _search_state(request))
        print(json.dumps(search_json(data), ensure_ascii=False, indent=2))
        return 0
    if result.respelled:
        print(f"Resultaten voor {result.respelled}. Zoek in plaats daarvan op {request.q} met --as-typed.")
    print(f"{letters(result.total)} ({result.took_ms:.0f} ms)")
    if result.suggestion:
        print(f"Bedoelde u: {result.suggestion}?")
    if result.undated_left_out:
        print(f"{letters(result.undated_left_out)} zonder datum niet meegeteld; neem ze mee met --include-undated")
    for n, hit in enumerate(result.hits, start=1):
        letter = hit.letter
        date = letter.date.isoformat() if letter.date else "----------"
        print(f"\n{n}. {date}  {letter.subject or '(zonder onderwerp)'}  [{letter.id}]")
        meta = " · ".join(filter(None, [letter.kenmerk and f"kenmerk {letter.kenmerk}",
                                    letter.kamerstuk and f"Kamerstuk {letter.kamerstuk}", letter.directorate, letter.ministry]))
        if meta:
            print(f"   {meta}")
        for passage in hit.passages:
            print(f"   #{passage.anchor}: {_terminal_snippet(passage.snippet)}")
    return 0


def _search_state(request) -> list[tuple[str, str]]:
    """The search's URL parameters, for the links in its JSON."""
    state = [("q", request.q), ("from", request.date_from), ("to", request.date_to),
             *((name, value) for name, values in request.filters.items() for value in values),
             ("undated", "1" if request.include_undated else None), ("as_typed", "1" if request.as_typed else None)]
    return [(name, value) for name, value in state if value]


def _terminal_snippet(html_snippet: str) -> str:
    """<mark>…</mark> as bold on a terminal, as *…* elsewhere; HTML entities decoded."""
    import html
    import re

    on, off = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("*", "*")
    text = re.sub(r"</?mark>", lambda m: off if m.group(0).startswith("</") else on, html_snippet)
    return html.unescape(text)


def cmd_show(args) -> int:
    index_dir = index_dir_from_env(args.index)
    if not index_exists(index_dir):
        return _no_index(index_dir)
    letter = _service(index_dir).get_letter(args.id)
    if letter is None:
        print(f"kamerzoek: geen brief met id '{args.id}'", file=sys.stderr)
        return 1
    _print_letter(letter, args.json)
    return 0


def cmd_check(args) -> int:
    try:
        letter = parse_checked(args.file)  # in a worker, within the limits the indexer sets
    except ParseError as exc:
        print(f"kamerzoek: {args.file}: {exc}", file=sys.stderr)
        return 1
    _print_letter(letter, args.json)
    return 0


LETTER_LABELS = {
    "id": "id", "kenmerk": "kenmerk", "kamerstuk": "kamerstuk", "date": "datum", "directorate": "directie",
    "ministry": "ministerie", "subject": "onderwerp", "addressee": "geadresseerde", "doc_type": "soort",
}


def _print_letter(letter: Letter, as_json: bool) -> None:
    data = letter.to_dict()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key in Letter.metadata_fields():
        print(f"{LETTER_LABELS.get(key, key):14} {data[key] if data[key] is not None else '—'}")
    signer = data["signer"] or {}
    print(f"{'ondertekenaar':14} {signer.get('name') or '—'} ({signer.get('role') or '—'})")
    print(f"{'bron':14} {data['source']['path']} [{data['source']['format']}]")
    print(f"\nPassages ({len(letter.passages)}):")
    for passage in letter.passages:
        heading = f" [{passage.heading}]" if passage.heading else ""
        text = passage.text if len(passage.text) <= 200 else passage.text[:197] + "..."
        print(f"  {passage.anchor}{heading} {text}")
    print(f"\nVoetnoten ({len(letter.footnotes)}):")
    for note in letter.footnotes:
        print(f"  {note.number}. {note.text}")
    print(f"\nVerwijzingen ({len(letter.references)}):")
    for ref in letter.references:
        print(f"  {ref.kind:10} {ref.target:28} {ref.text}")


# --- serve ---------------------------------------------------------------------------------

def cmd_serve(args) -> int:
    from waitress import create_server

    from web import create_app
    from web.urls import public_url

    index_dir = index_dir_from_env(args.index)
    corpus = args.corpus or default_corpus()
    if _needs_indexing(index_dir):
        try:
            _first_indexing(corpus, index_dir)
        except (IndexLocked, WritingFailed) as exc:
            print(f"kamerzoek: {exc}", file=sys.stderr)
            return 1
    try:
        app = create_app({"INDEX_DIR": index_dir, "CORPUS_DIRS": [corpus],
                          "PUBLIC_URL": args.public_url or _own_address(args.host, args.port)})
    except ValueError as exc:
        print(f"kamerzoek: {exc}", file=sys.stderr)
        return 2
    service = app.extensions["kamerzoek.search"]
    service.settle_for_serving()
    server = create_server(app, host=args.host, port=args.port, threads=args.threads, ident="kamerzoek",
                           **_proxy_settings(args))
    if not args.public_url:  # --port 0: the port the system chose
        app.config["PUBLIC_URL"] = public_url(_own_address(args.host, server.effective_port))
    public = app.config["PUBLIC_URL"]
    print(f"Kamerzoek op http://{args.host}:{server.effective_port}/ (index {index_dir}, "
          f"{letters(service.letter_count())}; links: {public})", flush=True)
    if not args.public_url and args.host in WILDCARD_HOSTS:
        print("Let op: links in de feed en de API beginnen met " + public + "; geef met --public-url "
              "(of KAMERZOEK_PUBLIC_URL) het adres waaronder gebruikers Kamerzoek bereiken.", flush=True)
    server.run()
    return 0


def _needs_indexing(index_dir: str) -> bool:
    """No index, one from an earlier version, or one without letters (a start without a
    corpus, or a first run that failed): index the corpus before serving."""
    if not index_exists(index_dir) or not index_is_current(index_dir):
        return True
    from .search import SearchService

    service = SearchService(index_dir)
    try:
        return service.letter_count() == 0
    finally:
        service.close()


def _first_indexing(corpus: str, index_dir: str) -> None:
    """Index the corpus; an index this run created is removed again if the run fails, so the
    next start does not find a half-made one."""
    import shutil

    if not Path(corpus).is_dir():
        print(f"kamerzoek: geen brievenmap {corpus}; de index is leeg: {HOW_TO_ADD}", flush=True)
        return
    created = not Path(index_dir).exists()
    print(f"Nog geen brieven in de index {index_dir}: {corpus} wordt geïndexeerd ...", flush=True)
    try:
        report = index_paths([corpus], index_dir, progress=Progress(sys.stderr), workers=os.cpu_count() or 1)
    except BaseException:
        if created:
            shutil.rmtree(index_dir, ignore_errors=True)
        raise
    print_report(report, index_dir)


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def _own_address(host: str, port: int) -> str:
    """The server's own address, as the base of absolute links when no public URL is given."""
    host = "localhost" if host in WILDCARD_HOSTS else host
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _proxy_settings(args) -> dict:
    """Behind a reverse proxy: believe its X-Forwarded-For/-Proto (client address, https), and
    only from that proxy's address. Links never follow a forwarded or requested host name."""
    if not args.trusted_proxy:
        return {}
    return {"trusted_proxy": args.trusted_proxy, "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto",
            "clear_untrusted_proxy_headers": True}


# --- harvest -------------------------------------------------------------------------------

def cmd_harvest(args) -> int:
    from .harvest import Client, Harvester, Politeness
    from .harvest.progress import ProgressLine

    options = _harvest_options(args)
    client = Client(Politeness(rate=args.rate, timeout=args.timeout, retries=args.retries))
    progress = ProgressLine(sys.stderr)
    try:
        report = Harvester(options, client, progress).run()
    finally:
        progress.finish()
    requests = f"{report.requests} verzoek" if report.requests == 1 else f"{report.requests} verzoeken"
    print(f"Oogst in {options.corpus}: {report.summary()} ({requests})")
    for identifier, reason in report.failed:
        print(f"  mislukt {identifier}: {reason}")
    code = 1 if report.failed else 0
    if args.index:
        code = max(code, _index_and_report([options.corpus], index_dir_from_env(args.index_dir), args.workers))
    return code


def _harvest_options(args):
    from .harvest import HarvestOptions

    koop_url, tk_url = args.koop_url, args.tk_url
    if args.endpoint:
        base = args.endpoint.rstrip("/")
        koop_url, tk_url = koop_url or f"{base}/sru", tk_url or f"{base}/OData/v4/2.0"
    defaults = HarvestOptions(corpus=Path("."))
    return HarvestOptions(
        corpus=Path(args.corpus or harvest_corpus()),
        sources=("koop", "tk") if args.source == "all" else (args.source,),
        date_from=args.date_from,
        date_to=args.date_to,
        koop_url=koop_url or defaults.koop_url,
        tk_url=tk_url or defaults.tk_url,
        koop_kinds=tuple(args.koop_soort or defaults.koop_kinds),
        tk_kinds=tuple(args.tk_soort or defaults.tk_kinds),
        tk_expand=args.tk_expand if args.tk_expand is not None else defaults.tk_expand,
        tk_resource=args.tk_bestand or defaults.tk_resource,
        with_pdf=args.with_pdf,
        page_size=args.page_size,
        limit=args.max,
    )


_HARVEST_HELP = "haal Kamerbrieven op uit de officiële open-databronnen"


def _add_harvest_parser(sub) -> None:
    from .harvest import koop, tk

    p = sub.add_parser(
        "harvest", help=_HARVEST_HELP, add_help=False,
        description="Haal Kamerbrieven op bij KOOP (officielebekendmakingen, SRU) en de Tweede Kamer "
                    "(open data, OData) en bewaar ze in een corpusmap die `kamerzoek index` en `serve` lezen. "
                    "Een volgende run haalt alleen op wat nieuw of gewijzigd is en gaat verder waar een "
                    "afgebroken run stopte. Exitcode 0: alles gelukt; 1: iets mislukte (de rest is bewaard); "
                    "2: verkeerd gebruik.",
    )
    p.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    p.add_argument("--from", dest="date_from", type=_iso_date, metavar="DATUM",
                   help="alleen brieven van deze datum of later (JJJJ-MM-DD)")
    p.add_argument("--to", dest="date_to", type=_iso_date, metavar="DATUM",
                   help="alleen brieven van deze datum of eerder (JJJJ-MM-DD)")
    p.add_argument("--source", choices=["koop", "tk", "all"], default="all",
                   help="welke bron: koop, tk of all (standaard: all, eerst KOOP, dan de Tweede Kamer)")
    p.add_argument("--corpus", metavar="MAP",
                   help="corpusmap waarin de brieven komen (standaard $KAMERZOEK_CORPUS of corpus/)")
    p.add_argument("--index", action="store_true", help="indexeer de corpusmap na het ophalen, in dezelfde run")
    p.add_argument("--index-dir", metavar="MAP",
                   help="indexmap voor --index (standaard $KAMERZOEK_INDEX of var/index)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="processen die bij --index bestanden lezen en, bij 500 brieven of meer, de index "
                        "schrijven (standaard: één per kern)")
    p.add_argument("--with-pdf", action="store_true",
                   help="bewaar bij KOOP-brieven ook de PDF (in .harvest/pdf/, buiten de index)")
    p.add_argument("--endpoint", metavar="URL",
                   help="basisadres van een andere server met beide bronnen: SRU op URL/sru, "
                        "OData op URL/OData/v4/2.0 (voor een spiegel of een testserver)")
    p.add_argument("--koop-url", metavar="URL", help=f"SRU-adres van KOOP (standaard {koop.SRU_URL})")
    p.add_argument("--tk-url", metavar="URL", help=f"OData-adres van de Tweede Kamer (standaard {tk.ODATA_URL})")
    p.add_argument("--koop-soort", action="append", metavar="SOORT",
                   help="subrubriek van de Kamerstukken die KOOP levert, herhaalbaar (standaard: Brief)")
    p.add_argument("--tk-soort", action="append", metavar="SOORT",
                   help="Soort van de TK-documenten, herhaalbaar (standaard: 'Brief regering')")
    p.add_argument("--tk-expand", metavar="EXPAND",
                   help="$expand van de TK-vraag; leeg om niets mee te vragen "
                        f"(standaard {tk.EXPAND})")
    p.add_argument("--tk-bestand", metavar="SJABLOON",
                   help="adres van het bestand van een TK-document, met {base} en {id} "
                        f"(standaard {tk.RESOURCE_TEMPLATE})")
    p.add_argument("--rate", type=float, default=4.0, metavar="N",
                   help="hoogstens N verzoeken per seconde per server (standaard 4; 0: geen grens)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SEC",
                   help="seconden wachten op een antwoord (standaard 60)")
    p.add_argument("--retries", type=int, default=5, metavar="N",
                   help="nieuwe pogingen na een time-out, 429 of 5xx, met oplopende wachttijd en Retry-After "
                        "(standaard 5)")
    p.add_argument("--page-size", type=_page_size, metavar="N",
                   help=f"records per pagina (standaard {koop.PAGE_SIZE} bij KOOP, {tk.PAGE_SIZE} bij de TK, "
                        f"die er niet meer geeft)")
    p.add_argument("--max", type=_count, metavar="N",
                   help="hoogstens N brieven per bron in deze run; een volgende run gaat verder")
    p.set_defaults(func=cmd_harvest)


def _iso_date(text: str):
    import datetime as _dt

    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ongeldige datum {text!r} (verwacht JJJJ-MM-DD)") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("moet 1 of meer zijn")
    return value


def _page_size(text: str) -> int:
    value = _count(text)
    if value > 1000:
        raise argparse.ArgumentTypeError("hoogstens 1000")
    return value


# --- argument parsing ------------------------------------------------------------------------

def build_parser(with_harvest: bool = True) -> argparse.ArgumentParser:
    """The parser; build and use it inside ``in_dutch()`` so argparse's own texts are Dutch.
    ``with_harvest=False`` leaves out the options of `harvest`, which import the harvest
    package (30-70 ms of every command's start)."""
    parser = argparse.ArgumentParser(prog="kamerzoek", description="Zoeken in Kamerbrieven.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT", title="opdrachten")
    index_help = "indexmap (standaard $KAMERZOEK_INDEX of var/index)"

    p = sub.add_parser("index", help="indexeer brieven (standaard: de meegeleverde brieven)", description=(
        "Brengt de index in lijn met de brieven in de mappen of bestanden: nieuwe en gewijzigde bestanden "
        "worden gelezen, verdwenen bestanden verwijderd, alles in één keer vastgelegd."))
    p.add_argument("paths", nargs="*", metavar="PAD", help="map of bestand met brieven")
    p.add_argument("--index", metavar="MAP", help=index_help)
    p.add_argument("--rebuild", action="store_true",
                   help="bouw de index opnieuw op, naast de huidige; die blijft tot de nieuwe klaar is")
    p.add_argument("--follow-links", action="store_true",
                   help="volg symbolische links die binnen de corpusmappen blijven (standaard: geen)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="processen die bestanden lezen en, bij 500 brieven of meer, de index schrijven "
                        "(standaard: één per processorkern)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="zoek in de index", description="Zoekt brieven; de zoektaal staat in de README.")
    p.add_argument("query", metavar="ZOEKVRAAG", help='woorden, "een zin", OR, NOT, veld:waarde, voorvoegsel*, woord~')
    p.add_argument("--from", dest="date_from", metavar="DATUM",
                   help="brieven vanaf het begin van deze periode: een jaar (2021), maand (2021-11, nov 2021) of dag")
    p.add_argument("--to", dest="date_to", metavar="DATUM",
                   help="brieven tot en met het einde van deze periode (--to 2021: tot en met 31 december 2021)")
    p.add_argument("--include-undated", action="store_true",
                   help="tel bij --from/--to ook de brieven zonder datum mee")
    p.add_argument("--as-typed", action="store_true",
                   help="zoek op de zoekvraag zoals getypt, ook als die niets vindt (geen andere spelling)")
    for facet in FACETS:
        p.add_argument(f"--{facet.name}", action="append", metavar="X",
                       help=f"filter op {facet.help}; herhaalbaar")
    p.add_argument("--sort", choices=["relevance", "date_desc", "date_asc"], default="relevance",
                   help="volgorde: relevantie, nieuwste of oudste eerst (standaard relevance)")
    p.add_argument("--limit", type=_positive_int, default=10, metavar="N", help="hoeveel brieven (1-100, standaard 10)")
    p.add_argument("--json", action="store_true", help="het resultaat als JSON")
    p.add_argument("--index", metavar="MAP", help=index_help)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="toon één geïndexeerde brief")
    p.add_argument("id", metavar="ID", help="het id van de brief")
    p.add_argument("--json", action="store_true", help="de brief als JSON")
    p.add_argument("--index", metavar="MAP", help=index_help)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("check", help="lees één bestand en toon wat de indexer eruit haalt")
    p.add_argument("file", metavar="BESTAND", help="een brief; gelezen worden " + " ".join(sorted(supported_suffixes())))
    p.add_argument("--json", action="store_true", help="het resultaat als JSON")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="start de webinterface en de API", description=(
        "Start de webserver. Zonder brieven in de index worden eerst de brieven van --corpus "
        "geïndexeerd (standaard: de meegeleverde brieven)."))
    p.add_argument("--host", default=os.environ.get("KAMERZOEK_HOST", "127.0.0.1"), metavar="ADRES",
                   help="adres (standaard 127.0.0.1)")
    p.add_argument("--port", type=int, default=int(os.environ.get("KAMERZOEK_PORT", "8000")), metavar="POORT",
                   help="poort (standaard 8000; 0 kiest een vrije poort)")
    p.add_argument("--threads", type=int, default=8, metavar="N", help="gelijktijdige verzoeken (standaard 8)")
    p.add_argument("--index", metavar="MAP", help=index_help)
    p.add_argument("--corpus", metavar="MAP", help="map met brieven om te indexeren als de index nog leeg is")
    p.add_argument("--public-url", default=os.environ.get("KAMERZOEK_PUBLIC_URL"), metavar="URL",
                   help="het adres waaronder gebruikers Kamerzoek bereiken, begin van de links in feed en API "
                        "(standaard $KAMERZOEK_PUBLIC_URL, anders het eigen adres)")
    p.add_argument("--trusted-proxy", default=os.environ.get("KAMERZOEK_TRUSTED_PROXY"), metavar="ADRES",
                   help="IP-adres van een reverse proxy waarvan X-Forwarded-For en X-Forwarded-Proto geloofd worden "
                        "(standaard $KAMERZOEK_TRUSTED_PROXY)")
    p.set_defaults(func=cmd_serve)

    if with_harvest:
        _add_harvest_parser(sub)
    else:
        sub.add_parser("harvest", help=_HARVEST_HELP)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError("moet tussen 1 en 100 liggen")
    return value


def main(argv: list[str] | None = None) -> int:
    with in_dutch():
        # only a command line that names `harvest` needs its options
        args = build_parser(with_harvest="harvest" in (sys.argv[1:] if argv is None else argv)).parse_args(argv)
    try:
        return args.func(args)
    except IndexOutdated:
        index_dir = index_dir_from_env(getattr(args, "index", None))
        print(f"kamerzoek: de index in {index_dir} is gemaakt door een eerdere versie van Kamerzoek; "
              "bouw hem opnieuw met `kamerzoek index --rebuild`", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head/less that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
