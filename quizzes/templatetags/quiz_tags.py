"""The quizzes app's part of pages other apps render:

{% load quiz_tags %}
{% quiz_panel roadmap content_version %}  {# the roadmap page's knowledge check: size, best #}
{% review_due %}                          {# the dashboard's "N questions due for review" line #}
{% question_card question field number %} {# one question of the quiz form, in its card #}
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from roadmap.content_cache import PIECES_CACHE, content_version, versioned

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


@register.simple_tag(takes_context=True)
def question_card(context, question, field, number):
    """One question of a quiz or review form (`question` an `AskedQuestion`, `field` its bound
    field, `number` its place in the form), rendered by `quizzes/includes/question_card.html`.

    A form not yet submitted shows nothing of the reader's: the card is the same for everyone
    who gets the question with its choices in that order, whatever its number, so it is kept
    under the content version (read once per page) in the process's store of small pieces,
    apart from the pages' content, as the two strings around the number. A quiz of 17 questions
    of 4 choices then has 17 × 24 cards to keep, not 17 times that for every place each can
    take. A submitted form (answers kept, errors) is rendered each time.
    """

    def render(number):
        context = {"question": question, "field": field, "number": number}
        return render_to_string("quizzes/includes/question_card.html", context)

    if field.form.is_bound:
        return render(number)
    state = context.render_context
    if "quiz_content_version" not in state:
        state["quiz_content_version"] = content_version()
    version = state["quiz_content_version"]
    order = ".".join(str(choice.pk) for choice in question.choices)
    key = f"quiz-card:{version}:{field.auto_id}:{order}"
    around = versioned(
        key, lambda: _around_number(render), version=version, shared=True, alias=PIECES_CACHE
    )
    if around is None:
        return render(number)
    before, after = around
    return mark_safe(f"{before}{number}{after}")


_NUMBER = "\x00"  # never in a card's text: form fields refuse NUL characters


def _around_number(render):
    """(the card before its number, after it), or None (not kept) if the number's place cannot
    be told apart."""
    parts = render(_NUMBER).split(_NUMBER)
    return tuple(parts) if len(parts) == 2 else None
