"""Static files as the site sends them: its own CSS and JavaScript minified, then hashed and
compressed (gzip, and Brotli for the browsers that take it) by whitenoise.

Minifying is rcssmin's and rjsmin's (both keep every rule and statement; only whitespace and
comments go): on the roadmap page it takes 4 KB off the 30 KB of compressed CSS and JavaScript.
Only `css/` and `js/` (ours) are minified; vendored files come minified, and the admin's are left
as Django ships them.
"""

import rcssmin
import rjsmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
OURS = ("css/", "js/")


def _minifier(name):
    """The minifier of the static file `name`: ours (`css/`, `js/`) and not minified already."""
    if not name.startswith(OURS) or ".min." in name:
        return None
    return MINIFIERS.get(name[name.rfind(".") :])


def minified(name, text):
    """`text` of the static file `name`, minified when it is our own CSS or JavaScript."""
    minify = _minifier(name)
    return minify(text) if minify else text


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's storage, with our CSS and JavaScript minified as collectstatic copies them
    (before they are hashed, so the hash is of what is sent)."""

    def _save(self, name, content):
        minify = _minifier(name)
        if minify is not None:
            content.seek(0)  # hashing it may have read it to the end
            content = ContentFile(minify(content.read().decode()).encode())
        return super()._save(name, content)
