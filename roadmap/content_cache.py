"""A version number for all content, bumped by every admin save/delete and every content load.

Cached fragments of content pages put the version in their key, so an edit shows at once.
"""

from django.core.cache import cache

VERSION_KEY = "content-version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
