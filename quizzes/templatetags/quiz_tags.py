"""The quizzes app's part of pages other apps render:

{% load quiz_tags %}
{% quiz_panel roadmap content_version %}  {# the roadmap page's knowledge check: size, best #}
{% review_due %}                          {# the dashboard's "N questions due for review" line #}
"""

from django import template

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
