from functools import partial

from django.http import Http404, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.middleware.gzip import re_accepts_gzip
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from .content_cache import content_version, versioned
from .learner_pages import learner_page
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
    a fresh CSRF token; a signed-in learner's page is kept the same way until their data changes
    (`learner_pages`); anyone else gets the cached content with their own statuses and score."""
    if len(slug) > SLUG_MAX_LENGTH:
        raise Http404("No such roadmap.")  # and no over-long cache key is ever made
    build = partial(_shareable_page, request, slug)
    if _is_new_visitor(request):
        page = _new_visitor_page(slug, build)
    else:
        page = learner_page(request, f"roadmap:{slug}", build)
    if page is None:  # not one to keep, or no shared cache just now
        return _render_page(request, slug)
    return precompressed_response(request, page)


def _new_visitor_page(slug, build):
    version = content_version()
    if version is None:
        return None
    return versioned(f"roadmap-html:{version}:{slug}", build, version=version, shared=True)


def precompressed_response(request, page):
    """The response of a PrecompressedPage with this request's CSRF token in it: gzip as
    stored, or the text for a client that does not take gzip."""
    token = get_token(request)
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page.gzip(token))
        response["Content-Encoding"] = "gzip"  # and the compression middleware leaves it so
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


def _shareable_page(request, slug):
    """The page as this reader sees it, ready for each response's CSRF token (Http404 if none,
    which leaves nothing cached)."""
    response = _render_page(request, slug, csrf_token=CSRF_PLACEHOLDER)
    return PrecompressedPage.of(
        collapse_indentation(response.content.decode()),
        slot=CSRF_PLACEHOLDER,
        slot_length=CSRF_TOKEN_LENGTH,
    )
