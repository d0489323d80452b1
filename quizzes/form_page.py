"""The quiz form page, kept as pieces per content version and put together for each request.

A quiz form not yet answered shows nothing of its reader's but the order of its questions and
choices (the draft's seed), the draft's token, the CSRF token and, signed in, the name in the
header. So it is built from pieces kept in the process's memory under the content version:

- each question's card (`CardPieces`): the markup around its number and its choices, and each
  choice as it reads at each place, so any number and any order is string work (a quiz of 17
  questions of 4 choices is 17 entries, in the store of small pieces);
- the page around the cards (`kept_page`), once per quiz and kind of reader (signed in or not),
  rendered by the same templates with a slot (`roadmap.slots`) for each of those values.

A page with anything of its request's own (messages waiting, a submitted form with its answers
and errors) is rendered whole, as is every page while the content version is unknown.
"""

from dataclasses import dataclass
from functools import partial

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from roadmap.content_cache import PIECES_CACHE, versioned, versioned_many
from roadmap.learner_pages import has_messages
from roadmap.slots import SLOT, Fragment, slot

from .forms import QuizForm

# Where cards' pieces are kept: as objects, in the store of many small pieces.
KEPT_IN = {"shared": True, "alias": PIECES_CACHE}


def kept_page(request, *, quiz, questions, token, version):
    """The quiz page of an unanswered form asking `questions` (`AskedQuestion`s, in the
    form's order) under the draft's `token`, as `quizzes/take.html` renders it (but for
    indentation); None when it must be rendered: a question's pieces not kept yet (rendering
    keeps them), messages waiting, or the content `version` unknown."""
    if type(version) is not int or has_messages(request):
        return None
    cards = kept_cards(questions, version)
    if cards is None:
        return None
    user = request.user
    signed_in = user.is_authenticated
    key = f"quiz-page:{version}:{quiz.pk}:{int(signed_in)}:{request.path}"
    build = partial(_page_frame, request, quiz, questions, version, signed_in)
    frame = versioned(key, build, version=version, shared=True)
    values = {
        "csrf": escape(get_token(request)),
        "username": escape(user.get_username()) if signed_in else "",
        "token": escape(str(token)),
        "cards": cards,
    }
    return frame.fill(values.__getitem__)


@dataclass(frozen=True)
class _KeptReader:
    """The reader as the kept page's templates see them: signed in or not, their name a slot.
    (A template reading anything else of the user shows up in the tests comparing kept pages
    with rendered ones.)"""

    is_authenticated: bool

    @property
    def is_anonymous(self):
        return not self.is_authenticated

    def get_username(self):
        return slot("username")


def _page_frame(request, quiz, questions, version, signed_in):
    form = QuizForm(questions=questions, initial={"token": slot("token")})
    context = {
        "quiz": quiz,
        "form": form,
        "content_version": version,
        "question_cards": slot("cards"),
        "csrf_token": slot("csrf"),
        "user": _KeptReader(is_authenticated=signed_in),
    }
    return Fragment.of(render_to_string("quizzes/take.html", context, request))


def card_key(question, version):
    """The key of a question's `CardPieces` under a content `version` (as the form's field id)."""
    return f"quiz-card:{version}:id_{QuizForm.field_name(question)}"


def kept_cards(questions, version):
    """The cards of an unanswered form asking `questions` (`AskedQuestion`s, in order), as one
    string of safe HTML from the kept pieces; None when a question's pieces are not kept yet
    (the form is rendered then, which keeps them)."""
    keys = {question.pk: card_key(question, version) for question in questions}
    kept = versioned_many(keys, _nothing_built, version=version, alias=PIECES_CACHE)
    cards = []
    for number, question in enumerate(questions, 1):
        pieces = kept.get(question.pk)
        card = pieces.card(question, number) if pieces is not None else None
        if card is None:
            return None
        cards.append(card)
    return mark_safe("".join(cards))


def _nothing_built(missing):
    return {}


def render_card(question, field, number, options=None):
    context = {"question": question, "field": field, "number": number, "options": options}
    return render_to_string("quizzes/includes/question_card.html", context)


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
        parts = render_card(question, field, SLOT, options=SLOT).split(SLOT)
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

    def card(self, question, number):
        """The card of `question` (an `AskedQuestion`) at `number`, its choices in its order;
        None if a choice is not among the pieces (cannot happen within a version)."""
        try:
            chosen = [self.options[place, c.pk] for place, c in enumerate(question.choices)]
        except KeyError:
            return None
        return mark_safe(
            f"{self.before_number}{number}{self.before_options}{''.join(chosen)}"
            f"{self.after_options}"
        )
