"""A version number for all content, bumped by every admin save/delete and every content load.

The version lives in the default cache (Redis in production), shared by every process. Content
cached for pages (the prefetched roadmap, rendered sections) puts the version in its key, so an
edit shows at once everywhere. Those copies live in the "content" cache, which is each process's
own memory: a page then costs one round trip to Redis (the version) rather than one per piece.

When Redis cannot be reached the version is unknown (`content_version()` is None): pages are then
built from the database on every request and nothing is kept, so an edit made meanwhile always
shows. The process also forgets its own copies and owes a bump: the first time it reaches Redis
again it bumps the version before reading, because an edit made during the outage could not
bump it and every process's copies of the old version must go. After a failure the process does
not try Redis again for `RETRY_SECONDS`, so an outage costs each request nothing but the rebuild.
"""

import logging
import pickle
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

VERSION_KEY = "content-version"
CONTENT_CACHE = "content"
# Many small pieces (the pieces of a quiz form's question cards, an entry per question) in a
# store of their own, so that filling it never evicts the roadmap pages' content.
PIECES_CACHE = "content-pieces"
CONTENT_TIMEOUT = 24 * 60 * 60  # only bounds how long superseded versions stay in memory
RETRY_SECONDS = 1.0
# What an unreachable cache raises: redis-py's own errors, or the OS's for a refused socket.
CACHE_ERRORS = (RedisError, ConnectionError, TimeoutError, OSError)
_MISSING = object()

logger = logging.getLogger(__name__)


class _State:
    """This process's view of the shared cache: when to try it again, and a bump it owes."""

    retry_at = 0.0
    owes_bump = False


_state = _State()


def reset_state():
    """Forget any outage (tests; a fresh process starts so)."""
    _state.retry_at = 0.0
    _state.owes_bump = False


def reset_breaker():
    """Try the cache again on the next call, still paying a bump owed (tests)."""
    _state.retry_at = 0.0


def _fresh_version():
    # A random start rather than 1: after a cache flush, versions never repeat, so no process
    # can serve a copy it kept from before the flush.
    return secrets.randbits(48)


def cache_failed(error):
    """The shared cache could not be reached: serve uncached for a while, and owe a bump."""
    if not _state.owes_bump:
        logger.warning("Cache unreachable; serving content uncached: %s", error)
    _state.owes_bump = True
    _state.retry_at = time.monotonic() + RETRY_SECONDS
    caches[CONTENT_CACHE].clear()
    caches[PIECES_CACHE].clear()


def _incr():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (a flush, a fresh Redis): any new one will do
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def content_version():
    """The shared content version, or None when the cache cannot be reached."""
    return content_version_with()[0]


def content_version_with(*keys):
    """(the shared content version, [the shared cache's value of each of `keys`, or None]), read
    in one round trip; (None, [None, ...]) when the cache cannot be reached."""
    nothing = (None, [None] * len(keys))
    if time.monotonic() < _state.retry_at:
        return nothing
    try:
        if _state.owes_bump:
            _incr()
            _state.owes_bump = False
        if keys:
            found = cache.get_many([VERSION_KEY, *keys])
            version = found.get(VERSION_KEY)
        else:
            found, version = {}, cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except CACHE_ERRORS as error:
        cache_failed(error)
        return nothing
    return version, [found.get(key) for key in keys]


def bump_content_version():
    """Make every cached copy of content stale; if the cache is away, owe it to the next read."""
    try:
        _incr()
    except CACHE_ERRORS as error:
        cache_failed(error)


def forget_shared(key):
    """Delete `key` from the shared cache; while it is away, owe a content bump instead (every
    page kept from before then goes with the content version)."""
    if time.monotonic() < _state.retry_at:
        _state.owes_bump = True
        return
    try:
        cache.delete(key)
    except CACHE_ERRORS as error:
        cache_failed(error)


def cache_timeout(version):
    """How long a section rendered under `version` may be kept: nothing when it is unknown."""
    return CONTENT_TIMEOUT if version is not None else 0


@dataclass
class Shared:
    """A value the content cache keeps as it is, not pickled: every request of the process reads
    the same object, so it must be read-only (the roadmap page's prefetched content graph)."""

    value: object


class ContentCache(LocMemCache):
    """The "content" alias: each process's memory, like LocMemCache (which pickles every value,
    so each reader gets a copy), except that a `Shared` value is kept as the object itself.
    Unpickling the roadmap page's content graph cost more than the rest of a learner's page."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not isinstance(value, Shared):
            return super().set(key, value, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value if isinstance(value, Shared) else pickle.loads(value)


def versioned(key, build, *, version=_MISSING, shared=False, alias=CONTENT_CACHE):
    """The value cached under `key` (which must contain the content version), built on a miss.

    Values are pickled, so each caller gets its own copy to annotate; with `shared=True` every
    caller of the process gets the same object (`Shared`), which nobody may change.
    A build that finds nothing (None) is not cached: made-up addresses must not fill the cache.
    With `version=None` (the cache is unreachable) the value is built and not kept. `alias` is
    the process's store to keep it in (`PIECES_CACHE` for the many small ones).
    """
    if version is None:
        return build()
    store = caches[alias]
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None:
            store.set(key, Shared(value) if shared else value, CONTENT_TIMEOUT)
    elif isinstance(value, Shared):
        value = value.value
    return value


def versioned_many(keys, build, *, version, alias=CONTENT_CACHE):
    """{name: value} for `keys` ({name: cache key}, each with the content version in it), the
    values shared as `versioned(..., shared=True)` keeps them; `build(names)` returns {name:
    value} for those missing, in one go. Names it finds nothing for are left out. `alias` as
    for `versioned`."""
    if version is None:
        return build(set(keys))
    store = caches[alias]
    found = {}
    for name, key in keys.items():
        value = store.get(key, _MISSING)
        if value is not _MISSING:
            found[name] = value.value if isinstance(value, Shared) else value
    missing = set(keys) - set(found)
    if missing:
        built = build(missing)
        for name, value in built.items():
            if value is not None:
                store.set(keys[name], Shared(value), CONTENT_TIMEOUT)
        found |= built
    return {name: value for name, value in found.items() if value is not None}
