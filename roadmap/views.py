from django.shortcuts import get_object_or_404, render

from progress.queries import roadmap_progress
from quizzes.models import Quiz

from .models import Roadmap


def home(request):
    roadmaps = Roadmap.objects.published().for_home()
    return render(request, "roadmap/home.html", {"roadmaps": roadmaps})


def roadmap_detail(request, slug):
    roadmap = get_object_or_404(Roadmap.objects.visible_to(request.user).for_page(), slug=slug)
    context = {
        "roadmap": roadmap,
        "footnotes": roadmap.number_citations(),
        "roadmap_progress": roadmap_progress(request, roadmap),
        "quiz_summary": Quiz.objects.summary_for(roadmap=roadmap, learner=request.user),
    }
    return render(request, "roadmap/detail.html", context)
