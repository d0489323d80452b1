"""{% load footnote_tags %} `cited|markers_of:item`: the footnote markers to show after `item`.

`cited` is the page's `sources.footnotes.PageFootnotes`; an item that cites nothing has none.
"""

from django import template

register = template.Library()


@register.filter
def markers_of(cited, item):
    return cited.markers_of(item) if cited else []
