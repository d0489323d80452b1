"""Bootstrap's stylesheet with only the rules whose classes the site can use.

The full `bootstrap.min.css` is 230 KB (31 KB compressed), about a third of what the roadmap
page sends; the site uses a fraction of its classes. `scripts/purge_css` writes
`static/vendor/bootstrap/bootstrap.purged.min.css`, which the pages link:

- Every word that could name a class is collected from the sources that write HTML: the
  templates (the site's, and those of crispy-bootstrap5's that render its forms), the scripts under
  `static/js` and the string literals of the apps' Python (classes built in code, such as the
  status buttons'; docstrings and comments are left out). A word just before a template or
  f-string placeholder (`btn-{{ variant }}`, `f"btn-outline-{v}"`) keeps every class it begins.
- A rule stays when each class one of its selectors requires is among those words; its other
  selectors go. Classes inside parentheses (`:not(.btn-check)`, `:is(...)`) are not required.
  Rules without classes (elements, `:root`, `[data-bs-theme=dark]`), at-rules' contents alike,
  `@font-face` and `@keyframes` stay whole.

Collecting every word, not only what sits in `class="..."`, errs on keeping: a class named by a
word of the content stays too. `tests/site/test_css_purge.py` checks that the committed file is
what this writes from the current sources, and that every Bootstrap class the main pages render
is in it; `tests/e2e/test_purged_css.py` that every element of the main pages gets the same
computed style from it as from the full file.
"""

