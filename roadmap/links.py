"""Checking resource addresses: does each still answer, at the address we link?

Used by `manage.py check_links`. Each address is asked once (HEAD, then GET where HEAD is not
allowed), without following redirects, so a moved page is reported rather than silently followed.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

USER_AGENT = "RoadmapAtlas-link-check/1.0"
# Answers that mean "this method is not for you", not "this page is gone": retried with GET.
RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True)
class LinkResult:
    """What one address answered: `ok` when it serves a page at that same address."""

    url: str
    ok: bool
    detail: str  # "200 OK", "404 Not Found", "redirects to https://…", "timed out after 10 s"


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises HTTPError with the 3xx status and its Location


_opener = build_opener(_NoRedirects)


def _same_place(url, location):
    """A redirect that only adds a trailing slash or upgrades to https stays in the same place."""
    a, b = urlsplit(url), urlsplit(location)
    same_scheme = a.scheme == b.scheme or (a.scheme, b.scheme) == ("http", "https")
    return (
        same_scheme
        and a.netloc.lower() == b.netloc.lower()
        and a.path.rstrip("/") == b.path.rstrip("/")
        and a.query == b.query
    )


def _ask(url, method, timeout):
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    with _opener.open(request, timeout=timeout) as response:
        return response.status, response.reason


def check_url(url, *, timeout=10.0) -> LinkResult:
    """Ask `url` once (HEAD, or GET when HEAD is refused) and say what it answered."""
    for method in ("HEAD", "GET"):
        try:
            status, reason = _ask(url, method, timeout)
            return LinkResult(url, 200 <= status < 300, f"{status} {reason}")
        except HTTPError as error:
            if 300 <= error.code < 400:
                location = urljoin(url, error.headers.get("Location", ""))
                if location and _same_place(url, location):
                    return LinkResult(url, True, f"{error.code}, same page at {location}")
                return LinkResult(url, False, f"{error.code}, redirects to {location or '?'}")
            if method == "HEAD" and error.code in RETRY_WITH_GET:
                continue
            return LinkResult(url, False, f"{error.code} {error.reason}")
        except TimeoutError:
            return LinkResult(url, False, f"timed out after {timeout:g} s")
        except URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                return LinkResult(url, False, f"timed out after {timeout:g} s")
            return LinkResult(url, False, f"unreachable ({reason})")
        except (HTTPException, OSError, ValueError) as error:
            return LinkResult(url, False, f"failed ({error.__class__.__name__}: {error})")
    raise AssertionError("unreachable")  # pragma: no cover - the GET attempt always returns


def check_urls(urls, *, timeout=10.0, workers=8) -> dict[str, LinkResult]:
    """Check each distinct address once, `workers` at a time; {url: LinkResult}."""
    distinct = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = pool.map(lambda url: check_url(url, timeout=timeout), distinct)
        return dict(zip(distinct, results, strict=True))
