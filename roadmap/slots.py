"""HTML rendered once with marks where each request's values go, filled with string work.

A page or fragment that is the same for every reader but for a few values (a CSRF token, a
status, a name) is rendered once per content version with `slot("name", arg, ...)` wherever a
reader's value goes, split once at the marks (`Fragment.of`), and filled per request
(`Fragment.fill`). The roadmap page's steps (`progress.fragments`), a learner's kept pages
(`learner_pages`) and the quiz form page (`quizzes.form_page`) are built so.
"""

from dataclasses import dataclass

from django.utils.safestring import mark_safe

from .minify import collapse_indentation

# Around a slot's name and arguments in a rendered fragment. NUL never occurs in content
# (Postgres text cannot hold it, and the site refuses it in input).
SLOT = "\x00"


def slot(name, *args):
    """The mark a fragment carries for a value filled per request."""
    return mark_safe(SLOT + ":".join([name, *map(str, args)]) + SLOT)


@dataclass(frozen=True)
class Fragment:
    """A rendered fragment split once at its slots: `parts` alternate text and (name, *args)."""

    parts: tuple

    @classmethod
    def of(cls, html):
        parts = collapse_indentation(html).split(SLOT)
        parts[1::2] = [tuple(key.split(":")) for key in parts[1::2]]
        return cls(tuple(parts))

    def fill(self, value):
        """The fragment with each slot replaced by `value(name, *args)`."""
        parts = list(self.parts)
        parts[1::2] = [value(*key) for key in parts[1::2]]
        return "".join(parts)
