from django.http import Http404
from django.shortcuts import render

from progress.queries import roadmap_progress
from quizzes.models import Quiz, QuizAttempt

from .content_cache import versioned
from .models import Roadmap


def home(request):
    roadmaps = Roadmap.objects.published().for_home()
    return render(request, "roadmap/home.html", {"roadmaps": roadmaps})


def roadmap_detail(request, slug):
    page = Roadmap.objects.cached_page(slug, user=request.user)
    if page is None:
        raise Http404("No such roadmap.")
    roadmap, footnotes = page
    context = {
        "roadmap": roadmap,
        "footnotes": footnotes,
        "roadmap_progress": roadmap_progress(request, roadmap),
        "quiz_summary": _quiz_summary(roadmap, request.user),
    }
    return render(request, "roadmap/detail.html", context)


def _quiz_summary(roadmap, user):
    """The knowledge-check panel: the quiz cached with the page's content, the best score fresh."""

    def load():
        summary = Quiz.objects.summary_for(roadmap=roadmap)
        if summary is not None:
            summary.quiz.roadmap = None  # kept without the roadmap: the page has it already
        return summary

    summary = versioned(f"roadmap-quiz:{roadmap.content_version}:{roadmap.pk}", load)
    if summary is not None:
        summary.quiz.roadmap = roadmap
        if user.is_authenticated:
            summary.best = QuizAttempt.objects.for_learner(user).best_for(summary.quiz)
    return summary
