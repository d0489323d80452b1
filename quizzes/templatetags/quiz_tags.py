"""The quizzes app's part of pages other apps render:

{% load quiz_tags %}
{% quiz_panel roadmap content_version %}  {# the roadmap page's knowledge check: size, best #}
{% review_due %}                          {# the dashboard's "N questions due for review" line #}
{% question_card question field %}        {# one question of the quiz form, in its card #}
"""

from django import template
from django.template.loader import render_to_string

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
def question_card(context, question, field):
    """One question of a quiz or review form (`question` an `AskedQuestion`, `field` its bound
    field), rendered by `quizzes/includes/question_card.html`.

    A form not yet submitted shows nothing of the reader's: the card is the same for everyone
    who gets the question at that number with its choices in that order, so it is kept under
    the content version (read once per page) in the process's store of small pieces, apart from
    the pages' content, and the form page is string work. A submitted form (answers kept,
    errors) is rendered each time.
    """

    def render():
        context = {"question": question, "field": field}
        return render_to_string("quizzes/includes/question_card.html", context)

    if field.form.is_bound:
        return render()
    state = context.render_context
    if "quiz_content_version" not in state:
        state["quiz_content_version"] = content_version()
    version = state["quiz_content_version"]
    order = ".".join(str(choice.pk) for choice in question.choices)
    number = field.label.partition(".")[0]  # "3. What is ...": the rest is the question's text
    key = f"quiz-question:{version}:{field.auto_id}:{number}:{order}"
    return versioned(key, render, version=version, shared=True, alias=PIECES_CACHE)