import ast
import re
import sys
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "static/vendor/bootstrap/bootstrap.min.css"
PURGED = ROOT / "static/vendor/bootstrap/bootstrap.purged.min.css"
APPS = ("accounts", "sources", "roadmap", "quizzes", "progress", "certificates", "roadmap_site")

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# A word cut short by a placeholder: "btn-{{ x }}", "btn-{% if %}", f"text-bg-{kind}", `col-${n}`.
PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9_-]*-)(?:\{|\$\{)")
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
CUSTOM_PROPERTY = re.compile(r"--[A-Za-z][A-Za-z0-9_-]*")


# The crispy-bootstrap5 templates the site's forms can render: the `|crispy` filter's and the
# `{% crispy %}` tag's, with their fields, errors and help texts. The site uses no FormHelper
# layout (accordions, modals, tabs, prepended text...), whose templates name classes no page
# has; tests/site/test_css_purge.py fails if one appears, so that this list grows with it.
CRISPY_TEMPLATES = (
    "uni_form.html",
    "whole_uni_form.html",
    "uni_formset.html",
    "whole_uni_formset.html",
    "display_form.html",
    "errors.html",
    "errors_formset.html",
    "field.html",
    "inputs.html",
    "layout/attrs.html",
    "layout/baseinput.html",
    "layout/field_errors.html",
    "layout/field_errors_block.html",
    "layout/field_file.html",
    "layout/help_text.html",
    "layout/help_text_and_errors.html",
    "layout/radio_checkbox_select.html",
)


def source_files():
    """The files whose text may name a class of the site's pages."""
    import crispy_bootstrap5

    files = sorted((ROOT / "templates").rglob("*.html"))
    crispy = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5"
    files += [crispy / name for name in CRISPY_TEMPLATES]
    files += sorted((ROOT / "static/js").rglob("*.js"))
    for app in APPS:
        files += sorted(
            path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts
        )
    return files


def python_strings(source):
    """The string literals of Python `source`, docstrings left out; an f-string's literal parts
    joined with "{" where its placeholders are, as PREFIX expects."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    strings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            strings.append(
                "".join(v.value if isinstance(v, ast.Constant) else "{" for v in node.values)
            )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            strings.append(node.value)
    return "\n".join(strings)


def source_texts():
    """The text of each source file, a Python module's string literals only."""
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        yield python_strings(text) if path.suffix == ".py" else text


def used_words(texts):
    """(every word, every prefix a placeholder continues) in `texts`."""
    words, prefixes = set(), set()
    for text in texts:
        words.update(WORD.findall(text))
        prefixes.update(PREFIX.findall(text))
    return words, prefixes


def _is_used(name, words, prefixes):
    return name in words or any(name.startswith(prefix) for prefix in prefixes)


def _required_classes(selector):
    """The classes an element must have for `selector` to match: those outside parentheses
    (a class under `:not()` need not exist, one of `:is()`'s may be missing)."""
    outside, depth = [], 0
    for char in selector:
        depth += char == "("
        if depth == 0:
            outside.append(char)
        depth -= char == ")"
    return CLASS.findall("".join(outside))


def _kept_selectors(prelude, words, prefixes):
    """The selectors of a rule's prelude whose required classes are all used (every selector
    that requires none)."""
    selectors = [s.strip() for s in _split_top_level(tinycss2.serialize(prelude))]
    return [
        selector
        for selector in selectors
        if all(_is_used(name, words, prefixes) for name in _required_classes(selector))
    ]


def _split_top_level(selector_list):
    """Split at commas outside brackets and parentheses (`:is(.a, .b)` stays one selector)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selector_list):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector_list[start:index])
            start = index + 1
    parts.append(selector_list[start:])
    return parts


def _rewritten(rules, qualified):
    """The rules as text, each qualified rule as `qualified(rule)` writes it (None or "": it
    goes), at-rules' contents alike (an at-rule left empty goes; `@font-face`, `@keyframes` and
    at-rules without a block stay whole)."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            text = qualified(rule)
            if text:
                out.append(text)
        elif rule.type == "at-rule":
            if rule.content is None or rule.lower_at_keyword in {"font-face", "keyframes"}:
                out.append(tinycss2.serialize([rule]))
                continue
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = _rewritten(inner, qualified)
            if body:
                prelude = tinycss2.serialize(rule.prelude).strip()
                out.append(f"@{rule.at_keyword} {prelude}{{{''.join(body)}}}")
    return out


def _purge_rules(rules, words, prefixes):
    def selected(rule):
        kept = _kept_selectors(rule.prelude, words, prefixes)
        return (
            ",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}" if kept else None
        )

    return _rewritten(rules, selected)


def purge(css, words, prefixes=frozenset()):
    """`css` with only the rules (and selectors) whose classes are in `words` or begin with
    one of `prefixes`."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    header = [tinycss2.serialize([rule]) for rule in rules[:1] if rule.type == "comment"]
    rules = [rule for rule in rules if rule.type != "comment"]
    return "".join(header + _purge_rules(rules, words, prefixes)) + "\n"


def _declarations(rule):
    return [
        d
        for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True)
        if d.type == "declaration"
    ]


def _custom_properties(rules, dropped, used):
    """The stylesheet's rules as text, without the custom properties in `dropped`; adds to
    `used` every custom property the kept declarations read (`var(--x)`)."""

    def without_dropped(rule):
        kept = [d for d in _declarations(rule) if d.name not in dropped]
        for declaration in kept:
            used.update(VAR.findall(tinycss2.serialize(declaration.value)))
        body = ";".join(
            f"{d.name}:{tinycss2.serialize(d.value).strip()}"
            + ("!important" if d.important else "")
            for d in kept
        )
        return tinycss2.serialize(rule.prelude).strip() + "{" + body + "}" if body else None

    return _rewritten(rules, without_dropped)


def drop_unused_custom_properties(css, texts):
    """`css` without the declarations of custom properties (`--bs-gray-900: ...`) that nothing
    reads: no `var()` in the kept declarations, nor a mention in `texts` (our stylesheets,
    templates and scripts, which may read or set them). Repeated until nothing more goes, as a
    property dropped may have been the only reader of another."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    header = [tinycss2.serialize([rule]) for rule in rules[:1] if rule.type == "comment"]
    rules = [rule for rule in rules if rule.type != "comment"]
    mentioned = set()
    for text in texts:
        mentioned.update(CUSTOM_PROPERTY.findall(text))
    declared = set(CUSTOM_PROPERTY.findall(css))
    dropped = set()
    while True:
        used = set(mentioned)
        body = _custom_properties(rules, dropped, used)
        unused = declared - used - dropped
        if not unused:
            return "".join(header + body) + "\n"
        dropped |= unused


def purged_bootstrap():
    """What `scripts/purge_css` writes, from the current sources."""
    texts = list(source_texts())
    words, prefixes = used_words(texts)
    purged = purge(FULL.read_text(encoding="utf-8"), words, prefixes)
    ours = [
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "static/css").glob("*.css"))
    ]
    return drop_unused_custom_properties(purged, [*texts, *ours])


def main():
    text = purged_bootstrap()
    PURGED.write_text(text, encoding="utf-8")
    print(f"wrote {PURGED.relative_to(ROOT)}: {len(text):,} bytes (from {FULL.stat().st_size:,})")


if __name__ == "__main__":
    sys.exit(main())
