"""Indentation out of HTML rendered once and sent many times (cached fragments, cached pages).

The templates are indented for their readers; on the roadmap page that indentation was a sixth
of the HTML (some 70 KB for a learner), which every response then copied and compressed. A run of
whitespace that begins a line becomes the line break alone: the same text to a browser, since
HTML collapses whitespace, except inside `<pre>`, `<textarea>` and `<script>`, which are left
as they are.
"""

import re

KEPT = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.IGNORECASE | re.DOTALL)
INDENTATION = re.compile(r"\n\s+")


def collapse_indentation(html):
    """`html` with each line's leading whitespace (and blank lines) removed, outside the
    elements whose whitespace counts."""
    parts = KEPT.split(html)
    # split() gives text, then (element, tag name) for each kept element, then text, ...
    out = []
    for number, part in enumerate(parts):
        kind = number % 3
        if kind == 0:
            out.append(INDENTATION.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
