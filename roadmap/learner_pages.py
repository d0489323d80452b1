"""A signed-in learner's pages kept whole until their own data, the content or their date changes.

A learner reads their roadmap page and dashboard far more often than they change anything, and
building either costs tens of milliseconds (their rows, the plan, the template). So the page as
built is kept in the shared cache (Redis) under a key made of

- the page's name (the roadmap page of a slug, the dashboard),
- the learner,
- their local date (plan dates, reviews due and streaks move with it),
- the site's address as the request names it (a certificate's link shows it),

with what it was built for, and it is served only while both are still the present ones:

- the content version (any content edit: `content_cache`),
- the learner's *state*: a random token, forgotten whenever their data changes, so the next
  read makes a new one and builds the page again.

The version, the state and the page are read together: one round trip to Redis for the page.

What changes a learner's data, and so forgets their state:

- every request of theirs that may write (POST, PUT, PATCH, DELETE),
- every save or delete of a row an app registers with `track()` (the admin, commands, tests),
- every service that writes without the model's signals (bulk or raw SQL): it calls
  `learner_changed()` itself.

In a request, `LearnerPagesMiddleware` forgets each learner changed once, when the view is done
and its writes are committed (a mark costs one round trip to Redis, not one per row). Elsewhere,
inside a transaction, the state is forgotten at once and again when it commits: a page built in
between, from the rows before the commit, goes with the second. A page with something for
this request only is never kept: messages waiting, a query string (`?done=`), the CSRF token
(a slot filled per response). When Redis cannot be reached nothing is kept or read; a change
that could not be recorded makes the process owe a content bump (`content_cache`), so no page
kept from before the outage is served after it.
"""

import secrets
from contextvars import ContextVar
from functools import partial

from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import Error as AnyDatabaseError
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .content_cache import CACHE_ERRORS, cache_failed, content_version_with, forget_shared

STATE_KEY = "learner-state:{}"
# How long a built page is kept if nothing changes: it bounds the memory of idle learners'
# pages, not how fresh they are (every change shows at once).
PAGE_TIMEOUT = 60 * 60
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# The learners whose data a request changed, forgotten once when it is done.
_changed_in_request = ContextVar("learners_changed_in_request", default=None)


def learner_changed(learner_id):
    """The learner's data changed: forget their state. In a request, once it is done (its writes
    committed); elsewhere now and, in a transaction, again on commit."""
    changed = _changed_in_request.get()
    if changed is not None:
        changed.add(learner_id)
        return
    _forget(learner_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_forget, learner_id), robust=True)


def _forget(learner_id):
    forget_shared(STATE_KEY.format(learner_id))


def _new_state(key):
    """A learner's state after it was forgotten: a new token, or the one a twin request made."""
    cache.add(key, secrets.token_hex(8), PAGE_TIMEOUT)
    return cache.get(key)


def learner_page(request, name, build):
    """The signed-in learner's page `name` as `build()` made it for their present state, kept
    in the cache; None when this request's page cannot be kept (the caller builds it then).

    The content version, the learner's state and the page kept are read in one round trip: the
    page is kept under the learner, their date and the site's address, with the version and the
    state it was built for, and is served only while both are still the present ones."""
    user = request.user
    if not user.is_authenticated or request.GET or has_messages(request):
        return None
    state_key = STATE_KEY.format(user.pk)
    key = (
        f"learner-page:{name}:{user.pk}:{user.local_today():%Y%m%d}:"
        f"{request.scheme}://{request.get_host()}"  # links to certificates name the site
    )
    version, (token, kept) = content_version_with(state_key, key)
    if version is None:
        return None
    if token is None:
        try:
            token = _new_state(state_key)
        except CACHE_ERRORS as error:
            cache_failed(error)
            return None
        if token is None:  # the cache refuses what it is given (full): build every time
            return None
    elif kept is not None and kept[:2] == (version, token):
        return kept[2]
    page = build()
    if page is None:  # nothing to show (a 404): the caller says so
        return None
    try:
        cache.set(key, (version, token, page), PAGE_TIMEOUT)
    except CACHE_ERRORS as error:
        cache_failed(error)
    return page


def has_messages(request):
    # Django's default message storage keeps them in a cookie, or the session when too long.
    return "messages" in request.COOKIES or "_messages" in request.session


def track(model, learner_id):
    """Forget a learner's state whenever a `model` row of theirs is saved or deleted;
    `learner_id(row)` says whose the row is (None: nobody's, a visitor's)."""

    def changed(sender, instance, **kwargs):
        learner = learner_id(instance)
        if learner is not None:
            learner_changed(learner)

    uid = f"learner_pages.{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def _signed_in(request):
    """Who the session says is signed in (after a log-in, the new learner), without loading the
    user, which a request that did not need them would pay a query for. A request that never
    read its session wrote nothing of a learner's; one whose session the database could not
    load (Postgres going away) has its 503 already."""
    session = getattr(request, "session", None)
    if session is None or not session.accessed:
        return None
    try:
        return session.get(SESSION_KEY)
    except AnyDatabaseError:  # DatabaseError, or InterfaceError: its connection closed
        return None


def tracks_learner(row):
    """For `track()`: the row's `learner_id`."""
    return row.learner_id


class LearnerPagesMiddleware:
    """Once a request is done (its writes committed), forget the state of every learner whose
    data it changed, and of the signed-in learner when it is one that may write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        changed = set()
        token = _changed_in_request.set(changed)
        try:
            response = self.get_response(request)
        finally:
            _changed_in_request.reset(token)
        learner_id = _signed_in(request) if request.method in UNSAFE_METHODS else None
        if learner_id is not None:
            changed.add(str(learner_id))
        for learner_id in {str(learner_id) for learner_id in changed}:
            _forget(learner_id)
        return response
