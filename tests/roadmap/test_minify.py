"""Indentation out of HTML rendered once and sent many times (`roadmap.minify`)."""

from roadmap.minify import collapse_indentation


def test_leading_whitespace_and_blank_lines_go_and_line_breaks_stay():
    html = "<ul>\n    <li>One</li>\n\n\n        <li>Two words</li>\n  </ul>"
    assert collapse_indentation(html) == "<ul>\n<li>One</li>\n<li>Two words</li>\n</ul>"


def test_whitespace_that_counts_is_kept():
    kept = (
        "<pre>\n    indented code\n</pre>",
        '<textarea name="note">\n  my note\n\n  paragraph</textarea>',
        "<SCRIPT>\n  const a = `\n    template`;\n</SCRIPT>",
    )
    html = "<div>\n    " + "\n    ".join(kept) + "\n</div>"
    assert collapse_indentation(html) == "<div>\n" + "\n".join(kept) + "\n</div>"


def test_the_roadmap_page_reads_the_same_with_less_indentation(client, ml_roadmap):
    from tests.helpers import readable_text

    page = client.get(ml_roadmap.get_absolute_url())  # a new visitor's: built once, cached
    assert "\n    " not in page.content.decode()
    text = readable_text(page)
    assert " ".join(ml_roadmap.intro.split()) in text
    for step in ml_roadmap.steps.filter(is_archived=False):
        assert step.title in text and " ".join(step.summary.split()) in text
