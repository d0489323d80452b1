"""The quizzes app's part of pages other apps render:

{% load quiz_tags %}
{% quiz_panel roadmap content_version %}  {# the roadmap page's knowledge check: size, best #}
{% review_due %}                          {# the dashboard's "N questions due for review" line #}
{% question_card question field number content_version %}  {# a quiz form's question #}
"""

from functools import partial

from django import template

from roadmap.content_cache import versioned

from ..form_page import KEPT_IN, CardPieces, card_key, render_card
from ..models import Quiz, ReviewCard

register = template.Library()


@register.inclusion_tag("quizzes/includes/roadmap_quiz.html", takes_context=True)
def quiz_panel(context, roadmap, content_version=None):
    """One query on a cache miss, one more for a signed-in learner's best attempt.

    `content_version` is the one the page was read at (`RoadmapPage.content_version`).
    """
    user = context["request"].user
    summary = Quiz.objects.summary_for(roadmap=roadmap, learner=user, version=content_version)
    return {"quiz_summary": summary}


@register.inclusion_tag("quizzes/includes/review_due.html", takes_context=True)
def review_due(context):
    """The learner's questions due today in their time zone, counted by roadmap: one query."""
    user = context["request"].user
    return {"review_due": ReviewCard.objects.due_by_roadmap(user, user.local_today())}


@register.simple_tag
def question_card(question, field, number, version):
    """One question of a quiz or review form (`question` an `AskedQuestion`, `field` its bound
    field, `number` its place in the form), rendered by `quizzes/includes/question_card.html`.

    A form not yet submitted shows nothing of the reader's, so its card is put together from
    pieces kept under the content `version` its page read the questions at (None: keep nothing)
    in the process's store of small pieces, apart from the pages' content: per question, the
    card around its number and its choices, and each choice as it reads at each place
    (`CardPieces`). Any number and any order of the choices is then string work, and a quiz of
    17 questions of 4 choices is 17 entries. A submitted form (answers kept, errors) is rendered
    each time.
    """
    if field.form.is_bound or type(version) is not int:  # a page without its version too
        return render_card(question, field, number)
    build = partial(CardPieces.build, question, field)
    pieces = versioned(card_key(question, version), build, version=version, **KEPT_IN)
    card = pieces.card(question, number) if pieces is not None else None
    return card if card is not None else render_card(question, field, number)
