"""The knowledge check: take a quiz, review an attempt, see one's attempt history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from roadmap.content_cache import content_version
from roadmap.models import Roadmap

from . import drafts, form_page
from . import review as spaced
from .forms import QuizForm, submitted_answers
from .models import Quiz, QuizAttempt, ReviewCard
from .results import attempt_result
from .services import FormOfAnotherQuiz, InvalidAnswers, submit_attempt


@require_http_methods(["GET", "HEAD", "POST"])
def take(request, slug):
    """The quiz form (GET) and its submission (POST). Anyone may take it."""
    version = content_version()  # one for the quiz and its cards (`question_card`)
    quiz = Quiz.objects.cached_for_taking(slug, version=version)
    if quiz is None:
        raise Http404("No such quiz.")
    if not quiz.active_questions:
        raise Http404("This quiz has no questions yet.")
    if request.method == "POST":
        return _submit(request, quiz, version)
    draft = drafts.current_draft(request.session, quiz)
    if draft is None or QuizAttempt.token_taken(draft["token"]):
        draft = drafts.new_draft(request.session, quiz)
    questions = drafts.ordered_questions(quiz, draft["seed"])
    page = form_page.kept_page(
        request, quiz=quiz, questions=questions, token=draft["token"], version=version
    )
    if page is not None:
        return HttpResponse(page)
    form = QuizForm(questions=questions, initial={"token": draft["token"]})
    context = {"quiz": quiz, "form": form, "content_version": version}
    return render(request, "quizzes/take.html", context)


def _submit(request, quiz, version):
    token = drafts.parse_token(request.POST.get("token"))
    if token is None:
        raise BadRequest("This quiz form is not valid. Please reload the quiz.")
    questions = drafts.ordered_questions(quiz, drafts.seed_for(request.session, quiz, token))
    answers, form = _answers(request, questions)
    if answers is not None and not request.session.session_key:
        request.session.save()  # a visitor's attempt is theirs by session
    try:
        # A second submit of the same form gets the first one's attempt (the service decides).
        attempt = submit_attempt(
            quiz=quiz,
            answers=answers,
            token=token,
            learner=request.user,
            session_key=request.session.session_key,
        )
    except FormOfAnotherQuiz as error:
        raise BadRequest(error.MESSAGE) from error
    except InvalidAnswers as error:
        form = _with_errors(request, questions, form, error)
    else:
        return _to_review(request, attempt)
    context = {"quiz": quiz, "form": form, "content_version": version}
    return render(request, "quizzes/take.html", context)


def _answers(request, questions):
    """(answers for `submit_attempt` or None, the form if it had to be built)."""
    answers = submitted_answers(request.POST, questions)
    if answers is not None:  # the service checks them; the form only shows what is wrong
        return answers, None
    form = QuizForm(request.POST, questions=questions)
    return (form.answers() if form.is_valid() else None), form


def _with_errors(request, questions, form, error):
    """The submitted form with its errors: its own, or, when its answers were all valid
    choices, the service's (the quiz changed while answering)."""
    form = form or QuizForm(request.POST, questions=questions)
    if form.is_valid():
        form.add_answer_errors(error.message_dict)
    return form


def _to_review(request, attempt):
    """Remember a visitor's attempt in their session, open a fresh draft, go to the review."""
    if attempt.learner_id is None and attempt.session_key == request.session.session_key:
        drafts.remember_attempt(request.session, attempt)
    draft = drafts.current_draft(request.session, attempt.quiz)
    if draft is None or draft["token"] == str(attempt.token):
        drafts.new_draft(request.session, attempt.quiz)
    return redirect(attempt)


@require_safe
def review(request, token):
    """An attempt's score and, per question, the answers, the explanation and where to revisit."""
    visible = QuizAttempt.objects.visible_to(
        user=request.user, tokens=drafts.remembered_tokens(request.session)
    )
    attempt = get_object_or_404(visible.for_review(), token=token)
    result = attempt_result(
        attempt, learner=request.user, mistakes_only=request.GET.get("show") == "mistakes"
    )
    context = {"attempt": attempt, "quiz": attempt.quiz, "result": result}
    return render(request, "quizzes/review.html", context)


