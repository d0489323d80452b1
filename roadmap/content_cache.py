"""A version number for all content, bumped by every admin save/delete and every content load.

The version lives in the default cache (Redis in production), shared by every process. Content
cached for pages (the prefetched roadmap, rendered sections) puts the version in its key, so an
edit shows at once everywhere. Those copies live in the "content" cache, which is each process's
own memory: a page then costs one round trip to Redis (the version) rather than one per piece.
"""

import secrets

from django.core.cache import cache, caches

VERSION_KEY = "content-version"
CONTENT_CACHE = "content"
CONTENT_TIMEOUT = 24 * 60 * 60  # only bounds how long superseded versions stay in memory
_MISSING = object()


def _fresh_version():
    # A random start rather than 1: after a cache flush, versions never repeat, so no process
    # can serve a copy it kept from before the flush.
    return secrets.randbits(48)


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def versioned(key, build):
    """The value cached under `key` (which must contain the content version), built on a miss.

    Values are pickled, so each caller gets its own copy to annotate (per-learner statuses).
    A build that finds nothing (None) is not cached: made-up addresses must not fill the cache.
    """
    store = caches[CONTENT_CACHE]
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None:
            store.set(key, value, CONTENT_TIMEOUT)
    return value
