from django.http import Http404, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.middleware.gzip import re_accepts_gzip
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from .content_cache import content_version, versioned
from .minify import collapse_indentation
from .models import Roadmap
from .precompressed import PrecompressedPage

# Stands in for the CSRF token in a page cached for new visitors; each response gets its own.
CSRF_PLACEHOLDER = "csrf-token-of-this-response"
SLUG_MAX_LENGTH = Roadmap._meta.get_field("slug").max_length


@require_safe
def home(request):
    roadmaps = Roadmap.objects.published().for_home()
    return render(request, "roadmap/home.html", {"roadmaps": roadmaps})


@require_safe
def roadmap_detail(request, slug):
    """The roadmap page. A new visitor (signed out, nothing in a session, no messages) sees the
    same page as every other one, so theirs is served whole from the cache, compressed once, with
    a fresh CSRF token; everyone else gets the cached content with their own statuses, progress
    and score."""
    if len(slug) > SLUG_MAX_LENGTH:
        raise Http404("No such roadmap.")  # and no over-long cache key is ever made
    version = content_version() if _is_new_visitor(request) else None
    if version is None:  # a reader with a state of their own, or no shared cache just now
        return _render_page(request, slug)
    key = f"roadmap-html:{version}:{slug}"
    page = versioned(key, lambda: _new_visitor_page(request, slug), version=version, shared=True)
    if page is None:
        raise Http404("No such roadmap.")
    token = get_token(request)
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page.gzip(token))
        response["Content-Encoding"] = "gzip"  # and GZipMiddleware leaves it as it is
    else:
        response = HttpResponse(page.text(token))
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    return response


def _render_page(request, slug, **extra):
    page = Roadmap.objects.cached_page(slug, user=request.user)
    if page is None:
        raise Http404("No such roadmap.")
    # The reader's progress and the quiz panel come from progress's and quizzes' template tags.
    context = {
        "roadmap": page.roadmap,
        "cited": page.cited,  # footnote markers: {% load footnote_tags %} cited|markers_of:item
        "footnotes": page.cited.footnotes,  # the Sources list
        "content_version": page.content_version,  # keys the template's cached sections
        "content_cache_timeout": page.cache_timeout,  # 0 (keep nothing) while Redis is down
    }
    return render(request, "roadmap/detail.html", context | extra)


def _is_new_visitor(request):
    return (
        not request.user.is_authenticated
        and request.session.is_empty()
        and "messages" not in request.COOKIES
    )


def _new_visitor_page(request, slug):
    """The page as every new visitor sees it, ready for each one's CSRF token; None if none."""
    try:
        response = _render_page(request, slug, csrf_token=CSRF_PLACEHOLDER)
    except Http404:
        return None
    return PrecompressedPage.of(
        collapse_indentation(response.content.decode()),
        slot=CSRF_PLACEHOLDER,
        slot_length=CSRF_TOKEN_LENGTH,
    )
