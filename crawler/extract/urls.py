"""URL normalisation shared by the listing and article extractors.

Two links point at the same article when their normalised forms are equal: the fragment,
tracking parameters, default ports and the case of scheme and host do not matter. The rest of
the query string is kept byte for byte, in its order, because sites route on it (``?page=2``,
``?id=123``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

__all__ = ["normalize_url", "same_domain", "same_site", "TRACKING_PARAMS"]

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "at_medium",
        "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Browsers drop ASCII tab and newline anywhere in a URL and trim C0 controls and spaces.
STRIPPED_CHARS = re.compile(r"[\t\n\r]")
PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
QUERY_SAFE = PATH_SAFE + "?"


def browser_slashes(href: str) -> str:
    """``href`` with the backslashes of its authority and path made slashes, as browsers
    read an http(s) URL (the WHATWG URL parser treats a backslash as a path separator in
    special schemes): a site exported on Windows ('..\\post\\index.html') works in a
    browser, so its links must work here. The query and fragment keep theirs."""
    if "\\" not in href:
        return href
    end = len(href)
    for mark in ("?", "#"):
        found = href.find(mark)
        if 0 <= found < end:
            end = found
    return href[:end].replace("\\", "/") + href[end:]


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Resolve against base, drop the fragment and tracking parameters (utm_*, fbclid, gclid,
    mc_cid, mc_eid, ref, ...); keep the rest of the query string and its order; lowercase scheme
    and host; drop default ports. None for non-http(s) (mailto:, javascript:, tel:, data:) or
    unparseable."""
    if not isinstance(url, str) or not (base is None or isinstance(base, str)):
        return None
    return _normalize(url, base)


@lru_cache(maxsize=16384)
def _normalize(url: str, base: str | None) -> str | None:
    cleaned = STRIPPED_CHARS.sub("", url).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c")
    cleaned = browser_slashes(cleaned)
    try:
        absolute = urljoin(base, cleaned) if base else cleaned
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            return None
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if not host or any(ch in host for ch in " <>\"'\\^`{|}"):
        return None
    netloc = _netloc(parts.username, parts.password, host, port, scheme)
    path = _escape(parts.path, PATH_SAFE) or "/"
    query = _strip_tracking(_escape(parts.query, QUERY_SAFE))
    return urlunsplit((scheme, netloc, path, query, ""))


def same_site(url: str, other: str) -> bool:
    """Same host (ignoring a leading "www.") and port.

    Ports are compared after dropping the scheme's default port, so ``http://x.org/`` and
    ``https://x.org/`` are the same site while ``http://x.org:8080/`` is another.
    """
    first, second = _site_key(url), _site_key(other)
    return first is not None and first == second


def same_domain(url: str, other: str) -> bool:
    """Same registrable domain (``news.example.co.uk`` and ``www.example.co.uk``), any port;
    an IP address only matches itself."""
    first, second = _domain_key(url), _domain_key(other)
    return first is not None and first == second


@lru_cache(maxsize=4096)
def _domain_key(url: str) -> str | None:
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    labels = host.split(".")
    if labels[-1].isdigit() or ":" in host or len(labels) <= 2:
        return host
    # a two-letter country code under a short second level (co.uk, com.au, or.jp) keeps three
    keep = 3 if len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


@lru_cache(maxsize=4096)
def _site_key(url: str) -> tuple[str, int | None] | None:
    normalized = normalize_url(url)
    if normalized is None:
        return None
    parts = urlsplit(normalized)
    host = parts.hostname or ""
    if host.startswith("www."):
        host = host[len("www.") :]
    return host, parts.port


def _netloc(
    username: str | None, password: str | None, host: str, port: int | None, scheme: str
) -> str:
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host.lower()
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if username is not None:
        userinfo = username if password is None else f"{username}:{password}"
        netloc = f"{userinfo}@{netloc}"
    return netloc


def _escape(component: str, safe: str) -> str:
    """Percent-encode what a browser would (spaces, non-ASCII), upper-case existing escapes."""
    escaped = quote(component, safe=safe, encoding="utf-8", errors="surrogatepass")
    return PERCENT_ESCAPE.sub(lambda match: match.group(0).upper(), escaped)


def _is_tracking(name: str) -> bool:
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _strip_tracking(query: str) -> str:
    if not query:
        return ""
    kept = [pair for pair in query.split("&") if pair and not _is_tracking(pair.split("=", 1)[0])]
    return "&".join(kept)
