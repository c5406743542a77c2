"""Article extraction benchmark: our extractor against trafilatura on real pages, one process.

    python bench/extraction.py [--data DIR] [--misses FIELD]

Reads the article-bench folder (body/, date/, headline/: ground-truth.json + gzipped pages;
its README gives the scoring method used here), decodes each page as a crawler would without an
HTTP header (BOM, <meta> charset, detection), and prints side by side: body precision/recall/F1,
date accuracy (news pages = date/, general web = headline/ records with a date), headline exact
match and token F1, and pages per second (trafilatura fast mode, body only, against ours doing
every field). A measurement script, not a test: the pages are never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.extract import extract_article  # noqa: E402
from crawler.extract.encoding import decode_html  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-bench"
LEGEND = (
    "trafilatura: extract(fast=True, include_comments=False) for body and speed, "
    "extract_metadata() for date and headline; htmldate: find_date(original_date=True)"
)
SHINGLE = 4
_WORD = re.compile(r"\w+")


@dataclass
class Page:
    kind: str  # "body", "date" or "headline": the folder it comes from
    key: str  # id or URL in ground-truth.json
    url: str
    html: str
    gold: dict[str, Any]


@dataclass
class Results:
    """Per page and system: what was extracted, and how long it took."""

    outputs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    seconds: Counter[str] = field(default_factory=Counter)

    def put(self, system: str, page: Page, value: dict[str, Any]) -> None:
        self.outputs.setdefault(system, {})[f"{page.kind}:{page.key}"] = value

    def get(self, system: str, page: Page) -> dict[str, Any]:
        return self.outputs.get(system, {}).get(f"{page.kind}:{page.key}", {})


# ---------------------------------------------------------------- loading


def load_pages(data: Path) -> list[Page]:
    pages: list[Page] = []
    for kind in ("body", "date", "headline"):
        truth = json.loads((data / kind / "ground-truth.json").read_text(encoding="utf-8"))
        for key, record in truth.items():
            name = f"{key}.html.gz" if kind == "body" else record["file"]
            url = record.get("url", key)
            raw = gzip.decompress((data / kind / "html" / name).read_bytes())
            pages.append(Page(kind, key, url, decode_html(raw), record))
    return pages


# ---------------------------------------------------------------- systems


def run_ours(page: Page) -> dict[str, Any]:
    return extract_article(page.html, page.url)


def run_trafilatura_body(page: Page) -> dict[str, Any]:
    import trafilatura

    return {"body": trafilatura.extract(page.html, url=page.url, fast=True, include_comments=False)}


def run_trafilatura_metadata(page: Page) -> dict[str, Any]:
    import trafilatura

    document = trafilatura.extract_metadata(page.html, default_url=page.url)
    if document is None:
        return {}
    return {"headline": document.title, "date": document.date}


def run_htmldate(page: Page) -> dict[str, Any]:
    from htmldate import find_date

    return {"date": find_date(page.html, url=page.url, original_date=True)}


def run_all(pages: list[Page], systems: dict[str, Callable[[Page], dict[str, Any]]]) -> Results:
    """Each system over every page in turn (one pass per system, so no system pays for
    another's caches); each call is timed on its own."""
    results = Results()
    for name, system in systems.items():
        for page in pages:
            start = time.perf_counter()
            try:
                value = system(page) or {}
            except Exception as error:  # a crash is a miss, reported, not the end of the run
                print(f"{name} failed on {page.url}: {error!r}", file=sys.stderr)
                value = {}
            results.seconds[name] += time.perf_counter() - start
            results.put(name, page, value)
    return results


# ---------------------------------------------------------------- scoring


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def body_scores(pairs: Iterable[tuple[str | None, str]]) -> tuple[float, float, float]:
    """Mean precision (pages with a prediction), mean recall (all pages), F1 of the two."""
    precisions: list[float] = []
    recalls: list[float] = []
    for predicted, gold in pairs:
        pred, truth = shingles(predicted), shingles(gold)
        shared = sum((pred & truth).values())
        if pred:
            precisions.append(shared / sum(pred.values()))
        recalls.append(shared / sum(truth.values()) if truth else 0.0)
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def normalise_title(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def token_f1(predicted: str | None, gold: str) -> float:
    pred = Counter(_WORD.findall(normalise_title(predicted)))
    truth = Counter(_WORD.findall(normalise_title(gold)))
    shared = sum((pred & truth).values())
    if not shared:
        return 0.0
    precision, recall = shared / sum(pred.values()), shared / sum(truth.values())
    return 2 * precision * recall / (precision + recall)


def same_day(predicted: str | None, gold: str) -> bool:
    return bool(predicted) and str(predicted)[:10] == gold[:10]


# ---------------------------------------------------------------- report


def report(pages: list[Page], results: Results) -> str:
    body = [p for p in pages if p.kind == "body"]
    news = [p for p in pages if p.kind == "date"]
    web = [p for p in pages if p.kind == "headline" and p.gold.get("date")]
    titled = [p for p in pages if p.kind == "headline" and p.gold.get("title")]
    columns = [("ours", "ours"), ("trafilatura", "trafilatura"), ("htmldate", "htmldate")]
    rows: list[tuple[str, list[str]]] = []

    def body_row(label: str, index: int) -> None:
        cells = []
        for system in ("ours", "trafilatura-body"):
            scores = body_scores(
                (results.get(system, p).get("body"), p.gold["articleBody"]) for p in body
            )
            cells.append(f"{scores[index]:.3f}")
        rows.append((f"body {label} ({len(body)} pages; trafilatura fast)", [*cells, ""]))

    for index, label in enumerate(("precision", "recall", "F1")):
        body_row(label, index)
    for label, group in ((f"date news ({len(news)})", news), (f"date web ({len(web)})", web)):
        cells = [
            _share(
                group, lambda p, s=system: same_day(results.get(s, p).get("date"), p.gold["date"])
            )
            for system in ("ours", "trafilatura-meta", "htmldate")
        ]
        rows.append((f"{label} exact day", cells))
    for label, score in (
        (
            "exact",
            lambda p, s: (
                normalise_title(results.get(s, p).get("headline"))
                == normalise_title(p.gold["title"])
            ),
        ),
        ("token F1", lambda p, s: token_f1(results.get(s, p).get("headline"), p.gold["title"])),
    ):
        cells = [
            _share(titled, lambda p, s=system, score=score: score(p, s))
            for system in ("ours", "trafilatura-meta")
        ]
        rows.append((f"headline {label} ({len(titled)})", [*cells, ""]))
    ours_rate = len(pages) / results.seconds["ours"]
    trafilatura_rate = len(pages) / results.seconds["trafilatura-body"]
    rows.append(
        (
            f"pages/s ({len(pages)} pages)",
            [f"{ours_rate:.1f} (all fields)", f"{trafilatura_rate:.1f} (fast, body only)", ""],
        )
    )
    rows.append(
        ("speed ratio ours / trafilatura fast", [f"{ours_rate / trafilatura_rate:.2f}x", "", ""])
    )
    return _table(["metric", *(title for _, title in columns)], rows)


def _share(pages: list[Page], hit: Callable[[Page], float]) -> str:
    return f"{statistics.fmean(float(hit(p)) for p in pages):.3f}" if pages else "-"


def _table(header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    lines = [[header[0], *header[1:]], *([label, *cells] for label, cells in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = [
        " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    rendered.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(rendered)


def print_misses(pages: list[Page], results: Results, field_name: str) -> None:
    """Pages where our value differs from the gold one (for looking at, while developing)."""
    for page in pages:
        ours = results.get("ours", page)
        if field_name == "date" and page.kind in ("date", "headline") and page.gold.get("date"):
            if not same_day(ours.get("date"), page.gold["date"]):
                got = f"{ours.get('date')} [{ours.get('date_source')}] {ours.get('date_raw')!r:.60}"
                peers = _peer_dates(results, page)
                print(f"{page.kind} {page.gold['date']} got {got}{peers} {page.url}")
        elif field_name == "headline" and page.kind == "headline" and page.gold.get("title"):
            if normalise_title(ours.get("headline")) != normalise_title(page.gold["title"]):
                print(f"{page.gold['title']!r}\n   got {ours.get('headline')!r} {page.url}")
        elif field_name == "body" and page.kind == "body":
            p, r, f = body_scores([(ours.get("body"), page.gold["articleBody"])])
            if f < 0.95:
                print(f"P={p:.2f} R={r:.2f} {page.key} {page.url}")


def _peer_dates(results: Results, page: Page) -> str:
    """ "; htmldate 2020-02-21 ok" for each other system that ran: who else gets the day."""
    notes = []
    for system in ("trafilatura-meta", "htmldate"):
        if system in results.outputs:
            value = results.get(system, page).get("date")
            verdict = "ok" if same_day(value, page.gold["date"]) else "miss"
            notes.append(f"{system} {value} {verdict}")
    return f" ({'; '.join(notes)})" if notes else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-bench folder")
    parser.add_argument("--misses", choices=("body", "date", "headline"), help="list our misses")
    parser.add_argument("--ours-only", action="store_true", help="skip the other extractors")
    args = parser.parse_args(argv)
    if not (args.data / "body" / "ground-truth.json").is_file():
        parser.error(f"{args.data}: no article-bench data there (see --data)")
    if not args.ours_only and not _have_peers():
        parser.error("trafilatura is not installed: run `make bench-extraction` (or --ours-only)")
    pages = load_pages(args.data)
    systems: dict[str, Callable[[Page], dict[str, Any]]] = {"ours": run_ours}
    if not args.ours_only:
        systems |= {
            "trafilatura-body": run_trafilatura_body,
            "trafilatura-meta": run_trafilatura_metadata,
            "htmldate": run_htmldate,
        }
    _warm_up(pages[:3], systems)
    results = run_all(pages, systems)
    if args.misses:
        print_misses(pages, results, args.misses)
    if not args.ours_only:
        print(report(pages, results))
        print(LEGEND)
    else:
        print(f"ours: {len(pages) / results.seconds['ours']:.1f} pages/s")
        print(_table(["metric", "ours"], _ours_rows(pages, results)))
    return 0


def _have_peers() -> bool:
    """trafilatura (and htmldate, which it brings) can be imported: the bench extra is in."""
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def _warm_up(pages: list[Page], systems: dict[str, Callable[[Page], dict[str, Any]]]) -> None:
    """One untimed pass over a few pages so lazy imports are not counted as extraction time."""
    run_all(pages, systems)


def _ours_rows(pages: list[Page], results: Results) -> list[tuple[str, list[str]]]:
    body = [p for p in pages if p.kind == "body"]
    p, r, f = body_scores((results.get("ours", x).get("body"), x.gold["articleBody"]) for x in body)
    news = [x for x in pages if x.kind == "date"]
    web = [x for x in pages if x.kind == "headline" and x.gold.get("date")]
    titled = [x for x in pages if x.kind == "headline" and x.gold.get("title")]

    def date_hit(x: Page) -> bool:
        return same_day(results.get("ours", x).get("date"), x.gold["date"])

    def exact(x: Page) -> bool:
        return normalise_title(results.get("ours", x).get("headline")) == normalise_title(
            x.gold["title"]
        )

    return [
        ("body P/R/F1", [f"{p:.3f} / {r:.3f} / {f:.3f}"]),
        ("date news", [_share(news, date_hit)]),
        ("date web", [_share(web, date_hit)]),
        ("headline exact", [_share(titled, exact)]),
        (
            "headline token F1",
            [
                _share(
                    titled,
                    lambda x: token_f1(results.get("ours", x).get("headline"), x.gold["title"]),
                )
            ],
        ),
    ]


if __name__ == "__main__":
    sys.exit(main())