@login_required
@require_safe
def history(request, slug):
    """The learner's attempts at a roadmap's quiz, newest first, the best one marked."""
    # A draft roadmap is a 404 here as on its other pages (staff may preview it).
    roadmaps = Roadmap.objects.visible_to(request.user)
    quiz = get_object_or_404(
        Quiz.objects.select_related("roadmap"), roadmap__in=roadmaps, roadmap__slug=slug
    )
    attempts = (
        QuizAttempt.objects.for_learner(request.user).quizzes().in_history().filter(quiz=quiz)
    )
    best = attempts.best_first().first()
    page = Paginator(attempts, 25).get_page(request.GET.get("page"))
    can_retake = Quiz.objects.published().filter(pk=quiz.pk).exists()
    return render(
        request,
        "quizzes/history.html",
        {"quiz": quiz, "page": page, "best": best, "can_retake": can_retake},
    )


@login_required
@require_safe
def due_reviews(request):
    """The learner's questions due for spaced review today, by roadmap, each with its session."""
    today = request.user.local_today()
    due = ReviewCard.objects.due_by_roadmap(request.user, today)
    coming = ReviewCard.objects.coming(request.user, today)
    context = {
        "due": due,
        "coming": coming,
        "coming_in_days": (coming[0] - today).days if coming else None,
        "max_questions": spaced.MAX_REVIEW_QUESTIONS,
    }
    return render(request, "quizzes/due_reviews.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_quiz(request, slug):
    """A review session of a roadmap's quiz: the learner's due questions (GET), its submit (POST).

    Scored and saved by `submit_attempt` like the quiz, as an attempt of kind "review".
    """
    if request.method == "POST":
        return _submit_review(request, slug)
    session = spaced.start_session(learner=request.user, roadmap_slug=slug)
    ids = session.question_ids if session else ()
    version = content_version()  # before the questions are read: their cards are kept under it
    quiz = get_object_or_404(Quiz.objects.published().for_taking(ids), roadmap__slug=slug)
    if session is None or not quiz.active_questions:
        return render(request, "quizzes/review_quiz.html", {"quiz": quiz, "form": None})
    questions = drafts.ordered_questions(quiz, session.seed)
    form = QuizForm(questions=questions, initial={"token": session.token})
    return _review_page(request, quiz, session, form, version)


def _submit_review(request, slug):
    quiz = get_object_or_404(Quiz.objects.published(), roadmap__slug=slug)
    session = spaced.read_session(request.POST.get("review"), learner=request.user, quiz=quiz)
    if drafts.parse_token(request.POST.get("token")) != session.token:
        raise BadRequest("This review form is not valid. Please open the review again.")
    quiz = Quiz.objects.for_taking(session.question_ids).get(pk=quiz.pk)
    questions = drafts.ordered_questions(quiz, session.seed)
    answers, form = _answers(request, questions)
    try:
        # A second submit of the same form gets the first one's result (the service decides).
        attempt = submit_attempt(
            quiz=quiz,
            answers=answers,
            token=session.token,
            learner=request.user,
            kind=QuizAttempt.Kind.REVIEW,
            question_ids=session.question_ids,
        )
    except FormOfAnotherQuiz as error:
        raise BadRequest(error.MESSAGE) from error
    except InvalidAnswers as error:
        form = _with_errors(request, questions, form, error)
    else:
        return redirect(attempt)
    return _review_page(request, quiz, session, form, version=None)  # answered: nothing kept


def _review_page(request, quiz, session, form, version):
    signed = spaced.sign_session(session, learner=request.user, quiz=quiz)
    context = {"quiz": quiz, "form": form, "review_session": signed, "content_version": version}
    return render(request, "quizzes/review_quiz.html", context)
