"""The quizzes app's part of pages other apps render:

{% load quiz_tags %}
{% quiz_panel roadmap content_version %}  {# the roadmap page's knowledge check: size, best #}
{% review_due %}                          {# the dashboard's "N questions due for review" line #}
{% question_card question field number content_version %}  {# a quiz form's question #}
"""

from dataclasses import dataclass
from functools import partial

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from roadmap.content_cache import PIECES_CACHE, versioned

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
        return _render_card(question, field, number)
    key = f"quiz-card:{version}:{field.auto_id}"
    build = partial(CardPieces.build, question, field)
    pieces = versioned(key, build, version=version, shared=True, alias=PIECES_CACHE)
    if pieces is None:
        return _render_card(question, field, number)
    options = pieces.options
    try:
        chosen = [options[index, choice.pk] for index, choice in enumerate(question.choices)]
    except KeyError:  # a choice the kept pieces do not have: cannot happen within a version
        return _render_card(question, field, number)
    return mark_safe(
        f"{pieces.before_number}{number}{pieces.before_options}{''.join(chosen)}"
        f"{pieces.after_options}"
    )


def _render_card(question, field, number, options=None):
    context = {"question": question, "field": field, "number": number, "options": options}
    return render_to_string("quizzes/includes/question_card.html", context)


_SLOT = "\x00"  # never in a card's text: form fields refuse NUL characters


@dataclass(frozen=True)
class CardPieces:
    """A question's card as `question_card` puts it together: the markup before its number,
    between the number and the choices, after the choices, and each choice's markup at each
    place {(place, choice id): html}, all as `question_card.html` renders them."""

    before_number: str
    before_options: str
    after_options: str
    options: dict

    @classmethod
    def build(cls, question, field):
        """The pieces of an unanswered `field`, or None (not kept) if the card's slots cannot be
        told apart."""
        parts = _render_card(question, field, _SLOT, options=_SLOT).split(_SLOT)
        if len(parts) != 3:
            return None
        widget = field.field.widget
        context = {"field": field, "input_type": widget.input_type}
        options = {}
        for index in range(len(question.choices)):
            for choice in question.choices:
                option = widget.create_option(
                    field.html_name,
                    str(choice.pk),
                    choice.text,
                    False,
                    index,
                    attrs={"id": field.auto_id},
                )
                options[index, choice.pk] = render_to_string(
                    "quizzes/includes/choice_option.html", context | {"option": option}
                )
        return cls(*parts, options=options)
