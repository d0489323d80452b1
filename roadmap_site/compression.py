"""Responses compressed with Zstandard for browsers that ask for it, with gzip for the others.

Django's GZipMiddleware compressed a learner's roadmap page (some 370 KB of HTML) at gzip level 6
in about 5 ms, a third of the page's cost; zstd at level 3 makes it smaller in a tenth of that
(docs/benchmarks.md). Chrome, Edge and Firefox list `zstd` in Accept-Encoding; Safari and older
browsers get gzip, from Django's middleware, as before. Like Django's gzip, which pads its
header, each zstd response begins with a skippable frame of 0-100 random bytes, so that its
length does not measure the page alone (BREACH); CSRF tokens are masked per response besides.

django-compression-middleware does the same with zstd at level 7 (several times slower here), no
padding, and no release since 2023, so this small subclass of Django's own is kept instead.
"""

import secrets
import struct
import threading

import zstandard
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

ZSTD_LEVEL = 3
SKIPPABLE_FRAME = 0x184D2A50  # RFC 8878, 3.1.2: a frame every decoder skips
MIN_LENGTH = 200  # as Django's: shorter responses are not worth compressing

_local = threading.local()


def accepts_zstd(accept_encoding):
    """Whether an Accept-Encoding header lists zstd (and not with q=0)."""
    for item in accept_encoding[:500].split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() == "zstd":
            quality = params.strip().removeprefix("q=").strip()
            return quality not in {"0", "0.0", "0.00", "0.000"}
    return False


def zstd_compress(content):
    """`content` as a zstd stream: a random-length skippable frame, then the compressed frame."""
    compressor = getattr(_local, "compressor", None)
    if compressor is None:  # one per thread: a compressor is not safe to share between threads
        compressor = _local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    padding = secrets.token_bytes(secrets.randbelow(101))
    return (
        struct.pack("<II", SKIPPABLE_FRAME, len(padding)) + padding + compressor.compress(content)
    )


class CompressionMiddleware(GZipMiddleware):
    """zstd when the browser accepts it, else Django's gzip (streaming responses: always)."""

    def process_response(self, request, response):
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or len(response.content) < MIN_LENGTH
            or not accepts_zstd(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = zstd_compress(response.content)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # as Django's gzip does (RFC 9110, 8.8.1)
        response.headers["Content-Encoding"] = "zstd"
        return response
